using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH110;

/// <summary>
/// N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a <c>WebClient</c> per call vs the fix's shared
/// <c>HttpClient</c>. CONFIRMED only when the WebClient opened a connection per request and the shared client one;
/// NOT SHOWN HERE when both used the same number (.NET 5+ caches one client for a default WebClient).
/// </summary>
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
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Uri, Task<string>>>(Bad.StatusClient.GetStatusAsync, Fixed.StatusClient.GetStatusAsync);
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

        // The rule's claim about connections: a WebClient per call opens a connection per request, the shared HttpClient
        // reuses one. On .NET 5+ a WebClient with default settings does not: HttpWebRequest reuses one cached HttpClient
        // while no credentials, proxy, certificate callback, cookies or client certificates are set (then each request gets
        // an HttpClient of its own). When both columns used the same number of connections, this Bad.cs on this runtime
        // cannot show the claim: NOT SHOWN HERE, with the measured counts; elapsed times are never evidence.
        var n = settings.Requests;
        var ran = bad.Outcome.Completed && fixedRun.Outcome.Completed && bad.Failures == 0 && fixedRun.Failures == 0;
        var kind = !ran
            ? VerdictKind.NotConfirmed
            : bad.Connections == n && n > 1 && fixedRun.Connections == 1 && bad.TimeWait > fixedRun.TimeWait
                ? VerdictKind.Confirmed
                : bad.Connections == fixedRun.Connections
                    ? VerdictKind.NotShownHere
                    : VerdictKind.NotConfirmed;
        var measured = $"{bad.Connections} vs {fixedRun.Connections} connections for {n} requests, {bad.TimeWait} vs {fixedRun.TimeWait} sockets in TIME_WAIT, failures {bad.Failures} vs {fixedRun.Failures}";
        var verdict = kind switch
        {
            VerdictKind.Confirmed => $"a WebClient per call opened {bad.Connections} connections for {n} requests and left {bad.TimeWait} sockets in TIME_WAIT; the shared HttpClient used {fixedRun.Connections} and left {fixedRun.TimeWait}",
            VerdictKind.NotShownHere => $"on .NET {Environment.Version.Major} a WebClient with default settings reuses one cached HttpClient, so a connection per request cannot be shown with this Bad.cs: measured {measured} (a WebClient with credentials, a proxy, cookies or a certificate callback would get an HttpClient of its own per request)",
            _ => $"expected {n} vs 1 connections (or the same count on a runtime that caches the client), no failures; measured {measured} ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})",
        };

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
            VerdictKind = kind,
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
