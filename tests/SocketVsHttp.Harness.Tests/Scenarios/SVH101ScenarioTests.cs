using SocketVsHttp.Harness.Scenarios.SVH101;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH101ScenarioTests
{
    [Fact]
    public async Task ClientPerCall_OpensAConnectionPerRequest_SharedClientReusesOne()
    {
        var result = await new SVH101Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH101Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH101Scenario.Failures).Fixed);

        var connections = result.Row(SVH101Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.Equal(1, connections.Fixed);

        // TIME_WAIT comes from the OS table and is only compared, not counted exactly.
        var timeWait = result.Row(SVH101Scenario.TimeWait);
        Assert.True(timeWait.Bad > timeWait.Fixed, $"TIME_WAIT bad {timeWait.Bad} vs fixed {timeWait.Fixed}");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
