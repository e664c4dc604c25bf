using SocketVsHttp.Harness.Scenarios.SVH206;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH206ScenarioTests
{
    [Fact]
    public async Task ConnectionPerMessage_OpensNConnections_KeptConnectionUsesOne()
    {
        var result = await new SVH206Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        var received = result.Row(SVH206Scenario.Received);
        Assert.Equal(TestSettings.Requests, received.Bad);
        Assert.Equal(TestSettings.Requests, received.Fixed);

        var connections = result.Row(SVH206Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.Equal(1, connections.Fixed);

        // TIME_WAIT comes from the OS table and is only compared, not counted exactly.
        var timeWait = result.Row(SVH206Scenario.TimeWait);
        Assert.True(timeWait.Bad > timeWait.Fixed, $"TIME_WAIT bad {timeWait.Bad} vs fixed {timeWait.Fixed}");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
