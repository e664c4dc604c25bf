using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH201;
using Xunit;

namespace SocketVsHttp.Harness.Tests;

/// <summary>
/// Scenarios that run with other plans count sockets, threads and connections like the others: alone, after the
/// parallel tests, so neither disturbs the other's counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VariantPlanCollection
{
    public const string Name = "Variant plans";
}

/// <summary>
/// The verdicts are tested on runs where the difference is absent: every scenario run with <c>Fixed.cs</c> in both
/// columns, or with the two swapped, must not say CONFIRMED. A verdict that does not read the bad run (or a scenario that
/// names <c>Bad.</c> types instead of taking its code from the plan) fails here.
/// </summary>
[Collection(VariantPlanCollection.Name)]
public class VerdictTests
{
    /// <summary>Short bound: with the difference absent nothing needs long; the fixed code still runs as written.</summary>
    private static ScenarioSettings PlanSettings(VariantPlan plan)
        => TestSettings.Small with { Bound = TimeSpan.FromSeconds(3), Variants = plan };

    /// <summary>
    /// Scenarios that count process-wide things (file descriptors, thread-pool threads, GCs, a shared factory's handlers):
    /// their plan runs stay alone, after the parallel tests; the others run beside them, one class per plan.
    /// </summary>
    internal static readonly HashSet<string> ProcessWide = new(StringComparer.Ordinal) { "SVH104", "SVH105", "SVH108", "SVH208", "SVH210" };

    public static TheoryData<string> ProcessWideScenarios() => Ids(id => ProcessWide.Contains(id));

    public static TheoryData<string> OtherScenarios() => Ids(id => !ProcessWide.Contains(id));

    private static TheoryData<string> Ids(Func<string, bool> include)
    {
        var data = new TheoryData<string>();
        foreach (var scenario in ScenarioCatalog.All)
        {
            if (include(scenario.RuleId))
            {
                data.Add(scenario.RuleId);
            }
        }

        return data;
    }

    /// <summary>Runs the scenario under the plan; returns why the check fails (a CONFIRMED verdict), or null.</summary>
    internal static async Task<string?> ConfirmedWithoutTheDifferenceAsync(IScenario scenario, VariantPlan plan)
    {
        var result = await scenario.RunAsync(PlanSettings(plan), CancellationToken.None);
        Assert.Equal(plan, result.Settings.Variants);
        Assert.NotEmpty(result.Metrics);
        return result.Confirmed
            ? $"{scenario.RuleId} with variants={plan.Name} says CONFIRMED: {result.Verdict}"
            : null;
    }

    [Theory]
    [MemberData(nameof(ProcessWideScenarios))]
    public async Task WithoutTheDifference_NoProcessWideScenarioConfirms(string ruleId)
    {
        await AssertNoConfirmationAsync(ruleId, VariantPlan.FixedForBoth);
        await AssertNoConfirmationAsync(ruleId, VariantPlan.Swapped);
    }

    internal static async Task AssertNoConfirmationAsync(string ruleId, VariantPlan plan)
    {
        var failure = await ConfirmedWithoutTheDifferenceAsync(ScenarioCatalog.Find(ruleId)!, plan);

        Assert.Null(failure);
    }

    [Fact]
    public void EveryScenarioIsCoveredByThePlanTests()
    {
        var covered = ProcessWideScenarios().Cast<object[]>().Concat(OtherScenarios().Cast<object[]>()).Select(row => (string)row[0]).ToList();

        Assert.Equal(ScenarioCatalog.All.Select(s => s.RuleId).Order(StringComparer.Ordinal), covered.Order(StringComparer.Ordinal));
        Assert.True(covered.Count >= 21, $"only {covered.Count} scenarios found");
    }

    [Fact]
    public async Task AVerdictThatAlwaysConfirms_IsCaught()
    {
        // Positive control of the test above: the same check on a verdict that says CONFIRMED whatever it measured.
        var failure = await ConfirmedWithoutTheDifferenceAsync(new AlwaysConfirmed(new SVH201Scenario()), VariantPlan.FixedForBoth);

        Assert.NotNull(failure);
        Assert.Contains("SVH201 with variants=fixed-for-both says CONFIRMED", failure);
    }

