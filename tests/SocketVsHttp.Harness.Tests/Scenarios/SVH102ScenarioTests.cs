using SocketVsHttp.Harness.Scenarios.SVH102;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH102ScenarioTests
{
    [Fact]
    public async Task HandlerPerCall_OpensAConnectionPerLookup_HoistedHandlerReusesOne()
    {
        var result = await new SVH102Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        // Both variants return the redirect target without following it (AllowAutoRedirect = false is kept by the fix).
        Assert.Equal(0, result.Row(SVH102Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH102Scenario.Failures).Fixed);

        var connections = result.Row(SVH102Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.Equal(1, connections.Fixed);

        // TIME_WAIT comes from the OS table and is only compared, not counted exactly.
        var timeWait = result.Row(SVH102Scenario.TimeWait);
        Assert.True(timeWait.Bad > timeWait.Fixed, $"TIME_WAIT bad {timeWait.Bad} vs fixed {timeWait.Fixed}");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
