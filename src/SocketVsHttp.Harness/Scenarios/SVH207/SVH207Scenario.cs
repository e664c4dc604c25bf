using System;
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
public sealed class SVH207Scenario : IScenario
{
    public const string Intended = "bytes the caller asked to send";
    public const string Received = "bytes the server received";
    public const string Lost = "bytes lost without an error";
    public const string ReturnedNormally = "Send returned normally";

    public const int PayloadSize = 8 * 1024 * 1024;

    private const int ServerReadSize = 64 * 1024;
    private static readonly TimeSpan ServerStartDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ServerReadGap = TimeSpan.FromMilliseconds(1);

    public string RuleId => "SVH207";

    public string Title => "Socket.Send result ignored on a non-blocking socket";

    public string Measures => $"a non-blocking socket sends {PayloadSize / (1024 * 1024)} MB to a slow reader: bytes the server received vs the payload, bytes lost without an error";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Socket, Action<byte[]>>>(socket => new Bad.PayloadSender(socket).Send, socket => new Fixed.PayloadSender(socket).Send);
        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

        var badLost = bad.Outcome.Completed ? PayloadSize - bad.Received : 0;
        var fixedLost = fixedRun.Outcome.Completed ? PayloadSize - fixedRun.Received : 0;
        var confirmed = bad.Outcome.Completed && badLost > 0 && fixedRun.Outcome.Completed && fixedRun.Received == PayloadSize;
        var verdict = confirmed
            ? $"the ignored count hid a partial send: Send returned normally and the server received {bad.Received} of {PayloadSize} bytes; the loop delivered all {fixedRun.Received}"
            : $"expected bad to lose bytes silently and fixed to deliver all; bad {bad.Outcome.Describe()} with {bad.Received} bytes received, fixed {fixedRun.Outcome.Describe()} with {fixedRun.Received}";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Intended, PayloadSize, PayloadSize, "bytes"),
                new MetricRow(Received, bad.Received, fixedRun.Received, "bytes"),
                new MetricRow(Lost, badLost, fixedLost, "bytes"),
                new MetricRow(ReturnedNormally, bad.Outcome.Completed ? 1 : 0, fixedRun.Outcome.Completed ? 1 : 0, "1 = yes"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static async Task<Measurement> MeasureAsync(Func<Socket, Action<byte[]>> sender, ScenarioSettings settings, CancellationToken ct)
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

    private sealed record Measurement(long Received, VariantOutcome Outcome);
}
