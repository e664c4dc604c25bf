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
}
