using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_AllAcceptedAgainstAllRefused_Confirms()
    {
        var bad = new SVH106Scenario.Measurement(5, 0, 0, 5, 1, Measured.Completed());
        var fixedRun = new SVH106Scenario.Measurement(0, 5, 0, 0, 5, Measured.Completed());

        var verdict = new SVH106Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("the callback that returns true accepted all 5 responses from a server presenting a self-signed certificate for the wrong name (and sent it 5 requests); default validation refused all 5 with an AuthenticationException before any request was sent", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothRefuse_OrTheImpostorServedTheFixedClient_IsNotConfirmed()
    {
        var refused = new SVH106Scenario.Measurement(0, 5, 0, 0, 5, Measured.Completed());
        var accepted = new SVH106Scenario.Measurement(5, 0, 0, 5, 1, Measured.Completed());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH106Scenario().Judge(refused, refused, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH106Scenario().Judge(accepted, refused with { Served = 1 }, Measured.Settings(5)).Kind);
    }
}
