using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH112;

/// <summary>
/// <c>ReportClient</c> sets <c>ServicePointManager.DefaultConnectionLimit = 2</c> and a ServicePointManager certificate
/// callback that trusts the report server's own certificate, then builds its HttpClient; the fix moves both onto the
/// client's SocketsHttpHandler (<c>MaxConnectionsPerServer = 2</c>, <c>SslOptions.RemoteCertificateValidationCallback</c>).
/// Part 1: N concurrent GETs to a loopback server that holds each request for <see cref="Hold"/>: TCP connections it
/// accepted and requests it held at once. Part 2: sequential GETs to a loopback HTTPS server whose certificate is
/// self-signed for <see cref="Bad.ReportCertificate.Subject"/>: how often the callback ran, requests accepted, requests
/// refused because the certificate was rejected. The ServicePointManager values are put back after the bad variant
/// (they are process-wide, and HttpWebRequest in other scenarios reads them).
/// </summary>
public sealed class SVH112Scenario : Scenario<bool, SVH112Scenario.Measurement>
{
    public const string Connections = "TCP connections accepted (concurrent GETs)";
    public const string HeldAtOnce = "requests the server held at once";
    public const string ConcurrentFailures = "failed concurrent GETs";
    public const string Elapsed = "elapsed (concurrent GETs)";
    public const string CallbackCalls = "certificate callback calls";
    public const string HttpsAccepted = "HTTPS GETs answered";
    public const string HttpsRefused = "HTTPS GETs refused: certificate rejected";

    /// <summary>The connection limit both variants' code asks for.</summary>
    public const int Limit = 2;

    /// <summary>At most this many concurrent GETs (the 20), fewer when the settings ask for fewer requests.</summary>
    public const int MaxConcurrent = 20;

    /// <summary>At most this many sequential HTTPS GETs.</summary>
    public const int MaxHttps = 5;

    /// <summary>How long the server holds each request: long enough for all concurrent requests to overlap.</summary>
    public static readonly TimeSpan Hold = TimeSpan.FromMilliseconds(100);

    public override string RuleId => "SVH112";

    public override string Title => "ServicePointManager setting has no effect on HttpClient";

    public override string Measures => $"with DefaultConnectionLimit = {Limit} vs MaxConnectionsPerServer = {Limit}: up to {MaxConcurrent} concurrent GETs to a server holding each {Hold.TotalMilliseconds:0} ms (connections accepted, requests held at once); with the certificate callback on ServicePointManager vs on SslOptions: up to {MaxHttps} HTTPS GETs to a server with its own self-signed certificate (callback calls, answered, refused)";

    public static int ConcurrentRequests(ScenarioSettings settings) => Math.Min(settings.Requests, MaxConcurrent);

    public static int HttpsRequests(ScenarioSettings settings) => Math.Min(settings.Requests, MaxHttps);

    /// <summary>
    /// True: the column runs Bad.cs. Each column runs the code the plan gives it (Bad.cs / Fixed.cs as written; swapped or
    /// Fixed.cs twice when the verdict is tested); what Bad.cs writes to ServicePointManager is put back after every run.
    /// </summary>
    protected override bool BadCode => true;

    protected override bool FixedCode => false;

