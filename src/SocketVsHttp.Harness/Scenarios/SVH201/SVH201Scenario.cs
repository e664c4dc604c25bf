using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH201;

/// <summary>
/// The server sends three short messages and closes. The reader's callback counts what the loop hands it
/// and stops a loop that keeps delivering empty reads (the bound).
/// </summary>
public sealed class SVH201Scenario : Scenario<Action<NetworkStream, Action<byte[], int>>, SVH201Scenario.Measurement>
{
    public const string Messages = "messages received";
    public const string Bytes = "bytes received";
    public const string EmptyReads = "empty (0-byte) reads delivered";
    public const string ExitedByItself = "loop exited by itself";
    public const string Elapsed = "elapsed";

    /// <summary>Empty reads the callback tolerates before it stops the loop.</summary>
    public const int EmptyReadCap = 1000;

    public const int MessageCount = 3;

    private static readonly TimeSpan MessageGap = TimeSpan.FromMilliseconds(20);

    public override string RuleId => "SVH201";

    public override string Title => "Receive loop ignores the peer's close";

    public override string Measures => $"server sends {MessageCount} messages then closes: messages and empty reads the loop delivers, whether it exits by itself, elapsed time";

    protected override Action<NetworkStream, Action<byte[], int>> BadCode => Bad.MessageReader.ReadAll;

    protected override Action<NetworkStream, Action<byte[], int>> FixedCode => Fixed.MessageReader.ReadAll;

    protected override WarmUp WarmUp => WarmUp.FullRun;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Messages, "count", m => m.Messages),
        new(Bytes, "bytes", m => m.Bytes),
        new(EmptyReads, "count", m => m.EmptyReads),
        new(ExitedByItself, "1 = yes", m => Yes(m.Outcome.Completed)),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var expectedBytes = ExpectedBytes();
        var confirmed = fixedRun.Outcome.Completed && fixedRun.EmptyReads == 0 && fixedRun.Bytes == expectedBytes
            && bad.Outcome.HitBound && bad.EmptyReads > 0 && bad.Bytes == expectedBytes;
        return ScenarioVerdict.From(
            confirmed,
            $"after the peer closed, the bad loop delivered {bad.EmptyReads} empty reads in {bad.Outcome.Elapsed.TotalMilliseconds:0} ms until the harness stopped it; the fixed loop exited by itself after {fixedRun.Messages} messages",
            $"expected bad to spin on empty reads and fixed to exit; bad {bad.Outcome.Describe()} with {bad.EmptyReads} empty reads, fixed {fixedRun.Outcome.Describe()} with {fixedRun.EmptyReads}");
    }

    /// <summary>The bytes the server sends: every message, once.</summary>
    public static int ExpectedBytes()
    {
        var total = 0;
        for (var i = 1; i <= MessageCount; i++)
        {
            total += Encoding.ASCII.GetByteCount(Message(i));
        }

        return total;
    }

    private static string Message(int index) => $"message {index}\n";

    protected override async Task<Measurement> MeasureAsync(Action<NetworkStream, Action<byte[], int>> readAll, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            connection.NoDelay = true;
            var stream = connection.GetStream();
            for (var i = 1; i <= MessageCount; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(Message(i)), token).ConfigureAwait(false);
                await Task.Delay(MessageGap, token).ConfigureAwait(false);
            }

            // Returning closes the connection: the client's next read returns 0.
        });

        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);
        using var stream = client.GetStream();

        var messages = 0;
        var bytes = 0;
        var emptyReads = 0;
        var stopwatch = Stopwatch.StartNew();
        void OnData(byte[] buffer, int count)
        {
            if (count > 0)
            {
                messages++;
                bytes += count;
                return;
            }

            emptyReads++;
            if (emptyReads >= EmptyReadCap)
            {
                throw new BoundReachedException($"{EmptyReadCap} empty reads");
            }

            if (stopwatch.Elapsed > settings.Bound)
            {
                throw new BoundReachedException($"{settings.Bound.TotalMilliseconds:0} ms");
            }
        }

        // A read that blocks past the bound is released by closing the connection.
        var outcome = await Bounded.RunBlockingAsync(_ => readAll(stream, OnData), settings.Bound, client.Close, ct).ConfigureAwait(false);
        return new Measurement(messages, bytes, emptyReads, outcome);
    }

    public sealed record Measurement(int Messages, int Bytes, int EmptyReads, VariantOutcome Outcome) : IVariantRun;
}