    [Fact]
    public async Task AScenarioThatIgnoresThePlan_IsCaught()
    {
        // A scenario that names Bad.cs directly instead of taking its code from the plan still runs the bad code.
        var failure = await ConfirmedWithoutTheDifferenceAsync(new IgnoresPlan(new SVH201Scenario()), VariantPlan.FixedForBoth);

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task AsWritten_TheSameScenarioConfirms()
    {
        // The difference present: the real SVH201 verdict says CONFIRMED, so the plan test is not passing on a verdict
        // that never confirms.
        var result = await new SVH201Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal(VerdictKind.Confirmed, result.VerdictKind);
    }

    [Fact]
    public void Select_GivesEachColumnTheCodeOfThePlan()
    {
        Assert.Equal(("bad", "fixed"), VariantPlan.AsWritten.Select("bad", "fixed"));
        Assert.Equal(("fixed", "fixed"), VariantPlan.FixedForBoth.Select("bad", "fixed"));
        Assert.Equal(("fixed", "bad"), VariantPlan.Swapped.Select("bad", "fixed"));
        Assert.True(new ScenarioSettings().Variants.IsAsWritten);
    }

    [Theory]
    [InlineData("as-written", "Bad", "Fixed")]
    [InlineData("FIXED-FOR-BOTH", "Fixed", "Fixed")]
    [InlineData("swapped", "Fixed", "Bad")]
    public void Parse_KnowsTheNamedPlans(string name, string badColumn, string fixedColumn)
    {
        var plan = VariantPlan.Parse(name)!;

        Assert.Equal(badColumn, plan.BadColumn.ToString());
        Assert.Equal(fixedColumn, plan.FixedColumn.ToString());
        Assert.Null(VariantPlan.Parse("bad-for-both"));
    }

    [Fact]
    public void VerdictKinds_HaveTheirDisplayNames_AndOnlyConfirmedConfirms()
    {
        Assert.Equal("CONFIRMED", VerdictKind.Confirmed.Display());
        Assert.Equal("NOT CONFIRMED", VerdictKind.NotConfirmed.Display());
        Assert.Equal("NOT SHOWN HERE", VerdictKind.NotShownHere.Display());
        Assert.Equal(VerdictKind.Confirmed, VerdictKinds.From(true));
        Assert.Equal(VerdictKind.NotConfirmed, VerdictKinds.From(false));

        static ScenarioResult With(VerdictKind kind) => new()
        {
            RuleId = "SVH999",
            Title = "t",
            Measures = "m",
            Settings = new ScenarioSettings(),
            Metrics = Array.Empty<MetricRow>(),
            Verdict = "v",
            VerdictKind = kind,
        };

        Assert.True(With(VerdictKind.Confirmed).Confirmed);
        Assert.False(With(VerdictKind.NotConfirmed).Confirmed);
        Assert.False(With(VerdictKind.NotShownHere).Confirmed);
    }

    /// <summary>A broken verdict: runs the scenario, then says CONFIRMED whatever the numbers were.</summary>
    private sealed class AlwaysConfirmed(IScenario inner) : IScenario
    {
        public string RuleId => inner.RuleId;

        public string Title => inner.Title;

        public string Measures => inner.Measures;

        public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
            => (await inner.RunAsync(settings, ct)) with { VerdictKind = VerdictKind.Confirmed };
    }

    /// <summary>A broken scenario: runs the code as written whatever plan it is given.</summary>
    private sealed class IgnoresPlan(IScenario inner) : IScenario
    {
        public string RuleId => inner.RuleId;

        public string Title => inner.Title;

        public string Measures => inner.Measures;

        public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
            => (await inner.RunAsync(settings with { Variants = VariantPlan.AsWritten }, ct)) with { Settings = settings };
    }
}

/// <summary>Every other scenario with <c>Fixed.cs</c> in both columns, beside the parallel tests.</summary>
public class FixedForBothVerdictTests
{
    [Theory]
    [MemberData(nameof(VerdictTests.OtherScenarios), MemberType = typeof(VerdictTests))]
    public Task WithoutTheDifference_NoScenarioConfirms(string ruleId)
        => VerdictTests.AssertNoConfirmationAsync(ruleId, VariantPlan.FixedForBoth);
}

/// <summary>Every other scenario with the two files swapped, beside the parallel tests.</summary>
public class SwappedVerdictTests
{
    [Theory]
    [MemberData(nameof(VerdictTests.OtherScenarios), MemberType = typeof(VerdictTests))]
    public Task WithoutTheDifference_NoScenarioConfirms(string ruleId)
        => VerdictTests.AssertNoConfirmationAsync(ruleId, VariantPlan.Swapped);
}
