using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH208;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>Counts the process's socket handles, so it must not run while other tests open and close sockets.</summary>
[CollectionDefinition(nameof(SVH208ScenarioTests), DisableParallelization = true)]
public sealed class SocketHandleCountingCollection
{
}

[Collection(nameof(SVH208ScenarioTests))]
public class SVH208ScenarioTests
{
    [Fact]
    public async Task FailedConnectsLeakHandlesOnlyWithoutUsing()
    {
        var result = await new SVH208Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var failed = result.Row(SVH208Scenario.Failed);
        Assert.Equal(TestSettings.Requests, failed.Bad);
        Assert.Equal(TestSettings.Requests, failed.Fixed);

        var leftOpen = result.Row(SVH208Scenario.LeftOpen);
        Assert.InRange(leftOpen.Bad, TestSettings.Requests - 1, TestSettings.Requests + 2);
        Assert.Equal(0, leftOpen.Fixed);

        // The finalizer reclaims what the bad code forgot, but only once a GC runs.
        Assert.True(result.Row(SVH208Scenario.OpenAfterGc).Bad < leftOpen.Bad);
        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_LeakedHandlesAgainstNone_Confirms()
    {
        var bad = new SVH208Scenario.Measurement(5, 5, 5, 0, TimeSpan.FromMilliseconds(3), "ConnectionRefused");
        var fixedRun = new SVH208Scenario.Measurement(5, 5, 0, 0, TimeSpan.FromMilliseconds(3), "ConnectionRefused");

        var verdict = new SVH208Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("5 refused connects left 5 socket handles open with the bad code (closed only when the GC finalizes them: 0 left after a forced full GC); the using declaration left 0", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_FewLeaks_OrAConnectThatSucceeded_IsNotConfirmed()
    {
        var none = new SVH208Scenario.Measurement(5, 5, 0, 0, TimeSpan.Zero, "ConnectionRefused");
        var leaks = new SVH208Scenario.Measurement(5, 5, 5, 0, TimeSpan.Zero, "ConnectionRefused");

        Assert.Equal(VerdictKind.NotConfirmed, new SVH208Scenario().Judge(none, none, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH208Scenario().Judge(leaks with { LeftOpen = 3 }, none, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH208Scenario().Judge(leaks with { Failed = 4 }, none, Measured.Settings(5)).Kind);
    }
}
