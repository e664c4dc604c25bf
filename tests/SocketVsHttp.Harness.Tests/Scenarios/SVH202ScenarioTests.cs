using SocketVsHttp.Harness.Scenarios.SVH202;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH202ScenarioTests
{
    [Fact]
    public async Task SingleRead_ReturnsBrokenMessages_ReadExactlyReturnsThemIntact()
    {
        var result = await new SVH202Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var read = result.Row(SVH202Scenario.Messages);
        Assert.Equal(TestSettings.Requests, read.Bad);
        Assert.Equal(TestSettings.Requests, read.Fixed);

        var broken = result.Row(SVH202Scenario.Broken);
        Assert.True(broken.Bad >= 1, $"bad returned only {broken.Bad} broken messages");
        Assert.Equal(0, broken.Fixed);
        Assert.Equal(TestSettings.Requests, result.Row(SVH202Scenario.Valid).Fixed);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }
}
