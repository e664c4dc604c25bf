using SocketVsHttp.Harness.Scenarios.SVH105;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

// Blocks pool threads on purpose and reads the pool's counters: runs alone.
[Collection(ProcessWideStateCollection.Name)]
public class SVH105ScenarioTests
{
    [Fact]
    public async Task BlockingOnResult_HoldsAThreadPerCall_AwaitingHoldsNone()
    {
        var result = await new SVH105Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var held = result.Row(SVH105Scenario.HeldThread);
        Assert.Equal(TestSettings.Requests, held.Bad);
        Assert.Equal(0, held.Fixed);

        // Each blocked call holds its thread for at least the server's delay; an awaiting call returns at once.
        var threadTime = result.Row(SVH105Scenario.ThreadTimeHeld);
        Assert.True(threadTime.Bad >= TestSettings.Requests * SVH105Scenario.ServerDelayMs, $"bad thread time {threadTime.Bad} ms");
        Assert.True(threadTime.Bad > threadTime.Fixed, $"thread time bad {threadTime.Bad} vs fixed {threadTime.Fixed}");

        Assert.Equal(TestSettings.Requests, result.Row(SVH105Scenario.Completed).Fixed);
        Assert.Equal("completed", result.FixedOutcome);

        // Thread-pool growth depends on the pool's state (earlier tests, core count), so it is only reported.
        Assert.True(result.Confirmed, result.Verdict);
    }
}
