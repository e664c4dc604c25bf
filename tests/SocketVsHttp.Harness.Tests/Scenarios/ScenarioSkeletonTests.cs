using SocketVsHttp.Harness.Infrastructure;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>
/// The skeleton every scenario runs on (<see cref="Scenario{TCode, TMeasurement}"/>), with a scenario that measures
/// nothing on the wire: which code each column gets, the warm-up, the order of the runs, and the result it builds.
/// </summary>
public class ScenarioSkeletonTests
{
    [Theory]
    [InlineData("as-written", "bad", "fixed")]
    [InlineData("fixed-for-both", "fixed", "fixed")]
    [InlineData("swapped", "fixed", "bad")]
    public async Task EachColumnRunsTheCodeOfThePlan_WarmedUpOnce_BadColumnFirst(string plan, string badColumn, string fixedColumn)
    {
        var scenario = new Recording(WarmUp.OneRequest);

        var result = await scenario.RunAsync(TestSettings.Small with { Variants = VariantPlan.Parse(plan)! }, CancellationToken.None);

        Assert.Equal(
            new[] { $"{badColumn} x1", $"{fixedColumn} x1", $"{badColumn} x{TestSettings.Requests}", $"{fixedColumn} x{TestSettings.Requests}" },
            scenario.Runs);
        Assert.Equal(badColumn == "bad" ? 1 : 0, result.Row("ran Bad.cs").Bad);
        Assert.Equal(fixedColumn == "bad" ? 1 : 0, result.Row("ran Bad.cs").Fixed);
        Assert.Equal(plan == "as-written" ? VerdictKind.Confirmed : VerdictKind.NotConfirmed, result.VerdictKind);
    }

    [Fact]
    public async Task TheResultHoldsTheScenarioTexts_TheRowsInOrder_TheOutcomes_AndTheVerdictOfJudge()
    {
        var scenario = new Recording(WarmUp.None);
        var settings = TestSettings.Small;

        var result = await scenario.RunAsync(settings, CancellationToken.None);

        Assert.Equal(new[] { $"bad x{TestSettings.Requests}", $"fixed x{TestSettings.Requests}" }, scenario.Runs);
        Assert.Equal(("SVH999", "a title", "what it measures"), (result.RuleId, result.Title, result.Measures));
        Assert.Same(settings, result.Settings);
        Assert.Equal(new[] { "ran Bad.cs", "operations", "elapsed" }, result.Metrics.Select(m => m.Name));
        Assert.Equal(new MetricRow("operations", TestSettings.Requests, TestSettings.Requests, "count"), result.Row("operations"));
        Assert.Equal(12.3, result.Row("elapsed").Bad);
        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("hit the bound (5000 ms)", result.FixedOutcome);
        Assert.Equal(VerdictKind.Confirmed, result.VerdictKind);
        Assert.Equal("bad ran Bad.cs, fixed did not", result.Verdict);
        Assert.Empty(result.Series);
    }

    [Fact]
    public async Task AFullRunWarmUp_RunsEachColumnWithTheRunsOwnSettings()
    {
        var scenario = new Recording(WarmUp.FullRun);

        await scenario.RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal(4, scenario.Runs.Count);
        Assert.All(scenario.Runs, run => Assert.EndsWith($"x{TestSettings.Requests}", run));
    }

    [Fact]
    public void EveryScenarioOfTheCatalog_RunsOnTheSkeleton()
    {
        static bool OnSkeleton(Type? type)
        {
            for (; type is not null; type = type.BaseType)
            {
                if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Scenario<,>))
                {
                    return true;
                }
            }

            return false;
        }

        Assert.NotEmpty(ScenarioCatalog.All);
        Assert.All(ScenarioCatalog.All, scenario => Assert.True(OnSkeleton(scenario.GetType()), $"{scenario.RuleId} implements IScenario by hand"));
        Assert.False(OnSkeleton(typeof(ScenarioCatalog)));
    }

    private sealed record Run(bool RanBad, int Operations, VariantOutcome Outcome) : IVariantRun;

    /// <summary>Records what it was asked to run; Bad.cs is the string "bad", Fixed.cs "fixed".</summary>
    private sealed class Recording(WarmUp warmUp) : Scenario<string, Run>
    {
        public List<string> Runs { get; } = new();

        public override string RuleId => "SVH999";

        public override string Title => "a title";

        public override string Measures => "what it measures";

        protected override string BadCode => "bad";

        protected override string FixedCode => "fixed";

        protected override WarmUp WarmUp => warmUp;

        protected override IReadOnlyList<Metric<Run>> Metrics => new Metric<Run>[]
        {
            new("ran Bad.cs", "1 = yes", r => Yes(r.RanBad)),
            new("operations", "count", r => r.Operations),
            new("elapsed", "ms", r => Ms(r.Outcome.Elapsed)),
        };

        public override ScenarioVerdict Judge(Run bad, Run fixedRun, ScenarioSettings settings)
            => ScenarioVerdict.From(bad.RanBad && !fixedRun.RanBad, "bad ran Bad.cs, fixed did not", "expected Bad.cs in the bad column only");

        protected override Task<Run> MeasureAsync(string code, ScenarioSettings settings, CancellationToken ct)
        {
            Runs.Add($"{code} x{settings.Requests}");
            var outcome = code == "bad" ? Measured.Completed(12.34) : Measured.HitBound();
            return Task.FromResult(new Run(code == "bad", settings.Requests, outcome));
        }
    }
}
