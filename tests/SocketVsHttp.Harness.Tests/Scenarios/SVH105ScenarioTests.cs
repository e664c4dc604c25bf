using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_EveryCallHeldItsThread_AgainstNone_Confirms()
    {
        var bad = new SVH105Scenario.Measurement(5, 5, 260, 3, 4, Measured.Completed(300));
        var fixedRun = new SVH105Scenario.Measurement(5, 0, 0.4, 0, 0, Measured.Completed(70));

        var verdict = new SVH105Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("blocking on .Result held a thread-pool thread through each of the 5 calls (260 ms of thread time, the pool grew by 3 threads; all 5 completed in 300 ms); awaiting held none (0 ms, 0 threads added, all 5 completed in 70 ms)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_ABadRunStoppedAtTheBound_StillConfirms_AHeldFixedCallDoesNot()
    {
        var scenario = new SVH105Scenario();
        var starved = new SVH105Scenario.Measurement(2, 5, 9000, 10, 40, Measured.HitBound());
        var awaited = new SVH105Scenario.Measurement(5, 0, 0.4, 0, 0, Measured.Completed());

        var verdict = scenario.Judge(starved, awaited, Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Contains("only 2 of 5 completed before the harness stopped it at the bound", verdict.Text);

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(awaited, awaited, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(starved, awaited with { HeldThread = 1 }, Measured.Settings(5)).Kind);
    }
}
