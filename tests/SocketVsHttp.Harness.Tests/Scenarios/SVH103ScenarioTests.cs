using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH103;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH103ScenarioTests
{
    [Fact]
    public async Task DefaultStaticClient_KeepsOneConnection_LifetimeClientRotates()
    {
        var result = await new SVH103Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH103Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH103Scenario.Failures).Fixed);

        // What the code says: Bad.cs pools forever, Fixed.cs (the fix's output) sets 2 minutes.
        Assert.Equal(-1, result.Row(SVH103Scenario.CodeLifetime).Bad);
        Assert.Equal(120, result.Row(SVH103Scenario.CodeLifetime).Fixed);
        // In the run: Bad.cs's infinite lifetime left alone, Fixed.cs's finite one scaled down (read back from each handler).
        Assert.Equal(-1, result.Row(SVH103Scenario.RunLifetime).Bad);
        Assert.InRange(result.Row(SVH103Scenario.RunLifetime).Fixed, 0.1, 119);

        // 3 s window, 1 s lifetime: at least a second connection, whatever the machine's load.
        var connections = result.Row(SVH103Scenario.Connections);
        Assert.Equal(1, connections.Bad);
        Assert.InRange(connections.Fixed, 2, 5);
        Assert.True(result.Row(SVH103Scenario.Requests).Bad >= 5);

        Assert.True(result.Confirmed, result.Verdict);
    }

    private static SVH103Scenario.Measurement Run(int connections, int sent, TimeSpan codeLifetime, TimeSpan runLifetime, int failed = 0)
        => new(connections, new PacedCounts(sent, failed), Measured.Completed(), codeLifetime, runLifetime);

    [Fact]
    public void Verdict_FromMeasuredValues_OneConnectionKeptForeverAgainstOnePerLifetime_Confirms()
    {
        var bad = Run(1, 51, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var fixedRun = Run(3, 54, TimeSpan.FromMinutes(2), SVH103Scenario.ScaledLifetime);

        var verdict = new SVH103Scenario().Judge(bad, fixedRun, TestSettings.Small);

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("over 3 s the default static client sent 51 requests on 1 connection, kept forever (with a host name, a DNS change would never be seen); Fixed.cs's client on SocketsHttpHandler (its lifetime 2 min, run with 1 s) opened 3 connections for 54 requests, a new one per lifetime (where a host name is resolved again)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_RotationWithoutALifetimeInTheCode_IsNotConfirmed()
    {
        var scenario = new SVH103Scenario();
        var forever = Run(1, 51, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        // Connections that rotated although the fixed code wrote no lifetime were not made by the fix.
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(forever, Run(3, 54, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), TestSettings.Small).Kind);
        // The bad column rotated too: its code had a lifetime (what fixed-for-both runs).
        var rotating = Run(3, 54, TimeSpan.FromMinutes(2), SVH103Scenario.ScaledLifetime);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(rotating, rotating, TestSettings.Small).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(forever, rotating with { Counts = new PacedCounts(54, 1) }, TestSettings.Small).Kind);
    }
}
