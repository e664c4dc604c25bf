using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH102;

/// <summary>
/// N sequential redirect look-ups through <c>RedirectResolver.GetLocationAsync</c>: a configured handler (and its
/// client) per call vs the handler hoisted with its client into one static field (the SVH102 fix).
/// </summary>
public sealed class SVH102Scenario : IScenario
{
    public const string Connections = "TCP connections accepted";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed look-ups";

    /// <summary>Where the server's 302 points; the resolver must return it without following it.</summary>
    public const string TargetPath = "/target";


    public string RuleId => "SVH102";

    public string Title => "HttpMessageHandler is created per operation";

    public string Measures => "N sequential redirect look-ups (handler with AllowAutoRedirect = false): TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Uri, Task<Uri?>>>(Bad.RedirectResolver.GetLocationAsync, Fixed.RedirectResolver.GetLocationAsync);
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
            ? $"a handler per call opened {bad.Connections} connections for {n} look-ups and left {bad.TimeWait} sockets in TIME_WAIT; the hoisted handler used {fixedRun.Connections} connection and left {fixedRun.TimeWait}"
            : $"expected {n} vs 1 connections and more TIME_WAIT for bad; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.TimeWait} vs {fixedRun.TimeWait} TIME_WAIT, {bad.Failures} vs {fixedRun.Failures} failures ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})";

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

    /// <summary>Every request is answered with a redirect; the handler must not follow it.</summary>
    private static Task<ConnectionMeasurement> MeasureAsync(Func<Uri, Task<Uri?>> getLocation, ScenarioSettings settings, CancellationToken ct) =>
        SequentialRequests.MeasureAsync(
            context =>
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = TargetPath;
                return Task.CompletedTask;
            },
            "old",
            async uri => (await getLocation(uri).ConfigureAwait(false))?.OriginalString == TargetPath,
            settings,
            ct);
}
