using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_NeedsEveryMessageReceivedInBothColumns()
    {
        var scenario = new SVH206Scenario();
        static ConnectionMeasurement Run(int connections, int timeWait, int received)
            => Measured.Connections(connections, timeWait, failures: 5 - received) with { Received = received };

        var confirmed = scenario.Judge(Run(5, 5, 5), Run(1, 0, 5), Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, confirmed.Kind);
        Assert.Equal("a connection per message opened 5 connections for 5 messages and left 5 sockets in TIME_WAIT; the kept connection carried all 5 messages over 1 connection and left 0", confirmed.Text);

        // The kept connection lost a message (a sender that never flushed): not the fix the rule claims.
        var lost = scenario.Judge(Run(5, 5, 5), Run(1, 0, 4), Measured.Settings(5));
        Assert.Equal(VerdictKind.NotConfirmed, lost.Kind);
        Assert.Contains("failed messages 0 vs 1", lost.Text);
    }
}
