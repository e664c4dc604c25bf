using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH108;

/// <summary>
/// <c>IHttpClientFactory</c> with a named client "catalog" whose <c>HandlerLifetime</c> is <see cref="HandlerLifetime"/>.
/// Like a transient service, a <c>CatalogClient</c> is constructed for every request, which is then sent one every
/// <see cref="Pace"/> for a time window; the server counts the TCP connections it accepts (a new handler = a new
/// connection pool = new connections, where a host name is resolved again).
/// Bad: the first <c>CreateClient</c> result is kept in a static field. Fixed (the rule's page): an instance field.
/// The primary handler is configured as an <c>HttpClientHandler</c> (the default before .NET 9, and what apps get that
/// configure their own primary handler, e.g. for a proxy or client certificates). Since .NET 9 the factory's default
/// primary handler is a <c>SocketsHttpHandler</c> whose <c>PooledConnectionLifetime</c> is the <c>HandlerLifetime</c>:
/// with it, even a captured client's connections are recycled (only its handler chain is never rotated).
/// </summary>
public sealed class SVH108Scenario : Scenario<Func<Uri, Task<string>>, SVH108Scenario.Measurement>
{
    public const string Connections = "TCP connections accepted in the window";
    public const string Requests = "requests sent";
    public const string Failures = "failed requests";
    public const string HandlersBuilt = "primary handlers the factory built in the window";
    public const string ClientsCreated = "clients the code took from the factory in the window";

    private static int handlersBuilt;

    private static int clientsCreated;

    public static readonly TimeSpan HandlerLifetime = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(3);

    /// <summary>One root container for the process, as in an application (Bad.cs's static client outlives any run).</summary>
    private static readonly Lazy<IHttpClientFactory> Factory = new(() =>
    {
        var services = new ServiceCollection();
        services.AddHttpClient("catalog")
            .SetHandlerLifetime(HandlerLifetime)
            .ConfigurePrimaryHttpMessageHandler(() =>
            {
                Interlocked.Increment(ref handlersBuilt);
                return new HttpClientHandler();
            });
        return new CountingFactory(services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>());
    });

    public override string RuleId => "SVH108";

    public override string Title => "Factory-made HttpClient is captured for the process lifetime";

    public override string Measures => $"a CatalogClient per request from IHttpClientFactory (HandlerLifetime {HandlerLifetime.TotalSeconds:0} s, primary handler HttpClientHandler), one request every {Pace.TotalMilliseconds:0} ms for a time window: TCP connections the server accepted (a rotated handler opens new ones)";

    /// <summary>The measuring window: 3 s, or less when the bound is short.</summary>
    public static TimeSpan Window(ScenarioSettings settings)
        => settings.Bound * 0.6 < LongestWindow ? settings.Bound * 0.6 : LongestWindow;

    protected override Func<Uri, Task<string>> BadCode => uri => new Bad.CatalogClient(Factory.Value).GetItemAsync(uri);

    protected override Func<Uri, Task<string>> FixedCode => uri => new Fixed.CatalogClient(Factory.Value).GetItemAsync(uri);

    /// <summary>No warm-up: nothing is timed, the window counts connections.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Connections, "count", m => m.Connections),
        new(Requests, "count", m => m.Counts.Sent),
        new(Failures, "count", m => m.Counts.Failed),
        new(HandlersBuilt, "count", m => m.HandlersBuilt),
        new(ClientsCreated, "count", m => m.ClientsCreated),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var window = Window(settings);
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Counts.Failed == 0 && fixedRun.Counts.Failed == 0
            && bad.Connections == 1 && fixedRun.Connections >= 2
            // The mechanism, not only its effect: the bad column kept one client, the fixed column took one per use. Without
            // it, per-use code that saw no rotation in a short window (a late timer on a busy machine) would pass as captured.
            && bad.ClientsCreated <= 1 && fixedRun.ClientsCreated >= 2;
        return ScenarioVerdict.From(
            confirmed,
            $"over {window.TotalSeconds:0.#} s with a {HandlerLifetime.TotalSeconds:0} s handler lifetime, the client captured in a static field sent {bad.Counts.Sent} requests on {bad.Connections} connection: its handler is never rotated ({bad.HandlersBuilt} handlers built); "
                + $"clients created per use opened {fixedRun.Connections} connections for {fixedRun.Counts.Sent} requests, one per handler the factory rotated in ({fixedRun.HandlersBuilt} built)",
            $"expected 1 connection for the captured client and one per handler lifetime for clients created per use; measured {bad.Connections} vs {fixedRun.Connections} connections, {bad.ClientsCreated} vs {fixedRun.ClientsCreated} clients taken from the factory, failures {bad.Counts.Failed} vs {fixedRun.Counts.Failed}");
    }

    protected override async Task<Measurement> MeasureAsync(Func<Uri, Task<string>> getItem, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("item"), ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "item");
        var counts = new PacedCounts(0, 0);
        var handlersBefore = Volatile.Read(ref handlersBuilt);
        var clientsBefore = Volatile.Read(ref clientsCreated);
        var outcome = await Bounded.RunAsync(
            async token => counts = await PacedRequests.RunAsync(() => getItem(uri), "item", Window(settings), Pace, token).ConfigureAwait(false),
            settings.Bound,
            ct: ct).ConfigureAwait(false);
        return new Measurement(server.AcceptedConnections, counts, Volatile.Read(ref handlersBuilt) - handlersBefore, Volatile.Read(ref clientsCreated) - clientsBefore, outcome);
    }

    public sealed record Measurement(int Connections, PacedCounts Counts, int HandlersBuilt, int ClientsCreated, VariantOutcome Outcome) : IVariantRun;

    /// <summary>The application's factory, counting the clients the code takes from it.</summary>
    private sealed class CountingFactory(IHttpClientFactory inner) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            Interlocked.Increment(ref clientsCreated);
            return inner.CreateClient(name);
        }
    }
}
