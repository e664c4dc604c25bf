using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH103;

/// <summary>
/// A long-lived client sends one request every <see cref="Pace"/> for a time window; the server counts the TCP
/// connections it accepts. A new connection is the moment the client resolves the host name again.
/// Bad: Bad.cs's static <c>new HttpClient()</c> (default handler, connections pooled forever).
/// Fixed: Fixed.cs's own static client, <c>new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = ... })</c>.
/// The fix writes 2 minutes (read back from that client and shown in the table); before its first request the run
/// sets that same handler's lifetime to <see cref="ScaledLifetime"/> (the value the fix wrote must be finite for this
/// to happen: an infinite one is left alone), so that the rotation shows within seconds. Both columns measure the
/// client the code builds; the lifetime row shows the value read back from each handler during the run.
/// </summary>
public sealed class SVH103Scenario : Scenario<SVH103Scenario.CodeClient, SVH103Scenario.Measurement>
{
    public const string Connections = "TCP connections accepted in the window";
    public const string Requests = "requests sent";
    public const string Failures = "failed requests";
    public const string CodeLifetime = "PooledConnectionLifetime in the code";
    public const string RunLifetime = "PooledConnectionLifetime in this run";

    /// <summary>The lifetime of the measured fixed client: the fix's 2 minutes scaled down for a short run.</summary>
    public static readonly TimeSpan ScaledLifetime = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The lifetime Fixed.cs's client was built with, read from its handler once, before any run scales it (a process
    /// that runs the scenario twice would otherwise read back the scaled value as "the code's").
    /// </summary>
    private static readonly TimeSpan FixedCodeLifetime = PooledConnectionLifetimeOf(Fixed.CatalogClient.Client);

    /// <summary>The lifetime Bad.cs's client was built with, read the same way.</summary>
    private static readonly TimeSpan BadCodeLifetime = PooledConnectionLifetimeOf(Bad.CatalogClient.Client);

    public override string RuleId => "SVH103";

    public override string Title => "Long-lived HttpClient never refreshes DNS";

    public override string Measures => $"one request every {Pace.TotalMilliseconds:0} ms for a time window: TCP connections the server accepted (each new one resolves the name again); fixed lifetime scaled from the fix's value to {ScaledLifetime.TotalSeconds:0} s";

    /// <summary>The measuring window: 3 s, or less when the bound is short.</summary>
    public static TimeSpan Window(ScenarioSettings settings)
        => settings.Bound * 0.6 < LongestWindow ? settings.Bound * 0.6 : LongestWindow;

    protected override CodeClient BadCode => new(Bad.CatalogClient.Client, Bad.CatalogClient.GetItemAsync, BadCodeLifetime);

    protected override CodeClient FixedCode => new(Fixed.CatalogClient.Client, Fixed.CatalogClient.GetItemAsync, FixedCodeLifetime);

    /// <summary>No warm-up: a first request would start the handler, after which its lifetime can no longer be scaled.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Connections, "count", m => m.Connections),
        new(Requests, "count", m => m.Counts.Sent),
        new(Failures, "count", m => m.Counts.Failed),
        new(CodeLifetime, "s, -1 = never", m => Seconds(m.CodeLifetime)),
        new(RunLifetime, "s, -1 = never", m => Seconds(m.RunLifetime)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var window = Window(settings);
        var fixHasLifetime = fixedRun.CodeLifetime > TimeSpan.Zero && fixedRun.CodeLifetime != Timeout.InfiniteTimeSpan;
        var badKeepsForever = bad.CodeLifetime == Timeout.InfiniteTimeSpan;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Counts.Failed == 0 && fixedRun.Counts.Failed == 0
            && badKeepsForever && fixHasLifetime
            && bad.Connections == 1 && fixedRun.Connections >= 2;
        // (fixedRun's connections come from Fixed.cs's own client and handler; only its lifetime value was scaled.)
        return ScenarioVerdict.From(
            confirmed,
            $"over {window.TotalSeconds:0.#} s the default static client sent {bad.Counts.Sent} requests on {bad.Connections} connection, kept forever (with a host name, a DNS change would never be seen); "
                + $"Fixed.cs's client on SocketsHttpHandler (its lifetime {fixedRun.CodeLifetime.TotalMinutes:0.##} min, run with {fixedRun.RunLifetime.TotalSeconds:0.#} s) opened {fixedRun.Connections} connections for {fixedRun.Counts.Sent} requests, a new one per lifetime (where a host name is resolved again)",
            $"expected 1 connection for bad and one per lifetime for fixed; measured {bad.Connections} vs {fixedRun.Connections} connections, failures {bad.Counts.Failed} vs {fixedRun.Counts.Failed}, code lifetimes {Seconds(bad.CodeLifetime)} s vs {Seconds(fixedRun.CodeLifetime)} s");
    }

