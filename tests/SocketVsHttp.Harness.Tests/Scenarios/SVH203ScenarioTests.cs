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
}
