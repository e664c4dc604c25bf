using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH202;

/// <summary>
/// The server sends fixed-size 64-byte messages, each in 8-byte pieces a moment apart (as a slow or congested link
/// delivers them). The reader reads one message per call and the harness checks each against what was sent.
/// </summary>
public sealed class SVH202Scenario : Scenario<Func<NetworkStream, string>, SVH202Scenario.Measurement>
{
    public const string Messages = "messages read";
    public const string Valid = "messages read intact";
    public const string Broken = "messages read broken";
    public const string Elapsed = "elapsed";

    /// <summary>At most this many messages per variant (fewer when --requests is lower).</summary>
    public const int MaxMessages = 20;

    public const int PieceSize = 8;

    private static readonly TimeSpan PieceGap = TimeSpan.FromMilliseconds(2);

    public override string RuleId => "SVH202";

    public override string Title => "Received byte count is discarded";

    public override string Measures => $"server sends {Bad.MessageReader.MessageSize}-byte messages in {PieceSize}-byte pieces: messages the reader returns intact vs broken, elapsed time";

    protected override Func<NetworkStream, string> BadCode => Bad.MessageReader.ReadMessage;

    protected override Func<NetworkStream, string> FixedCode => Fixed.MessageReader.ReadMessage;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Messages, "count", m => m.Read),
        new(Valid, "count", m => m.Valid),
        new(Broken, "count", m => m.Broken),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    /// <summary>Messages per run: the requests asked for, at most <see cref="MaxMessages"/>.</summary>
    public static int Count(ScenarioSettings settings) => Math.Clamp(settings.Requests, 1, MaxMessages);

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var count = Count(settings);
        var confirmed = fixedRun.Outcome.Completed && fixedRun.Valid == count && fixedRun.Broken == 0 && bad.Broken > 0;
        return ScenarioVerdict.From(
            confirmed,
            $"reading once per {Bad.MessageReader.MessageSize}-byte message returned {bad.Broken} of {bad.Read} messages broken (a read returns what has arrived, here {PieceSize} bytes); ReadExactly returned all {fixedRun.Valid} intact",
            $"expected bad to return broken messages and fixed none; bad {bad.Outcome.Describe()} with {bad.Broken} broken, fixed {fixedRun.Outcome.Describe()} with {fixedRun.Valid} of {count} intact");
    }

    /// <summary>Message <paramref name="index"/>: its number, padded to the message size.</summary>
    public static string Message(int index) => $"message {index:000} ".PadRight(Bad.MessageReader.MessageSize, '.');

    protected override async Task<Measurement> MeasureAsync(Func<NetworkStream, string> readMessage, ScenarioSettings settings, CancellationToken ct)
    {
        var count = Count(settings);
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            connection.NoDelay = true;
            var stream = connection.GetStream();
            for (var i = 1; i <= count; i++)
            {
                var bytes = Encoding.ASCII.GetBytes(Message(i));
                for (var offset = 0; offset < bytes.Length; offset += PieceSize)
                {
                    await stream.WriteAsync(bytes.AsMemory(offset, PieceSize), token).ConfigureAwait(false);
                    await Task.Delay(PieceGap, token).ConfigureAwait(false);
                }
            }
        });

        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);
        using var stream = client.GetStream();

        var read = 0;
        var valid = 0;
        var outcome = await Bounded.RunBlockingAsync(
            _ =>
            {
                for (var i = 1; i <= count; i++)
                {
                    var message = readMessage(stream);
                    read++;
                    if (message == Message(i))
                    {
                        valid++;
                    }
                }
            },
            settings.Bound,
            client.Close,
            ct).ConfigureAwait(false);
        return new Measurement(read, valid, read - valid, outcome);
    }

    public sealed record Measurement(int Read, int Valid, int Broken, VariantOutcome Outcome) : IVariantRun;
}
