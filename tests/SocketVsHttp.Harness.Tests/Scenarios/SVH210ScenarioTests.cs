using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH210;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>Counts the process's socket handles, so it shares SVH208's collection: no other test opens sockets meanwhile.</summary>
[Collection(nameof(SVH208ScenarioTests))]
public class SVH210ScenarioTests
{
    [Fact]
    public async Task HandlerThatNeverClosesLeavesServerSocketsOpen_UsingClosesThem()
    {
        var result = await new SVH210Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var echoed = result.Row(SVH210Scenario.Connections);
        Assert.Equal(TestSettings.Requests, echoed.Bad);
        Assert.Equal(TestSettings.Requests, echoed.Fixed);

        var closed = result.Row(SVH210Scenario.ClosedByServer);
        Assert.Equal(0, closed.Bad);
        Assert.Equal(TestSettings.Requests, closed.Fixed);

        var leftOpen = result.Row(SVH210Scenario.LeftOpen);
        // Counted exactly where /proc allows it: this server's own sockets, not the process's (others may open or close meanwhile).
        Assert.Equal(TestSettings.Requests, leftOpen.Bad);
        Assert.Equal(0, leftOpen.Fixed);

        var closeWait = result.Row(SVH210Scenario.CloseWait);
        Assert.Equal(TestSettings.Requests, closeWait.Bad);
        Assert.Equal(0, closeWait.Fixed);
        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_SocketsLeftOpenAgainstEveryCloseSeen_Confirms()
    {
        var bad = new SVH210Scenario.Measurement(5, 0, 5, 5, 0, "clients waited");
        var fixedRun = new SVH210Scenario.Measurement(5, 5, 0, 0, 0, "every client read the close");

        var verdict = new SVH210Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.StartsWith("the handler that never closes left 5 of 5 server sockets open after the clients had gone (5 in CLOSE_WAIT", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothClose_OrAnEchoMissing_IsNotConfirmed()
    {
        var closes = new SVH210Scenario.Measurement(5, 5, 0, 0, 0, "ok");
        var never = new SVH210Scenario.Measurement(5, 0, 5, 5, 0, "waited");

        Assert.Equal(VerdictKind.NotConfirmed, new SVH210Scenario().Judge(closes, closes, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH210Scenario().Judge(never with { Echoed = 4 }, closes, Measured.Settings(5)).Kind);
    }
}
