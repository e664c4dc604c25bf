using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH109;

/// <summary>
/// A server that accepts the connection and never answers. The caller gives up after <see cref="CallerTimeout"/>
/// (a token cancelled by then) and calls <c>PriceClient.GetPriceAsync(uri, token)</c> on a client whose
/// <c>Timeout</c> is infinite. Bad: the call ignores the token and waits until the harness stops it (by closing
/// the server side). Fixed: the token is passed and the call ends when the caller cancels.
/// </summary>
public sealed class SVH109Scenario : Scenario<Func<Owned<Func<Uri, CancellationToken, Task<string>>>>, SVH109Scenario.Measurement>
{
    public const string Elapsed = "elapsed until the call ended";
    public const string EndedOnCancel = "call ended when the caller cancelled";

    public static readonly TimeSpan CallerTimeout = TimeSpan.FromMilliseconds(200);


    public override string RuleId => "SVH109";

    public override string Title => "HTTP call can wait forever";

    public override string Measures => $"one GET to a server that never answers, client Timeout infinite, caller cancels its token after {CallerTimeout.TotalMilliseconds:0} ms: elapsed time, whether the call ended on the cancellation";

    protected override Func<Owned<Func<Uri, CancellationToken, Task<string>>>> BadCode => () =>
    {
        var client = new Bad.PriceClient();
        return new(client, client.GetPriceAsync);
    };

    protected override Func<Owned<Func<Uri, CancellationToken, Task<string>>>> FixedCode => () =>
    {
        var client = new Fixed.PriceClient();
        return new(client, client.GetPriceAsync);
    };

    /// <summary>No warm-up: the bad call waits until the bound, and one more such wait per run would show nothing new.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
        new(EndedOnCancel, "1 = yes", m => Yes(m.EndedOnCancellation)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = bad.Outcome.HitBound && !bad.EndedOnCancellation && fixedRun.EndedOnCancellation;
        return ScenarioVerdict.From(
            confirmed,
            $"the caller cancelled after {CallerTimeout.TotalMilliseconds:0} ms; the call without the token was still waiting when the harness stopped it at {bad.Outcome.Elapsed.TotalMilliseconds:0} ms (it would wait forever); the call with the token ended after {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms ({fixedRun.Outcome.Describe()})",
            $"expected bad to hit the bound and fixed to end on cancellation; bad {bad.Outcome.Describe()} after {bad.Outcome.Elapsed.TotalMilliseconds:0} ms, fixed {fixedRun.Outcome.Describe()} after {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>One run of the column's client, disposed at the end.</summary>
    protected override async Task<Measurement> MeasureAsync(Func<Owned<Func<Uri, CancellationToken, Task<string>>>> createClient, ScenarioSettings settings, CancellationToken ct)
    {
        var client = createClient();
        using (client.Owner)
        {
            return new Measurement(await MeasureAsync(client.Call, settings, ct).ConfigureAwait(false));
        }
    }

    public sealed record Measurement(VariantOutcome Outcome) : IVariantRun
    {
        /// <summary>
        /// The call ended by itself (before the harness stopped it) with the caller's cancellation: no wall-clock slack, which
        /// a loaded machine could exceed; the elapsed time is reported.
        /// </summary>
        public bool EndedOnCancellation => Outcome.Kind == OutcomeKind.Threw && Outcome.Exception is OperationCanceledException;
    }

    private static async Task<VariantOutcome> MeasureAsync(Func<Uri, CancellationToken, Task<string>> getPrice, ScenarioSettings settings, CancellationToken ct)
    {
        // Accepts, reads nothing, answers nothing, until the harness releases it (then the connection closes).
        using var release = new CancellationTokenSource();
        await using var server = LoopbackTcpServer.Start(async (_, stopping) =>
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(release.Token, stopping);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Released: close the connection.
            }
        });
        var uri = new Uri($"http://127.0.0.1:{server.Port}/price");

        return await Bounded.RunAsync(
            async _ =>
            {
                // The caller's own deadline, the same for both variants.
                using var caller = new CancellationTokenSource(CallerTimeout);
                await getPrice(uri, caller.Token).ConfigureAwait(false);
            },
            settings.Bound,
            onBound: release.Cancel,
            ct: ct).ConfigureAwait(false);
    }
}
