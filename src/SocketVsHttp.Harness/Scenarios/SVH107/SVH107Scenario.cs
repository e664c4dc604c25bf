using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH107;

/// <summary>
/// Two parts. (1) The fix pair: rounds of <see cref="Concurrency"/> concurrent <c>TenantApi.GetForTenantAsync</c> calls
/// on one shared client, each with its own bearer token; the server counts requests whose token belongs to another call
/// (a race: it depends on thread timing). After each round other code sends one request on the same client with no token
/// of its own; the server counts those that carried a tenant's token (deterministic: what the bad code leaves behind).
/// Bad writes <c>DefaultRequestHeaders.Authorization</c> on the shared client; Fixed (the code fix's output) sets it on
/// its own <c>HttpRequestMessage</c>. (2) A finding the fix does not rewrite: <c>client.Timeout = ...</c> before every
/// call on a shared client, against the per-call timeout the rule's page recommends (a token from a
/// <c>CancellationTokenSource</c> with a delay); counted: InvalidOperationExceptions.
/// </summary>
public sealed class SVH107Scenario : Scenario<Func<HttpClient, Func<string, string, Task<string>>>, SVH107Scenario.Measurement>
{
    public const string Requests = "requests sent";
    public const string WrongToken = "requests that carried another call's token";
    public const string Failures = "failed requests";
    public const string TimeoutThrows = "Timeout set per call: InvalidOperationException";

    public const string OtherRequests = "requests from other code on the shared client (no token of their own)";
    public const string Leaked = "of those, requests that carried a tenant's token";

    public const int Concurrency = 16;

    private const string OtherPath = "other";

    /// <summary>Threads that start a round's calls side by side: one per core (at least 2, at most 8).</summary>
    public static readonly int Starters = Math.Clamp(Environment.ProcessorCount, 2, 8);

    private static readonly TimeSpan PerCallTimeout = TimeSpan.FromSeconds(30);

    public override string RuleId => "SVH107";

    public override string Title => "Shared HttpClient is changed per request";

    public override string Measures => $"(1) N rounds of {Concurrency} concurrent calls on one shared client, each with its own Authorization token: requests the server saw with another call's token, failures; after each round one request from other code on the same client (no token of its own): requests that carried a tenant's token; (2) N calls that set Timeout on a shared client before each request (no fix; recommended: a per-call token): InvalidOperationExceptions";

    protected override Func<HttpClient, Func<string, string, Task<string>>> BadCode => client => new Bad.TenantApi(client).GetForTenantAsync;

