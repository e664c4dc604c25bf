using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH101;

/// <summary>N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a client per call vs one shared client.</summary>
public sealed class SVH101Scenario : IScenario
{
    public const string Connections = "TCP connections accepted";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed requests";

    /// <summary>Lets the last closed connection reach TIME_WAIT before counting.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    public string RuleId => "SVH101";

    public string Title => "HttpClient is created per operation";

    public string Measures => "N sequential GETs: TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(Bad.StatusClient.GetStatusAsync, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(Fixed.StatusClient.GetStatusAsync, warmUp, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(Bad.StatusClient.GetStatusAsync, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(Fixed.StatusClient.GetStatusAsync, settings, ct).ConfigureAwait(false);

        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Failures == 0 && fixedRun.Failures == 0
            && bad.Connections == n && fixedRun.Connections == 1
            && bad.TimeWait > fixedRun.TimeWait;
        var verdict = confirmed
            ? $"a client per call opened {bad.Connections} connections for {n} requests and left {bad.TimeWait} sockets in TIME_WAIT; the shared client used {fixedRun.Connections} connection and left {fixedRun.TimeWait}"
            : $"expected {n} vs 1 connections and more TIME_WAIT for bad; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.TimeWait} vs {fixedRun.TimeWait} TIME_WAIT";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Connections, bad.Connections, fixedRun.Connections, "count"),
                new MetricRow(TimeWait, bad.TimeWait, fixedRun.TimeWait, "count"),
                new MetricRow(Failures, bad.Failures, fixedRun.Failures, "count"),
                new MetricRow(Elapsed, Math.Round(bad.Outcome.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Outcome.Elapsed.TotalMilliseconds, 1), "ms"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            Confirmed = confirmed,
        };
    }

    private static async Task<Measurement> MeasureAsync(Func<Uri, Task<string>> getStatus, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("ok"), ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "status");
        var timeWaitBefore = TcpStates.CountTimeWaitToward(server.Port);
        var failures = 0;

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    var body = await getStatus(uri).ConfigureAwait(false);
                    if (body != "ok")
                    {
                        failures++;
                    }
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        await Task.Delay(SettleDelay, ct).ConfigureAwait(false);
        var timeWait = Math.Max(0, TcpStates.CountTimeWaitToward(server.Port) - timeWaitBefore);
        return new Measurement(server.AcceptedConnections, timeWait, failures, outcome);
    }

    private sealed record Measurement(int Connections, int TimeWait, int Failures, VariantOutcome Outcome);
}
