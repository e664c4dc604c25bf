using System;
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
public sealed class SVH103Scenario : IScenario
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

    public string RuleId => "SVH103";

    public string Title => "Long-lived HttpClient never refreshes DNS";

    public string Measures => $"one request every {Pace.TotalMilliseconds:0} ms for a time window: TCP connections the server accepted (each new one resolves the name again); fixed lifetime scaled from the fix's value to {ScaledLifetime.TotalSeconds:0} s";

    /// <summary>The measuring window: 3 s, or less when the bound is short.</summary>
    public static TimeSpan Window(ScenarioSettings settings)
        => settings.Bound * 0.6 < LongestWindow ? settings.Bound * 0.6 : LongestWindow;

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select(
            new CodeClient(Bad.CatalogClient.Client, Bad.CatalogClient.GetItemAsync, BadCodeLifetime),
            new CodeClient(Fixed.CatalogClient.Client, Fixed.CatalogClient.GetItemAsync, FixedCodeLifetime));
        var badCodeLifetime = badCode.CodeLifetime;
        var fixedCodeLifetime = fixedCode.CodeLifetime;

        // Each column's own client: a finite lifetime its code wrote is scaled down on its handler before the first
        // request (the same treatment for both columns; an infinite lifetime is left alone).
        ScaleFiniteLifetime(badCode.Client, ScaledLifetime);
        var badRunLifetime = PooledConnectionLifetimeOf(badCode.Client);
        var bad = await MeasureAsync(badCode.GetItemAsync, settings, ct).ConfigureAwait(false);

        ScaleFiniteLifetime(fixedCode.Client, ScaledLifetime);
        var fixedRunLifetime = PooledConnectionLifetimeOf(fixedCode.Client);
        var fixedRun = await MeasureAsync(fixedCode.GetItemAsync, settings, ct).ConfigureAwait(false);

        var window = Window(settings);
        var fixHasLifetime = fixedCodeLifetime > TimeSpan.Zero && fixedCodeLifetime != Timeout.InfiniteTimeSpan;
        var badKeepsForever = badCodeLifetime == Timeout.InfiniteTimeSpan;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Counts.Failed == 0 && fixedRun.Counts.Failed == 0
            && badKeepsForever && fixHasLifetime
            && bad.Connections == 1 && fixedRun.Connections >= 2;
        // (fixedRun's connections come from Fixed.cs's own client and handler; only its lifetime value was scaled.)
        var verdict = confirmed
            ? $"over {window.TotalSeconds:0.#} s the default static client sent {bad.Counts.Sent} requests on {bad.Connections} connection, kept forever (with a host name, a DNS change would never be seen); "
                + $"Fixed.cs's client on SocketsHttpHandler (its lifetime {fixedCodeLifetime.TotalMinutes:0.##} min, run with {fixedRunLifetime.TotalSeconds:0.#} s) opened {fixedRun.Connections} connections for {fixedRun.Counts.Sent} requests, a new one per lifetime (where a host name is resolved again)"
            : $"expected 1 connection for bad and one per lifetime for fixed; measured {bad.Connections} vs {fixedRun.Connections} connections, failures {bad.Counts.Failed} vs {fixedRun.Counts.Failed}, code lifetimes {Seconds(badCodeLifetime)} s vs {Seconds(fixedCodeLifetime)} s";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Connections, bad.Connections, fixedRun.Connections, "count"),
                new MetricRow(Requests, bad.Counts.Sent, fixedRun.Counts.Sent, "count"),
                new MetricRow(Failures, bad.Counts.Failed, fixedRun.Counts.Failed, "count"),
                new MetricRow(CodeLifetime, Seconds(badCodeLifetime), Seconds(fixedCodeLifetime), "s, -1 = never"),
                new MetricRow(RunLifetime, Seconds(badRunLifetime), Seconds(fixedRunLifetime), "s, -1 = never"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static async Task<Measurement> MeasureAsync(Func<Uri, Task<string>> getItem, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("item"), ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "item");
        var counts = new PacedCounts(0, 0);
        var outcome = await Bounded.RunAsync(
            async token => counts = await PacedRequests.RunAsync(() => getItem(uri), "item", Window(settings), Pace, token).ConfigureAwait(false),
            settings.Bound,
            ct: ct).ConfigureAwait(false);
        return new Measurement(server.AcceptedConnections, counts, outcome);
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

    private static double Seconds(TimeSpan lifetime) => lifetime == Timeout.InfiniteTimeSpan ? -1 : Math.Round(lifetime.TotalSeconds, 1);

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
    private sealed record CodeClient(HttpClient Client, Func<Uri, Task<string>> GetItemAsync, TimeSpan CodeLifetime);

    private sealed record Measurement(int Connections, PacedCounts Counts, VariantOutcome Outcome);
}
