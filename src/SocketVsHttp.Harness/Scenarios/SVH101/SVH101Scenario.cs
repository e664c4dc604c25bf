using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH101;

/// <summary>N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a client per call vs one shared client.</summary>
public sealed class SVH101Scenario : IScenario
{
    public const string Connections = "TCP connections accepted";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed requests";


    public string RuleId => "SVH101";

    public string Title => "HttpClient is created per operation";

    public string Measures => "N sequential GETs: TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Uri, Task<string>>>(Bad.StatusClient.GetStatusAsync, Fixed.StatusClient.GetStatusAsync);
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

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
            Series = new[]
            {
                new TimeSeries(Connections, "count", bad.ConnectionsOverTime, fixedRun.ConnectionsOverTime),
                new TimeSeries(TimeWait, "count", bad.TimeWaitOverTime, fixedRun.TimeWaitOverTime),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static Task<ConnectionMeasurement> MeasureAsync(Func<Uri, Task<string>> getStatus, ScenarioSettings settings, CancellationToken ct) =>
        SequentialRequests.MeasureAsync(
            context => context.Response.WriteAsync("ok"),
            "status",
            async uri => await getStatus(uri).ConfigureAwait(false) == "ok",
            settings,
            ct);
}
