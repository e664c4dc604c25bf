using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH108;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

// The factory and its handler count are process-wide: run alone, not beside `run all` in the CLI tests.
[Collection(ProcessWideStateCollection.Name)]
public class SVH108ScenarioTests
{
    [Fact]
    public async Task CapturedFactoryClient_KeepsOneHandler_ClientsPerUseRotate()
    {
        var result = await new SVH108Scenario().RunAsync(TestSettings.Small, CancellationToken.None);
        if (result.Row(SVH108Scenario.HandlersBuilt).Fixed < 2)
        {
            // The factory rotates handlers from a timer; on a machine loaded by parallel test assemblies (CI runs them
            // together) its callback can miss the whole 3 s window, which is the machine, not the code under test:
            // measure once more. The assertions below hold the second run to the same values.
            result = await new SVH108Scenario().RunAsync(TestSettings.Small, CancellationToken.None);
        }

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH108Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH108Scenario.Failures).Fixed);

        // 3 s window, 1 s handler lifetime.
        var connections = result.Row(SVH108Scenario.Connections);
        Assert.Equal(1, connections.Bad);
        Assert.InRange(connections.Fixed, 2, 5);

        // The captured client builds at most its one handler (on first use in the process); clients per use rotate.
        var handlers = result.Row(SVH108Scenario.HandlersBuilt);
        Assert.InRange(handlers.Bad, 0, 1);
        Assert.InRange(handlers.Fixed, 2, 5);

        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_OneConnectionAgainstOnePerRotatedHandler_Confirms()
    {
        var bad = new SVH108Scenario.Measurement(1, new PacedCounts(56, 0), 1, 1, Measured.Completed());
        var fixedRun = new SVH108Scenario.Measurement(3, new PacedCounts(58, 0), 3, 58, Measured.Completed());

        var verdict = new SVH108Scenario().Judge(bad, fixedRun, TestSettings.Small);

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("over 3 s with a 1 s handler lifetime, the client captured in a static field sent 56 requests on 1 connection: its handler is never rotated (1 handlers built); clients created per use opened 3 connections for 58 requests, one per handler the factory rotated in (3 built)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothRotate_OrNeither_IsNotConfirmed()
    {
        var one = new SVH108Scenario.Measurement(1, new PacedCounts(56, 0), 0, 0, Measured.Completed());
        var three = new SVH108Scenario.Measurement(3, new PacedCounts(58, 0), 3, 58, Measured.Completed());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH108Scenario().Judge(one, one, TestSettings.Small).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH108Scenario().Judge(three, three, TestSettings.Small).Kind);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_PerUseClientsThatSawNoRotation_AreNotTakenForACapturedOne()
    {
        // Fixed code in the bad column (the fixed-for-both plan) on a busy machine: the factory's 1 s timer fired late, so
        // the window saw one connection, but the code took a client per request; that is no capture.
        var perUseWithoutRotation = new SVH108Scenario.Measurement(1, new PacedCounts(36, 0), 0, 36, Measured.Completed());
        var perUse = new SVH108Scenario.Measurement(2, new PacedCounts(36, 0), 1, 36, Measured.Completed());

        var verdict = new SVH108Scenario().Judge(perUseWithoutRotation, perUse, TestSettings.Small);

        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.Contains("36 vs 36 clients taken from the factory", verdict.Text, StringComparison.Ordinal);
    }
}
