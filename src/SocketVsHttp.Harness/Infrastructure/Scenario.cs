using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>How a scenario warms its variants up before the measured runs (JIT, first-use costs).</summary>
public enum WarmUp
{
    /// <summary>No warm-up: the first run is the measured one (what a first use costs is part of the claim, or nothing is timed).</summary>
    None,

    /// <summary>Each column's code once with one request (<c>Requests = 1</c>): cannot exhaust what the measured run counts.</summary>
    OneRequest,

    /// <summary>Each column's code once with the run's own settings.</summary>
    FullRun,
}

/// <summary>A verdict with its basis: the kind and the one line that says which values from both runs make it.</summary>
public sealed record ScenarioVerdict(VerdictKind Kind, string Text)
{
    /// <summary>CONFIRMED with <paramref name="basis"/>, or NOT CONFIRMED with <paramref name="expected"/> (what was expected and measured).</summary>
    public static ScenarioVerdict From(bool confirmed, string basis, string expected)
        => confirmed ? new(VerdictKind.Confirmed, basis) : new(VerdictKind.NotConfirmed, expected);

    public static ScenarioVerdict NotShownHere(string why) => new(VerdictKind.NotShownHere, why);
}

/// <summary>One row of a scenario's table, read from each column's measurement.</summary>
public sealed record Metric<TMeasurement>(string Name, string Unit, Func<TMeasurement, double> Value);

/// <summary>One variant's object and the method a scenario calls on it: the object is disposed when the run ends.</summary>
public sealed record Owned<TMethod>(IDisposable Owner, TMethod Call);

/// <summary>A measurement that knows how its variant ended (most of them: the <see cref="Bounded"/> run's outcome).</summary>
public interface IVariantRun
{
    VariantOutcome Outcome { get; }
}

/// <summary>
/// The skeleton every scenario shares: take each column's code from the variant plan, warm both up, run the bad column then
/// the fixed column, read the verdict from both measurements and build the <see cref="ScenarioResult"/>. A scenario keeps
/// only what is its own: the code of its two files (<see cref="BadCode"/>, <see cref="FixedCode"/>: the only place that
/// names <c>Bad.</c> / <c>Fixed.</c> types), how one variant is measured (<see cref="MeasureAsync"/>), the rows of its
/// table (<see cref="Metrics"/>) and its verdict (<see cref="Judge"/>), a pure function of the two measurements, so a test
/// can assert the verdict from given values without running a server.
/// </summary>
/// <typeparam name="TCode">What a column runs: a method of the file, or a factory of its class.</typeparam>
/// <typeparam name="TMeasurement">What one run of one variant measured.</typeparam>
public abstract class Scenario<TCode, TMeasurement> : IScenario
{
    public abstract string RuleId { get; }

    public abstract string Title { get; }

    public abstract string Measures { get; }

    /// <summary>What <c>Bad.cs</c> gives (a method, a factory); the plan decides which column runs it.</summary>
    protected abstract TCode BadCode { get; }

    /// <summary>What <c>Fixed.cs</c> gives, in the same shape as <see cref="BadCode"/>.</summary>
    protected abstract TCode FixedCode { get; }

    /// <summary>How both columns are warmed up before the measured runs; <see cref="WarmUp.OneRequest"/> unless a scenario says otherwise.</summary>
    protected virtual WarmUp WarmUp => WarmUp.OneRequest;

    /// <summary>The rows of the table, in order: each reads its value from the bad and from the fixed measurement.</summary>
    protected abstract IReadOnlyList<Metric<TMeasurement>> Metrics { get; }

    /// <summary>
    /// The verdict from the two measurements (bad column, fixed column) and the settings they ran with: a pure function.
    /// CONFIRMED must read both runs: the bad code misbehaved as the rule says and the fixed code did not.
    /// </summary>
    public abstract ScenarioVerdict Judge(TMeasurement bad, TMeasurement fixedRun, ScenarioSettings settings);

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select(BadCode, FixedCode);
        var (bad, fixedRun) = await MeasureBothAsync(badCode, fixedCode, settings, ct).ConfigureAwait(false);
        var verdict = Judge(bad, fixedRun, settings);
        var rows = new List<MetricRow>();
        foreach (var metric in Metrics)
        {
            rows.Add(new MetricRow(metric.Name, metric.Value(bad), metric.Value(fixedRun), metric.Unit));
        }

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = rows,
            Series = Series(bad, fixedRun),
            BadOutcome = Outcome(bad, settings),
            FixedOutcome = Outcome(fixedRun, settings),
            Verdict = verdict.Text,
            VerdictKind = verdict.Kind,
        };
    }

    /// <summary>Measures one column's code once; must stop by itself within the settings' bound.</summary>
    protected abstract Task<TMeasurement> MeasureAsync(TCode code, ScenarioSettings settings, CancellationToken ct);

    /// <summary>
    /// Warm-up of both columns (<see cref="WarmUp"/>), then the bad column's run, then the fixed column's. A scenario
    /// overrides this only where its order or its runs differ, and says why.
    /// </summary>
    protected virtual async Task<(TMeasurement Bad, TMeasurement Fixed)> MeasureBothAsync(
        TCode badCode, TCode fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        if (WarmUp != WarmUp.None)
        {
            // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
            var warmUp = WarmUp == WarmUp.OneRequest ? settings with { Requests = 1 } : settings;
            await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
            await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);
        }

        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);
        return (bad, fixedRun);
    }

    /// <summary>Quantities sampled over time during the runs; none unless a scenario samples some.</summary>
    protected virtual IReadOnlyList<TimeSeries> Series(TMeasurement bad, TMeasurement fixedRun) => Array.Empty<TimeSeries>();

    /// <summary>How a run ended, as the outcome row shows it: the <see cref="Bounded"/> outcome of an <see cref="IVariantRun"/>.</summary>
    protected virtual string Outcome(TMeasurement run, ScenarioSettings settings)
        => run is IVariantRun measured
            ? measured.Outcome.Describe()
            : throw new InvalidOperationException($"{RuleId}: the measurement is no {nameof(IVariantRun)}; the scenario must describe its outcome");

    /// <summary>A row in milliseconds, rounded to 0.1 ms as every table shows them.</summary>
    protected static double Ms(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 1);

    /// <summary>A yes/no row: 1 = yes.</summary>
    protected static double Yes(bool value) => value ? 1 : 0;
}
