using System;
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
public sealed class SVH109Scenario : IScenario
{
    public const string Elapsed = "elapsed until the call ended";
    public const string EndedOnCancel = "call ended when the caller cancelled";

    public static readonly TimeSpan CallerTimeout = TimeSpan.FromMilliseconds(200);


    public string RuleId => "SVH109";

    public string Title => "HTTP call can wait forever";

    public string Measures => $"one GET to a server that never answers, client Timeout infinite, caller cancels its token after {CallerTimeout.TotalMilliseconds:0} ms: elapsed time, whether the call ended on the cancellation";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Client>>(
            () =>
            {
                var client = new Bad.PriceClient();
                return new Client(client, client.GetPriceAsync);
            },
            () =>
            {
                var client = new Fixed.PriceClient();
                return new Client(client, client.GetPriceAsync);
            });

        VariantOutcome bad;
        var badClient = badCode();
        using (badClient.Owner)
        {
            bad = await MeasureAsync(badClient.GetPriceAsync, settings, ct).ConfigureAwait(false);
        }

        VariantOutcome fixedRun;
        var fixedClient = fixedCode();
        using (fixedClient.Owner)
        {
            fixedRun = await MeasureAsync(fixedClient.GetPriceAsync, settings, ct).ConfigureAwait(false);
        }

        var badEndedOnCancel = EndedOnCancellation(bad);
        var fixedEndedOnCancel = EndedOnCancellation(fixedRun);
        var confirmed = bad.HitBound && !badEndedOnCancel && fixedEndedOnCancel;
        var verdict = confirmed
            ? $"the caller cancelled after {CallerTimeout.TotalMilliseconds:0} ms; the call without the token was still waiting when the harness stopped it at {bad.Elapsed.TotalMilliseconds:0} ms (it would wait forever); the call with the token ended after {fixedRun.Elapsed.TotalMilliseconds:0} ms ({fixedRun.Describe()})"
            : $"expected bad to hit the bound and fixed to end on cancellation; bad {bad.Describe()} after {bad.Elapsed.TotalMilliseconds:0} ms, fixed {fixedRun.Describe()} after {fixedRun.Elapsed.TotalMilliseconds:0} ms";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Elapsed, Math.Round(bad.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Elapsed.TotalMilliseconds, 1), "ms"),
                new MetricRow(EndedOnCancel, badEndedOnCancel ? 1 : 0, fixedEndedOnCancel ? 1 : 0, "1 = yes"),
            },
            BadOutcome = bad.Describe(),
            FixedOutcome = fixedRun.Describe(),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    /// <summary>
    /// The call ended by itself (before the harness stopped it) with the caller's cancellation: no wall-clock slack, which a
    /// loaded machine could exceed; the elapsed time is reported.
    /// </summary>
    private static bool EndedOnCancellation(VariantOutcome outcome)
        => outcome.Kind == OutcomeKind.Threw && outcome.Exception is OperationCanceledException;

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

    /// <summary>One variant's <c>PriceClient</c>: the object to dispose and its <c>GetPriceAsync</c>.</summary>
    private sealed record Client(IDisposable Owner, Func<Uri, CancellationToken, Task<string>> GetPriceAsync);
}
