using SocketVsHttp.Harness.Scenarios.SVH111;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH111ScenarioTests
{
    [Fact]
    public async Task ChannelPerCall_OpensAConnectionPerCall_SharedChannelAtMostOne()
    {
        var result = await new SVH111Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH111Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH111Scenario.Failures).Fixed);

        var connections = result.Row(SVH111Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.True(connections.Fixed <= 1, $"shared channel opened {connections.Fixed} connections");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
