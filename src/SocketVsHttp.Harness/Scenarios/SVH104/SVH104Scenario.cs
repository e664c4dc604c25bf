using System;
using System.Collections.Generic;
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
public sealed class SVH104Scenario : Scenario<Func<HttpClient, Uri, Task<int>>, SVH104Scenario.Measurement>
{
    public const string Completed = "requests completed";
    public const string Stalled = "requests stalled (no free connection)";
    public const string Connections = "TCP connections accepted";
    public const string Reused = "requests that reused a connection";
    public const string Collections = "garbage collections during the run";
    public const string Elapsed = "elapsed";

    /// <summary>The client's pool limit: the bad code can complete this many requests, then waits for a connection.</summary>
    public const int MaxConnectionsPerServer = 2;

    /// <summary>The harness stops a variant after this many stalled requests (every further request would stall too).</summary>
    public const int MaxStalls = 3;

    /// <summary>The response body: larger than the client's first read, so it is not consumed with the headers.</summary>
    private const int BodyBytes = 16 * 1024;

    /// <summary>
    /// Per-request timeout (HttpClient.Timeout, which includes the wait for a pooled connection): generous, so a request
    /// of the fixed variant on a loaded machine is not mistaken for a stall.
    /// </summary>
    private static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(1);

    public override string RuleId => "SVH104";

    public override string Title => "HttpResponseMessage is not disposed";

    public override string Measures => $"N sequential status probes (ResponseHeadersRead) on a client with MaxConnectionsPerServer = {MaxConnectionsPerServer}: requests completed, requests stalled waiting for a connection, TCP connections the server accepted and reused, GCs, elapsed time";

    protected override Func<HttpClient, Uri, Task<int>> BadCode => Bad.StatusProbe.GetStatusCodeAsync;

    protected override Func<HttpClient, Uri, Task<int>> FixedCode => Fixed.StatusProbe.GetStatusCodeAsync;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Completed, "count", m => m.Completed),
        new(Stalled, "count", m => m.Stalled),
        new(Connections, "count", m => m.Connections),
        new(Reused, "count", m => m.Reused),
        new(Collections, "count", m => m.Collections),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    /// <summary>Per-request timeout: short enough that <see cref="MaxStalls"/> stalls fit well inside the bound.</summary>
    public static TimeSpan StallTimeout(ScenarioSettings settings)
        => TimeSpan.FromTicks(Math.Min(DefaultStallTimeout.Ticks, settings.Bound.Ticks / (MaxStalls + 2)));

    /// <summary>
    /// An undisposed response never hands its connection back: once MaxConnectionsPerServer are checked out the next
    /// requests wait for one, unless a GC finalizes the abandoned responses first, which closes their connections (then
    /// every request opens a new one). Either way no connection is reused.
    /// </summary>
    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = n > MaxConnectionsPerServer
            && bad.Completed >= 1 && bad.Reused == 0 && (bad.Stalled > 0 || bad.Connections > MaxConnectionsPerServer)
            && fixedRun.Outcome.Completed && fixedRun.Completed == n && fixedRun.Stalled == 0 && fixedRun.Reused > 0;
        var badStory = bad.Stalled > 0
            ? $"undisposed responses kept all {bad.Connections} pooled connections checked out after {bad.Completed} requests; the next {bad.Stalled} requests each waited {StallTimeout(settings).TotalMilliseconds:0} ms for a connection and timed out"
            : $"undisposed responses never gave their connections back: {bad.Completed} requests opened {bad.Connections} connections (a GC finalized the abandoned responses before the pool ran dry)";
        return ScenarioVerdict.From(
            confirmed,
            $"{badStory}; disposed responses completed {fixedRun.Completed} of {n} requests with no stall on {fixedRun.Connections} connection(s)",
            $"expected (with more than {MaxConnectionsPerServer} requests) bad to reuse no connection and stall or open one per request, fixed to complete all {n} with no stall and reuse; measured completed {bad.Completed} vs {fixedRun.Completed}, stalled {bad.Stalled} vs {fixedRun.Stalled}, connections {bad.Connections} vs {fixedRun.Connections} ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})");
    }

    /// <remarks>A warm-up has one request, which cannot exhaust the pool.</remarks>
    protected override async Task<Measurement> MeasureAsync(Func<HttpClient, Uri, Task<int>> getStatusCode, ScenarioSettings settings, CancellationToken ct)
    {
        var stallTimeout = StallTimeout(settings);
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

        // A GC finalizes abandoned responses and so closes their connections: count them to explain the result.
        var collectionsBefore = GC.CollectionCount(0);
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

        var collections = GC.CollectionCount(0) - collectionsBefore;
        return new Measurement(completed, stalled, server.AcceptedConnections, collections, outcome);
    }

    public sealed record Measurement(int Completed, int Stalled, int Connections, int Collections, VariantOutcome Outcome) : IVariantRun
    {
        /// <summary>Requests that found a connection already open: completed beyond the connections opened.</summary>
        public int Reused => Math.Max(0, Completed - Connections);
    }
}
