using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_AChannelPerCallAgainstOne_Confirms_AndNoneOpenedByAnEarlierRun()
    {
        var scenario = new SVH111Scenario();

        var verdict = scenario.Judge(Measured.Connections(5, 0), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.StartsWith("a channel per call opened 5 HTTP/2 connections for 5 calls; the shared channel opened 1 (and multiplexed every call over it)", verdict.Text);

        // The static channel may have been opened by an earlier run in this process: 0 new connections.
        var earlier = scenario.Judge(Measured.Connections(5, 0), Measured.Connections(0, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, earlier.Kind);
        Assert.Contains("it was opened by an earlier run in this process", earlier.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_ChannelsPerCallInBothColumns_OrAFailedCall_IsNotConfirmed()
    {
        var scenario = new SVH111Scenario();

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 0), Measured.Connections(5, 0), Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 0, failures: 1), Measured.Connections(1, 0), Measured.Settings(5)).Kind);
    }
}
