using System;
using System.Collections.Generic;
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
public sealed class SVH106Scenario : Scenario<Func<Owned<Func<Uri, Task<string>>>>, SVH106Scenario.Measurement>
{
    public const string Accepted = "responses accepted from the impostor";
    public const string Refused = "requests refused: certificate rejected";
    public const string Served = "requests the impostor received";
    public const string OtherFailures = "other failures";
    public const string Connections = "TCP connections accepted";

    public const string ImpostorSubject = "CN=not-the-host";

    public override string RuleId => "SVH106";

    public override string Title => "Server certificate validation is disabled";

    public override string Measures => $"N sequential GETs to an HTTPS server whose certificate is self-signed for {ImpostorSubject}: responses accepted, requests refused by certificate validation, requests the server received";

    protected override Func<Owned<Func<Uri, Task<string>>>> BadCode => () =>
    {
        var client = new Bad.ReportClient();
        return new(client, client.GetReportAsync);
    };

    protected override Func<Owned<Func<Uri, Task<string>>>> FixedCode => () =>
    {
        var client = new Fixed.ReportClient();
        return new(client, client.GetReportAsync);
    };

    /// <summary>No warm-up: nothing is timed; the counts do not depend on what ran first.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Accepted, "count", m => m.Accepted),
        new(Refused, "count", m => m.Refused),
        new(Served, "count", m => m.Served),
        new(OtherFailures, "count", m => m.Other),
        new(Connections, "count", m => m.Connections),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Accepted == n && bad.Served == n && bad.Refused == 0
            && fixedRun.Refused == n && fixedRun.Served == 0 && fixedRun.Accepted == 0;
        return ScenarioVerdict.From(
            confirmed,
            $"the callback that returns true accepted all {n} responses from a server presenting a self-signed certificate for the wrong name (and sent it {bad.Served} requests); default validation refused all {n} with an AuthenticationException before any request was sent",
            $"expected bad to accept {n} and fixed to refuse {n}; measured accepted {bad.Accepted} vs {fixedRun.Accepted}, refused {bad.Refused} vs {fixedRun.Refused}, other failures {bad.Other} vs {fixedRun.Other}");
    }

    /// <summary>One run: the column's client, the impostor with a certificate of its own; the client is disposed at the end.</summary>
    protected override async Task<Measurement> MeasureAsync(Func<Owned<Func<Uri, Task<string>>>> createClient, ScenarioSettings settings, CancellationToken ct)
    {
        using var certificate = TestCertificates.SelfSigned(ImpostorSubject);
        var client = createClient();
        using (client.Owner)
        {
            return await MeasureAsync(client.Call, client.Owner.Dispose, certificate, settings, ct).ConfigureAwait(false);
        }
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

    public sealed record Measurement(int Accepted, int Refused, int Other, int Served, int Connections, VariantOutcome Outcome) : IVariantRun;
}
