using System;
using System.Net.Http;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH106;

/// <summary>
/// An HTTPS server on 127.0.0.1 with a self-signed certificate for "CN=not-the-host" stands in for an impostor
/// (a machine on the path presenting its own certificate). N sequential GETs through <c>ReportClient</c>:
/// how many the client accepts, how many it refuses because of the certificate, how many reached the impostor.
/// </summary>
public sealed class SVH106Scenario : IScenario
{
    public const string Accepted = "responses accepted from the impostor";
    public const string Refused = "requests refused: certificate rejected";
    public const string Served = "requests the impostor received";
    public const string OtherFailures = "other failures";
    public const string Connections = "TCP connections accepted";

    public const string ImpostorSubject = "CN=not-the-host";

    public string RuleId => "SVH106";

    public string Title => "Server certificate validation is disabled";

    public string Measures => $"N sequential GETs to an HTTPS server whose certificate is self-signed for {ImpostorSubject}: responses accepted, requests refused by certificate validation, requests the server received";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        using var certificate = TestCertificates.SelfSigned(ImpostorSubject);

        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Client>>(
            () =>
            {
                var client = new Bad.ReportClient();
                return new Client(client, client.GetReportAsync);
            },
            () =>
            {
                var client = new Fixed.ReportClient();
                return new Client(client, client.GetReportAsync);
            });

        Measurement bad;
        var badClient = badCode();
        using (badClient.Owner)
        {
            bad = await MeasureAsync(badClient.GetReportAsync, badClient.Owner.Dispose, certificate, settings, ct).ConfigureAwait(false);
        }

        Measurement fixedRun;
        var fixedClient = fixedCode();
        using (fixedClient.Owner)
        {
            fixedRun = await MeasureAsync(fixedClient.GetReportAsync, fixedClient.Owner.Dispose, certificate, settings, ct).ConfigureAwait(false);
        }

        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Accepted == n && bad.Served == n && bad.Refused == 0
            && fixedRun.Refused == n && fixedRun.Served == 0 && fixedRun.Accepted == 0;
        var verdict = confirmed
            ? $"the callback that returns true accepted all {n} responses from a server presenting a self-signed certificate for the wrong name (and sent it {bad.Served} requests); default validation refused all {n} with an AuthenticationException before any request was sent"
            : $"expected bad to accept {n} and fixed to refuse {n}; measured accepted {bad.Accepted} vs {fixedRun.Accepted}, refused {bad.Refused} vs {fixedRun.Refused}, other failures {bad.Other} vs {fixedRun.Other}";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Accepted, bad.Accepted, fixedRun.Accepted, "count"),
                new MetricRow(Refused, bad.Refused, fixedRun.Refused, "count"),
                new MetricRow(Served, bad.Served, fixedRun.Served, "count"),
                new MetricRow(OtherFailures, bad.Other, fixedRun.Other, "count"),
                new MetricRow(Connections, bad.Connections, fixedRun.Connections, "count"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static async Task<Measurement> MeasureAsync(Func<Uri, Task<string>> getReport, Action disposeClient, X509Certificate2 certificate, ScenarioSettings settings, CancellationToken ct)
    {
        var served = 0;
        await using var server = await LoopbackHttpServer.StartHttpsAsync(
            certificate,
            context =>
            {
                Interlocked.Increment(ref served);
                return context.Response.WriteAsync("report");
            },
            ct).ConfigureAwait(false);
        var uri = new Uri(server.HttpsBaseUri, "report");
        int accepted = 0, refused = 0, other = 0;

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    try
                    {
                        if (await getReport(uri).ConfigureAwait(false) == "report")
                        {
                            accepted++;
                        }
                        else
                        {
                            other++;
                        }
                    }
                    catch (HttpRequestException e) when (e.InnerException is AuthenticationException)
                    {
                        refused++;
                    }
                    catch (HttpRequestException)
                    {
                        other++;
                    }
                }
            },
            settings.Bound,
            onBound: disposeClient, // unblocks a request still in flight on a very slow machine
            ct: ct).ConfigureAwait(false);

        return new Measurement(accepted, refused, other, Volatile.Read(ref served), server.AcceptedConnections, outcome);
    }

    private sealed record Measurement(int Accepted, int Refused, int Other, int Served, int Connections, VariantOutcome Outcome);

    /// <summary>One variant's <c>ReportClient</c>: the object to dispose and its <c>GetReportAsync</c>.</summary>
    private sealed record Client(IDisposable Owner, Func<Uri, Task<string>> GetReportAsync);
}