    /// <summary>No warm-up: the verdict rests on counts (connections, requests held at once, callback calls), not on elapsed time.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Connections, "count", m => m.Connections),
        new(HeldAtOnce, "count", m => m.HeldAtOnce),
        new(ConcurrentFailures, "count", m => m.Failures),
        new(Elapsed, "ms", m => Ms(m.Elapsed)),
        new(CallbackCalls, "count", m => m.Checks),
        new(HttpsAccepted, "count", m => m.Accepted),
        new(HttpsRefused, "count", m => m.Refused),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = ConcurrentRequests(settings);
        var m = HttpsRequests(settings);
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Failures == 0 && fixedRun.Failures == 0
            && n > Limit && bad.Connections > Limit && bad.HeldAtOnce > Limit
            && fixedRun.Connections <= Limit && fixedRun.HeldAtOnce <= Limit
            && bad.Checks == 0 && bad.Refused == m && bad.Accepted == 0
            && fixedRun.Checks >= 1 && fixedRun.Accepted == m && fixedRun.Refused == 0;
        return ScenarioVerdict.From(
            confirmed,
            $"with ServicePointManager.DefaultConnectionLimit = {Limit}, {n} concurrent GETs through HttpClient opened {bad.Connections} connections ({bad.HeldAtOnce} requests at the server at once, {bad.Elapsed.TotalMilliseconds:0} ms); with MaxConnectionsPerServer = {Limit} they opened {fixedRun.Connections} ({fixedRun.HeldAtOnce} at once, {fixedRun.Elapsed.TotalMilliseconds:0} ms). "
                + $"The ServicePointManager certificate callback was called {bad.Checks} times: HttpClient validated by default and refused all {m} HTTPS GETs; on SslOptions the same callback was called {fixedRun.Checks} time(s) and all {m} were answered",
            $"expected more than {Limit} connections for bad and at most {Limit} for fixed, and the callback called only when on SslOptions; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.HeldAtOnce} vs {fixedRun.HeldAtOnce} held at once, callback calls {bad.Checks} vs {fixedRun.Checks}, HTTPS answered {bad.Accepted} vs {fixedRun.Accepted}, refused {bad.Refused} vs {fixedRun.Refused}, failures {bad.Failures} vs {fixedRun.Failures}");
    }

    protected override async Task<Measurement> MeasureAsync(bool badCode, ScenarioSettings settings, CancellationToken ct)
    {
        using var certificate = TestCertificates.SelfSigned(Bad.ReportCertificate.Subject);
        return await RunAsync(badCode, certificate, settings, ct).ConfigureAwait(false);
    }

    private static async Task<Measurement> RunAsync(bool badCode, X509Certificate2 certificate, ScenarioSettings settings, CancellationToken ct)
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete: what the bad variant writes is put back
        var limitBefore = ServicePointManager.DefaultConnectionLimit;
        var callbackBefore = ServicePointManager.ServerCertificateValidationCallback;
        try
        {
            if (badCode)
            {
                using var client = new Bad.ReportClient();
                return await MeasureAsync(client.GetReportAsync, client.Dispose, () => Bad.ReportCertificate.Checks, certificate, settings, ct).ConfigureAwait(false);
            }

            using (var client = new Fixed.ReportClient())
            {
                return await MeasureAsync(client.GetReportAsync, client.Dispose, () => Fixed.ReportCertificate.Checks, certificate, settings, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            // Put back for HttpWebRequest (SVH110's WebClient reads them), not for HttpClient: SVH112 is right and meant here.
#pragma warning disable SVH112
            ServicePointManager.DefaultConnectionLimit = limitBefore;
            ServicePointManager.ServerCertificateValidationCallback = callbackBefore;
#pragma warning restore SVH112
        }
#pragma warning restore SYSLIB0014
    }

    private static async Task<Measurement> MeasureAsync(
        Func<Uri, Task<string>> getReport, Action disposeClient, Func<int> checks, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, ScenarioSettings settings, CancellationToken ct)
    {
        int inFlight = 0, heldAtOnce = 0;
        await using var slow = await LoopbackHttpServer.StartAsync(
            async context =>
            {
                var now = Interlocked.Increment(ref inFlight);
                for (var seen = Volatile.Read(ref heldAtOnce); now > seen; seen = Volatile.Read(ref heldAtOnce))
                {
                    if (Interlocked.CompareExchange(ref heldAtOnce, now, seen) == seen)
                    {
                        break;
                    }
                }

                await Task.Delay(Hold, context.RequestAborted).ConfigureAwait(false);
                Interlocked.Decrement(ref inFlight);
                await context.Response.WriteAsync("report", context.RequestAborted).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);
        await using var secure = await LoopbackHttpServer.StartHttpsAsync(certificate, context => context.Response.WriteAsync("report"), ct).ConfigureAwait(false);

        var slowUri = new Uri(slow.BaseUri, "report");
        var secureUri = new Uri(secure.HttpsBaseUri, "report");
        var failures = 0;
        int accepted = 0, refused = 0, checksBefore = checks(), checksAfter = 0;
        var elapsed = TimeSpan.Zero;

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                var stopwatch = Stopwatch.StartNew();
                var requests = new Task<bool>[ConcurrentRequests(settings)];
                for (var i = 0; i < requests.Length; i++)
                {
                    requests[i] = SucceedsAsync(getReport, slowUri);
                }

                foreach (var ok in await Task.WhenAll(requests).ConfigureAwait(false))
                {
                    failures += ok ? 0 : 1;
                }

                elapsed = stopwatch.Elapsed;
                for (var i = 0; i < HttpsRequests(settings); i++)
                {
                    token.ThrowIfCancellationRequested();
                    try
                    {
                        accepted += await getReport(secureUri).ConfigureAwait(false) == "report" ? 1 : 0;
                    }
                    catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
                    {
                        refused++;
                    }
                }

                checksAfter = checks();
            },
            settings.Bound,
            onBound: disposeClient,
            ct: ct).ConfigureAwait(false);

        return new Measurement(slow.AcceptedConnections, Volatile.Read(ref heldAtOnce), failures, elapsed, checksAfter - checksBefore, accepted, refused, outcome);
    }

    private static async Task<bool> SucceedsAsync(Func<Uri, Task<string>> getReport, Uri uri)
    {
        try
        {
            return await getReport(uri).ConfigureAwait(false) == "report";
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public sealed record Measurement(int Connections, int HeldAtOnce, int Failures, TimeSpan Elapsed, int Checks, int Accepted, int Refused, VariantOutcome Outcome) : IVariantRun;
}
