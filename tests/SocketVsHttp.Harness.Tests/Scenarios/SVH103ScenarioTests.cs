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
}
