using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_SaysWhatEachColumnOpenedAndLeft()
    {
        var verdict = new SVH101Scenario().Judge(Measured.Connections(5, 5), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("a client per call opened 5 connections for 5 requests and left 5 sockets in TIME_WAIT; the shared client used 1 connection and left 0", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_TwoConnectionsForTheSharedClient_IsNotConfirmed()
    {
        var verdict = new SVH101Scenario().Judge(Measured.Connections(5, 5), Measured.Connections(2, 1), Measured.Settings(5));

        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.Equal("expected 5 vs 1 connections, no failed requests and more TIME_WAIT for bad; measured 5 vs 2 connections for 5 requests, 5 vs 1 sockets in TIME_WAIT, failed requests 0 vs 0 (completed / completed)", verdict.Text);
    }
}