    protected override Func<HttpClient, Func<string, string, Task<string>>> FixedCode => client => new Fixed.TenantApi(client).GetForTenantAsync;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Requests, "count", m => m.Sent),
        new(WrongToken, "count", m => m.WrongToken),
        new(Failures, "count", m => m.Failures),
        new(OtherRequests, "count", m => m.Others),
        new(Leaked, "count", m => m.Leaked),
        new(TimeoutThrows, "count", m => m.Timeout.Throws),
    };

    /// <summary>
    /// Confirmed only on what both runs showed: the bad code sent a token that was not the request's own at least once
    /// (another tenant's in the race, or the last tenant's on a request from other code: the state it left on the shared
    /// client; a failure alone is not the claim), the fixed code ran at least N rounds (as many as the bad run where its
    /// bound allows) and never did. Part (2) is harness code, the same in every plan: required as well, never enough alone.
    /// </summary>
    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = bad.WrongToken + bad.Leaked > 0
            && fixedRun.Rounds >= n && fixedRun.Others >= n
            && fixedRun.WrongToken == 0 && fixedRun.Leaked == 0 && fixedRun.Failures == 0
            && bad.Timeout.Throws == n - 1 && fixedRun.Timeout.Throws == 0 && fixedRun.Timeout.Failures == 0;
        var race = $"{bad.WrongToken} of {bad.Sent} concurrent tenant requests went out with another call's token ({bad.Failures} failed)";
        var leak = $"{bad.Leaked} of {bad.Others} requests from other code on the same client carried the last tenant's token";
        return ScenarioVerdict.From(
            confirmed,
            $"writing DefaultRequestHeaders per call on a shared client: {race}; {leak}. The per-request header: 0 of {fixedRun.Sent} wrong, 0 of {fixedRun.Others} leaked, 0 failed. Setting Timeout per call threw InvalidOperationException on {bad.Timeout.Throws} of {n} calls (every call after the first request); a per-call token: 0",
            $"expected the shared header to send a token not the request's own at least once, the per-request header never, and Timeout writes to throw after the first request; measured wrong tokens {bad.WrongToken} vs {fixedRun.WrongToken}, leaked {bad.Leaked} of {bad.Others} vs {fixedRun.Leaked} of {fixedRun.Others}, failures {bad.Failures} vs {fixedRun.Failures}, Timeout throws {bad.Timeout.Throws} vs {fixedRun.Timeout.Throws} of {n}");
    }

    protected override Task<Measurement> MeasureAsync(Func<HttpClient, Func<string, string, Task<string>>> createApi, ScenarioSettings settings, CancellationToken ct)
        => MeasureHeadersAsync(createApi, settings.Requests, untilRaceSeen: false, settings.Bound, ct);

    /// <summary>
    /// The runs depend on each other, so this scenario orders them itself. A warm-up round for each column (JIT, first
    /// connections), so a loaded machine does not eat the bound. The bad column runs at least N rounds, and then on (up to
    /// the bound) until the server has seen a request with another call's token: the race depends on thread timing, so a
    /// short run may not show it, and the verdict must rest on what the bad code did, not on what it might do. The fixed
    /// column then runs as many rounds as the bad one did, with a bound from the bad run (as many rounds may need about as
    /// long again). Then part (2), harness code, once per column.
    /// </summary>
    protected override async Task<(Measurement Bad, Measurement Fixed)> MeasureBothAsync(
        Func<HttpClient, Func<string, string, Task<string>>> badCode, Func<HttpClient, Func<string, string, Task<string>>> fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);
        var bad = await MeasureHeadersAsync(badCode, settings.Requests, untilRaceSeen: true, settings.Bound, ct).ConfigureAwait(false);
        var fixedBound = settings.Bound > bad.Outcome.Elapsed * 2 ? settings.Bound : bad.Outcome.Elapsed * 2;
        var fixedRun = await MeasureHeadersAsync(fixedCode, Math.Max(bad.Rounds, settings.Requests), untilRaceSeen: false, fixedBound, ct).ConfigureAwait(false);
        var badTimeout = await MeasureTimeoutAsync(SetTimeoutPerCallAsync, settings, ct).ConfigureAwait(false);
        var fixedTimeout = await MeasureTimeoutAsync(TokenPerCallAsync, settings, ct).ConfigureAwait(false);
        return (bad with { Timeout = badTimeout }, fixedRun with { Timeout = fixedTimeout });
    }

    private static async Task<Measurement> MeasureHeadersAsync(
        Func<HttpClient, Func<string, string, Task<string>>> createApi,
        int rounds,
        bool untilRaceSeen,
        TimeSpan bound,
        CancellationToken ct)
    {
        var wrongToken = 0;
        var leaked = 0;
        var others = 0;
        await using var server = await LoopbackHttpServer.StartAsync(
            context =>
            {
                if (context.Request.Path == "/" + OtherPath)
                {
                    // A request from other code on the same shared client, which sets no token of its own.
                    Interlocked.Increment(ref others);
                    if (!string.IsNullOrEmpty(context.Request.Headers.Authorization.ToString()))
                    {
                        Interlocked.Increment(ref leaked);
                    }

                    return context.Response.WriteAsync("ok");
                }

                var expected = "Bearer " + Token(context.Request.Query["id"].ToString());
                if (context.Request.Headers.Authorization.ToString() != expected)
                {
                    Interlocked.Increment(ref wrongToken);
                }

                return context.Response.WriteAsync("ok");
            },
            ct).ConfigureAwait(false);

        using var shared = new HttpClient { BaseAddress = server.BaseUri };
        var getForTenant = createApi(shared);
        var sent = 0;
        var failures = 0;
        var roundsRun = 0;

        async Task CallAsync(string id)
        {
            Interlocked.Increment(ref sent);
            try
            {
                await getForTenant("tenant?id=" + id, Token(id)).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
            {
                // The header collection is not thread-safe: concurrent writes and reads can also throw.
                Interlocked.Increment(ref failures);
            }
        }

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var round = 0; round < rounds || (untilRaceSeen && Volatile.Read(ref wrongToken) == 0); round++)
                {
                    token.ThrowIfCancellationRequested();
                    roundsRun = round + 1;
                    // The calls start from Starters dedicated threads released together by a spin flag, so their first
                    // steps (the header write, then the request that copies the default headers) run side by side on the
                    // cores instead of one after another from the thread-pool queue: the race is what is measured, and it
                    // only exists where calls really overlap. Each thread starts its share of the round's calls in turn.
                    var calls = new Task[Concurrency];
                    var go = 0;
                    var ready = new CountdownEvent(Starters);
                    var starters = new Thread[Starters];
                    for (var t = 0; t < Starters; t++)
                    {
                        var first = t;
                        var baseId = round * Concurrency;
                        starters[t] = new Thread(() =>
                        {
                            ready.Signal();
                            while (Volatile.Read(ref go) == 0)
                            {
                                Thread.SpinWait(20);
                            }

                            for (var c = first; c < Concurrency; c += Starters)
                            {
                                var id = (baseId + c).ToString(CultureInfo.InvariantCulture);
                                calls[c] = CallAsync(id);
                            }
                        })
                        {
                            IsBackground = true,
                        };
                        starters[t].Start();
                    }

                    ready.Wait(token);
                    Volatile.Write(ref go, 1);
                    foreach (var starter in starters)
                    {
                        starter.Join();
                    }

                    ready.Dispose();
                    await Task.WhenAll(calls).ConfigureAwait(false);

                    // After the round, other code sends one request of its own on the same shared client, no token set.
                    using (await shared.GetAsync(OtherPath, token).ConfigureAwait(false))
                    {
                        // Counted by the server, which also counts the ones that carried a token.
                    }
                }
            },
            bound,
            ct: ct).ConfigureAwait(false);

        return new Measurement(Volatile.Read(ref sent), Volatile.Read(ref wrongToken), Volatile.Read(ref failures), roundsRun, Volatile.Read(ref others), Volatile.Read(ref leaked), outcome);
    }

    private static string Token(string id) => "token-" + id;

    private static async Task<TimeoutMeasurement> MeasureTimeoutAsync(Func<HttpClient, Uri, Task<string>> call, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("ok"), ct).ConfigureAwait(false);
        using var shared = new HttpClient();
        var uri = new Uri(server.BaseUri, "slow-or-not");
        int throws = 0, failures = 0;
        await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    try
                    {
                        await call(shared, uri).ConfigureAwait(false);
                    }
                    catch (InvalidOperationException)
                    {
                        throws++;
                    }
                    catch (HttpRequestException)
                    {
                        failures++;
                    }
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);
        return new TimeoutMeasurement(throws, failures);
    }

    // Part (2), bad: the rule reports this write; its fix offers no rewrite for Timeout.
    private static Task<string> SetTimeoutPerCallAsync(HttpClient shared, Uri uri)
    {
        shared.Timeout = PerCallTimeout;
        return shared.GetStringAsync(uri);
    }

    // Part (2), what the rule's page recommends instead: a per-call deadline through a token.
    private static async Task<string> TokenPerCallAsync(HttpClient shared, Uri uri)
    {
        using var deadline = new CancellationTokenSource(PerCallTimeout);
        return await shared.GetStringAsync(uri, deadline.Token).ConfigureAwait(false);
    }

    public sealed record Measurement(int Sent, int WrongToken, int Failures, int Rounds, int Others, int Leaked, VariantOutcome Outcome) : IVariantRun
    {
        /// <summary>Part (2) in this column: Timeout set per call (bad) or a per-call token (fixed).</summary>
        public TimeoutMeasurement Timeout { get; init; } = new(0, 0);
    }

    public sealed record TimeoutMeasurement(int Throws, int Failures);
}
