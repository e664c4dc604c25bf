using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_NamesLookUpsAndTheHoistedHandler()
    {
        var scenario = new SVH102Scenario();

        var confirmed = scenario.Judge(Measured.Connections(5, 5), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, confirmed.Kind);
        Assert.Equal("a handler per call opened 5 connections for 5 look-ups and left 5 sockets in TIME_WAIT; the hoisted handler used 1 connection and left 0", confirmed.Text);

        // A resolver that followed the redirect returns the wrong location: a failed look-up, never a confirmation.
        var followed = scenario.Judge(Measured.Connections(5, 5, failures: 5), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.NotConfirmed, followed.Kind);
        Assert.Contains("failed look-ups 5 vs 0", followed.Text);
    }
}
