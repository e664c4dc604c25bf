using SocketVsHttp.Harness.Scenarios.SVH106;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH106ScenarioTests
{
    [Fact]
    public async Task AcceptAllCallback_TalksToTheImpostor_DefaultValidationRefusesIt()
    {
        var result = await new SVH106Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        var accepted = result.Row(SVH106Scenario.Accepted);
        Assert.Equal(TestSettings.Requests, accepted.Bad);
        Assert.Equal(0, accepted.Fixed);

        var refused = result.Row(SVH106Scenario.Refused);
        Assert.Equal(0, refused.Bad);
        Assert.Equal(TestSettings.Requests, refused.Fixed);

        // Refused during the handshake: no request ever reaches the impostor.
        var served = result.Row(SVH106Scenario.Served);
        Assert.Equal(TestSettings.Requests, served.Bad);
        Assert.Equal(0, served.Fixed);
        Assert.Equal(0, result.Row(SVH106Scenario.OtherFailures).Bad);
        Assert.Equal(0, result.Row(SVH106Scenario.OtherFailures).Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
