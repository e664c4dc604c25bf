using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH207;

/// <summary>
/// A non-blocking socket sends one large payload to a server that starts reading late and then reads slowly. The
/// server counts what arrives until the client shuts down its side; the harness compares that with the payload.
/// </summary>
public sealed class SVH207Scenario : Scenario<Func<Socket, Action<byte[]>>, SVH207Scenario.Measurement>
{
    public const string Intended = "bytes the caller asked to send";
    public const string Received = "bytes the server received";
    public const string Lost = "bytes lost without an error";
    public const string ReturnedNormally = "Send returned normally";

    public const int PayloadSize = 8 * 1024 * 1024;

    private const int ServerReadSize = 64 * 1024;
    private static readonly TimeSpan ServerStartDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ServerReadGap = TimeSpan.FromMilliseconds(1);

    public override string RuleId => "SVH207";

    public override string Title => "Socket.Send result ignored on a non-blocking socket";

    public override string Measures => $"a non-blocking socket sends {PayloadSize / (1024 * 1024)} MB to a slow reader: bytes the server received vs the payload, bytes lost without an error";

    protected override Func<Socket, Action<byte[]>> BadCode => socket => new Bad.PayloadSender(socket).Send;

    protected override Func<Socket, Action<byte[]>> FixedCode => socket => new Fixed.PayloadSender(socket).Send;

    /// <summary>No warm-up: nothing is timed, and one more 8 MB run per column would only cost time.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Intended, "bytes", _ => PayloadSize),
        new(Received, "bytes", m => m.Received),
        new(Lost, "bytes", m => m.Lost),
        new(ReturnedNormally, "1 = yes", m => Yes(m.Outcome.Completed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = bad.Outcome.Completed && bad.Lost > 0 && fixedRun.Outcome.Completed && fixedRun.Received == PayloadSize;
        return ScenarioVerdict.From(
            confirmed,
            $"the ignored count hid a partial send: Send returned normally and the server received {bad.Received} of {PayloadSize} bytes; the loop delivered all {fixedRun.Received}",
            $"expected bad to lose bytes silently and fixed to deliver all; bad {bad.Outcome.Describe()} with {bad.Received} bytes received, fixed {fixedRun.Outcome.Describe()} with {fixedRun.Received}");
    }

    protected override async Task<Measurement> MeasureAsync(Func<Socket, Action<byte[]>> sender, ScenarioSettings settings, CancellationToken ct)
    {
        var received = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            var stream = connection.GetStream();
            var buffer = new byte[ServerReadSize];
            long total = 0;
            try
            {
                await Task.Delay(ServerStartDelay, token).ConfigureAwait(false);
                int n;
                while ((n = await stream.ReadAsync(buffer, token).ConfigureAwait(false)) > 0)
                {
                    total += n;
                    await Task.Delay(ServerReadGap, token).ConfigureAwait(false);
                }
            }
            finally
            {
                received.TrySetResult(total);
            }
        });

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);
        var payload = new byte[PayloadSize];
        var send = sender(socket);

        var outcome = await Bounded.RunBlockingAsync(_ => send(payload), settings.Bound, socket.Close, ct).ConfigureAwait(false);
        if (outcome.Completed)
        {
            // Everything the kernel accepted still reaches the server; then it sees the end of the stream.
            socket.Shutdown(SocketShutdown.Send);
        }
        else
        {
            socket.Close();
        }

        var finished = await Task.WhenAny(received.Task, Task.Delay(settings.Bound, ct)).ConfigureAwait(false) == received.Task;
        return new Measurement(finished ? received.Task.Result : -1, outcome);
    }

    /// <param name="Received">Bytes the server received; -1 when it did not see the end of the stream within the bound.</param>
    public sealed record Measurement(long Received, VariantOutcome Outcome) : IVariantRun
    {
        /// <summary>Bytes lost without an error: what a Send that returned normally did not deliver.</summary>
        public long Lost => Outcome.Completed ? PayloadSize - Received : 0;
    }
}