    /// <summary>
    /// The column's own client: a finite lifetime its code wrote is scaled down on its handler before the first request
    /// (the same treatment for both columns; an infinite lifetime is left alone).
    /// </summary>
    protected override async Task<Measurement> MeasureAsync(CodeClient code, ScenarioSettings settings, CancellationToken ct)
    {
        ScaleFiniteLifetime(code.Client, ScaledLifetime);
        var runLifetime = PooledConnectionLifetimeOf(code.Client);
        var getItem = code.GetItemAsync;
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("item"), ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "item");
        var counts = new PacedCounts(0, 0);
        var outcome = await Bounded.RunAsync(
            async token => counts = await PacedRequests.RunAsync(() => getItem(uri), "item", Window(settings), Pace, token).ConfigureAwait(false),
            settings.Bound,
            ct: ct).ConfigureAwait(false);
        return new Measurement(server.AcceptedConnections, counts, outcome, code.CodeLifetime, runLifetime);
    }

    /// <summary>
    /// Sets a finite pooled connection lifetime of the client's handler to <paramref name="scaled"/>. A handler that has
    /// already sent (this process ran the scenario before) keeps what it has: SocketsHttpHandler forbids changes then.
    /// </summary>
    internal static void ScaleFiniteLifetime(HttpClient client, TimeSpan scaled)
    {
        if (SocketsHandlerOf(client) is { } handler && handler.PooledConnectionLifetime != Timeout.InfiniteTimeSpan && handler.PooledConnectionLifetime != scaled)
        {
            try
            {
                handler.PooledConnectionLifetime = scaled;
            }
            catch (InvalidOperationException)
            {
                // Already started: the table shows the lifetime it really ran with.
            }
        }
    }

    public static double Seconds(TimeSpan lifetime) => lifetime == Timeout.InfiniteTimeSpan ? -1 : Math.Round(lifetime.TotalSeconds, 1);

    /// <summary>
    /// The pooled connection lifetime of a client's handler, read without sending anything: the client's own
    /// <see cref="SocketsHttpHandler"/>, or the one an <see cref="HttpClientHandler"/> wraps (private fields, .NET only).
    /// </summary>
    internal static TimeSpan PooledConnectionLifetimeOf(HttpClient client)
        => SocketsHandlerOf(client)?.PooledConnectionLifetime
            ?? throw new InvalidOperationException("cannot read the handler of the client");

    private static SocketsHttpHandler? SocketsHandlerOf(HttpClient client)
    {
        var handler = PrivateField(typeof(HttpMessageInvoker), "_handler", client);
        if (handler is HttpClientHandler wrapper)
        {
            handler = PrivateField(typeof(HttpClientHandler), "_underlyingHandler", wrapper);
        }

        return handler as SocketsHttpHandler;
    }

    private static object? PrivateField(Type type, string name, object instance)
        => (type.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{type.Name}.{name} not found")).GetValue(instance);

    /// <summary>One variant's static client, its request method, and the lifetime its code wrote.</summary>
    public sealed record CodeClient(HttpClient Client, Func<Uri, Task<string>> GetItemAsync, TimeSpan CodeLifetime);

    /// <param name="CodeLifetime">The lifetime the column's code wrote (read before any run scaled it).</param>
    /// <param name="RunLifetime">The lifetime its handler ran with.</param>
    public sealed record Measurement(int Connections, PacedCounts Counts, VariantOutcome Outcome, TimeSpan CodeLifetime, TimeSpan RunLifetime) : IVariantRun;
}
