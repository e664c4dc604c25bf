using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH203;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH203ScenarioTests
{
    [Fact]
    public async Task BackgroundLoopWithoutCatch_DiesUnobserved_FixedLoopTellsItsOwner()
    {
        var settings = new ScenarioSettings { Requests = TestSettings.Requests, Bound = TimeSpan.FromSeconds(2) };
        var result = await new SVH203Scenario().RunAsync(settings, CancellationToken.None);

        var notified = result.Row(SVH203Scenario.OwnerNotified);
        Assert.Equal(0, notified.Bad);
        Assert.Equal(1, notified.Fixed);

        var time = result.Row(SVH203Scenario.TimeToKnow);
        Assert.True(time.Bad >= 1900, $"bad owner stopped waiting after {time.Bad} ms");
        Assert.True(time.Fixed < 1500, $"fixed owner knew only after {time.Fixed} ms");

        var unobserved = result.Row(SVH203Scenario.Unobserved);
        Assert.True(unobserved.Bad >= 1, "the bad loop's connection error was not counted as unobserved");
        Assert.Equal(0, unobserved.Fixed);
        var messages = result.Row(SVH203Scenario.Messages);
        Assert.Equal(1, messages.Bad);
        Assert.Equal(1, messages.Fixed);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_AnUnobservedDeathAgainstAToldOwner_Confirms()
    {
        var bad = new SVH203Scenario.Measurement(1, false, TimeSpan.FromMilliseconds(5002), 1);
        var fixedRun = new SVH203Scenario.Measurement(1, true, TimeSpan.FromMilliseconds(55), 0);

        var verdict = new SVH203Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("after the reset the bad loop died in the background and its owner was still waiting after 5002 ms (1 unobserved task exception(s)); the fixed loop caught the IOException and its owner knew after 55 ms", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_SilenceWithoutAnUnobservedError_IsNotConfirmed()
    {
        // Code that never ran is silent too: the owner's silence alone is not the claim.
        var silent = new SVH203Scenario.Measurement(0, false, TimeSpan.FromSeconds(5), 0);
        var told = new SVH203Scenario.Measurement(1, true, TimeSpan.FromMilliseconds(55), 0);

        Assert.Equal(VerdictKind.NotConfirmed, new SVH203Scenario().Judge(silent, told, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH203Scenario().Judge(told, told, Measured.Settings()).Kind);
    }
}
