using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH104;

/// <summary>
/// N sequential status probes (<c>ResponseHeadersRead</c>, status code only) through one client limited to
/// <see cref="MaxConnectionsPerServer"/> connections: undisposed responses keep their connections checked out
/// until the pool is exhausted; disposed responses hand them back.
/// </summary>
public sealed class SVH104Scenario : IScenario
{
    public const string Completed = "requests completed";
    public const string Stalled = "requests stalled (no free connection)";
    public const string Connections = "TCP connections accepted";
    public const string Elapsed = "elapsed";

    /// <summary>The client's pool limit: the bad code can complete this many requests, then waits for a connection.</summary>
    public const int MaxConnectionsPerServer = 2;

    /// <summary>The harness stops a variant after this many stalled requests (every further request would stall too).</summary>
    public const int MaxStalls = 3;

    /// <summary>The response body: larger than the client's first read, so it is not consumed with the headers.</summary>
    private const int BodyBytes = 16 * 1024;

    /// <summary>Per-request timeout (HttpClient.Timeout, which includes the wait for a pooled connection).</summary>
    private static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMilliseconds(500);

    public string RuleId => "SVH104";

    public string Title => "HttpResponseMessage is not disposed";

    public string Measures => $"N sequential status probes (ResponseHeadersRead) on a client with MaxConnectionsPerServer = {MaxConnectionsPerServer}: requests completed, requests stalled waiting for a connection, TCP connections the server accepted, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // Per-request timeout: short enough that MaxStalls stalls fit well inside the bound.
        var stallTimeout = TimeSpan.FromTicks(Math.Min(DefaultStallTimeout.Ticks, settings.Bound.Ticks / (MaxStalls + 2)));

        // Warm-up (JIT, first-use costs) with one request each, which cannot exhaust the pool.
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(Bad.StatusProbe.GetStatusCodeAsync, warmUp, stallTimeout, ct).ConfigureAwait(false);
        await MeasureAsync(Fixed.StatusProbe.GetStatusCodeAsync, warmUp, stallTimeout, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(Bad.StatusProbe.GetStatusCodeAsync, settings, stallTimeout, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(Fixed.StatusProbe.GetStatusCodeAsync, settings, stallTimeout, ct).ConfigureAwait(false);

        var n = settings.Requests;
        var expectedBadCompleted = Math.Min(n, MaxConnectionsPerServer);
        var confirmed = n > MaxConnectionsPerServer
            && bad.Completed == expectedBadCompleted && bad.Stalled > 0 && bad.Connections == MaxConnectionsPerServer
            && fixedRun.Outcome.Completed && fixedRun.Completed == n && fixedRun.Stalled == 0 && fixedRun.Connections <= MaxConnectionsPerServer;
        var verdict = confirmed
            ? $"undisposed responses held all {bad.Connections} pooled connections after {bad.Completed} requests; the next {bad.Stalled} requests each waited {stallTimeout.TotalMilliseconds:0} ms for a connection and timed out; disposed responses completed {fixedRun.Completed} of {n} requests on {fixedRun.Connections} connection(s)"
            : $"expected (with more than {MaxConnectionsPerServer} requests) bad to complete {MaxConnectionsPerServer} then stall on {MaxConnectionsPerServer} connections, fixed to complete all {n} with no stall; measured completed {bad.Completed} vs {fixedRun.Completed}, stalled {bad.Stalled} vs {fixedRun.Stalled}, connections {bad.Connections} vs {fixedRun.Connections} ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Completed, bad.Completed, fixedRun.Completed, "count"),
                new MetricRow(Stalled, bad.Stalled, fixedRun.Stalled, "count"),
                new MetricRow(Connections, bad.Connections, fixedRun.Connections, "count"),
                new MetricRow(Elapsed, Math.Round(bad.Outcome.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Outcome.Elapsed.TotalMilliseconds, 1), "ms"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            Confirmed = confirmed,
        };
    }

    private static async Task<Measurement> MeasureAsync(
        Func<HttpClient, Uri, Task<int>> getStatusCode,
        ScenarioSettings settings,
        TimeSpan stallTimeout,
        CancellationToken ct)
    {
        var body = new string('x', BodyBytes);
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync(body), ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "health");
        var completed = 0;
        var stalled = 0;

        // Disposing the client at the end closes whatever the bad variant left checked out.
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = MaxConnectionsPerServer })
        {
            Timeout = stallTimeout,
        };

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    try
                    {
                        if (await getStatusCode(client, uri).ConfigureAwait(false) == StatusCodes.Status200OK)
                        {
                            completed++;
                        }
                    }
                    catch (TaskCanceledException) when (!token.IsCancellationRequested)
                    {
                        // HttpClient.Timeout elapsed while the request waited for a pooled connection.
                        if (++stalled >= MaxStalls)
                        {
                            throw new BoundReachedException($"{MaxStalls} requests stalled");
                        }
                    }
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        return new Measurement(completed, stalled, server.AcceptedConnections, outcome);
    }

    private sealed record Measurement(int Completed, int Stalled, int Connections, VariantOutcome Outcome);
}
