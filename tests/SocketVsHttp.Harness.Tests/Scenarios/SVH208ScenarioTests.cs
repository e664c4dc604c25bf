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
}
