using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH110;

/// <summary>N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a <c>WebClient</c> per call vs the fix's shared <c>HttpClient</c>.</summary>
public sealed class SVH110Scenario : IScenario
{
    public const string Connections = "TCP connections accepted";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed requests";


    public string RuleId => "SVH110";

    public string Title => "Legacy WebClient / WebRequest in new code";

    public string Measures => "N sequential GETs, a WebClient per call vs the shared HttpClient: TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(Bad.StatusClient.GetStatusAsync, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(Fixed.StatusClient.GetStatusAsync, warmUp, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(Bad.StatusClient.GetStatusAsync, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(Fixed.StatusClient.GetStatusAsync, settings, ct).ConfigureAwait(false);

        // On .NET 5+ a WebClient with default settings does not open a connection per request: HttpWebRequest reuses
        // one cached HttpClient while no credentials, proxy, certificate callback, cookies or client certificates are
        // set. So what is checked is that the fix's shared client uses one connection and the WebClient no fewer, with
        // no failures; the connection counts and times are reported as measured (times are only indicative).
        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Failures == 0 && fixedRun.Failures == 0
            && fixedRun.Connections == 1 && bad.Connections >= fixedRun.Connections;
        var connections = bad.Connections == fixedRun.Connections
            ? $"both used {bad.Connections} connection (on .NET 5+ HttpWebRequest reuses a cached HttpClient while WebClient keeps default settings; that cache is skipped once credentials, a proxy, cookies or a certificate callback are set, and each request then gets an HttpClient of its own)"
            : $"WebClient opened {bad.Connections} connections and left {bad.TimeWait} sockets in TIME_WAIT, the shared HttpClient {fixedRun.Connections} and {fixedRun.TimeWait}";
        var verdict = confirmed
            ? $"{n} requests took {bad.Outcome.Elapsed.TotalMilliseconds:0} ms through a WebClient per call and {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms through the shared HttpClient; {connections}"
            : $"expected the shared HttpClient to use 1 connection and WebClient no fewer, without failures; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.Outcome.Elapsed.TotalMilliseconds:0} vs {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms, failures {bad.Failures} vs {fixedRun.Failures}";

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

    private static Task<ConnectionMeasurement> MeasureAsync(Func<Uri, Task<string>> getStatus, ScenarioSettings settings, CancellationToken ct) =>
        SequentialRequests.MeasureAsync(
            context => context.Response.WriteAsync("ok"),
            "status",
            async uri => await getStatus(uri).ConfigureAwait(false) == "ok",
            settings,
            ct);
}
