using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH206;

/// <summary>
/// N one-line messages through <c>LineSender.Send</c> to a server that reads lines until the client closes: a connection
/// per message vs one kept connection. Counts what the server accepted and received and the client's TIME_WAIT sockets.
/// </summary>
public sealed class SVH206Scenario : IScenario
{
    public const string Connections = "TCP connections accepted";
    public const string Received = "messages received";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Elapsed = "elapsed";

    /// <summary>Lets the last closed connection reach TIME_WAIT before counting.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait for the server to read the last message after the sender is done.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    public string RuleId => "SVH206";

    public string Title => "A TCP connection is opened per message";

    public string Measures => "N one-line messages: TCP connections the server accepted, messages it received, client sockets left in TIME_WAIT, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        var warmUp = settings with { Requests = 1 };
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<IPEndPoint, Sender>>(
            endPoint =>
            {
                var sender = new Bad.LineSender(endPoint);
                return new Sender(sender, sender.Send);
            },
            endPoint =>
            {
                var sender = new Fixed.LineSender(endPoint);
                return new Sender(sender, sender.Send);
            });

        await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Received == n && fixedRun.Received == n
            && bad.Connections == n && fixedRun.Connections == 1
            && bad.TimeWait > fixedRun.TimeWait;
        var verdict = confirmed
            ? $"a connection per message opened {bad.Connections} connections for {n} messages and left {bad.TimeWait} sockets in TIME_WAIT; the kept connection carried all {fixedRun.Received} messages over {fixedRun.Connections} connection and left {fixedRun.TimeWait}"
            : $"expected {n} vs 1 connections, all messages received and more TIME_WAIT for bad; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.Received} vs {fixedRun.Received} received, {bad.TimeWait} vs {fixedRun.TimeWait} TIME_WAIT";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Connections, bad.Connections, fixedRun.Connections, "count"),
                new MetricRow(Received, bad.Received, fixedRun.Received, "count"),
                new MetricRow(TimeWait, bad.TimeWait, fixedRun.TimeWait, "count"),
                new MetricRow(Elapsed, Math.Round(bad.Outcome.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Outcome.Elapsed.TotalMilliseconds, 1), "ms"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static async Task<Measurement> MeasureAsync(
        Func<IPEndPoint, Sender> createSender,
        ScenarioSettings settings,
        CancellationToken ct)
    {
        var received = 0;
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            using var reader = new StreamReader(connection.GetStream());
            while (await reader.ReadLineAsync(token).ConfigureAwait(false) is not null)
            {
                Interlocked.Increment(ref received);
            }
        });
        var timeWaitBefore = TcpStates.CountTimeWaitToward(server.Port);

        var outcome = await Bounded.RunBlockingAsync(
            token =>
            {
                var sender = createSender(server.EndPoint);
                using var owner = sender.Owner;
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    sender.Send($"message {i}");
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        // The server reads on its own schedule: wait (bounded) until it has every message.
        var drain = Stopwatch.StartNew();
        while (Volatile.Read(ref received) < settings.Requests && drain.Elapsed < DrainTimeout)
        {
            await Task.Delay(10, ct).ConfigureAwait(false);
        }

        await Task.Delay(SettleDelay, ct).ConfigureAwait(false);
        var timeWait = Math.Max(0, TcpStates.CountTimeWaitToward(server.Port) - timeWaitBefore);
        return new Measurement(server.AcceptedConnections, Volatile.Read(ref received), timeWait, outcome);
    }

    /// <summary>One variant's <c>LineSender</c>: the object to dispose at the end and its <c>Send</c>.</summary>
    private sealed record Sender(IDisposable Owner, Action<string> Send);

    private sealed record Measurement(int Connections, int Received, int TimeWait, VariantOutcome Outcome);
}
