using SocketVsHttp.Harness.Scenarios.SVH104;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

// When the GC runs decides whether the bad variant stalls or opens a connection per request: runs alone.
[Collection(ProcessWideStateCollection.Name)]
public class SVH104ScenarioTests
{
    [Fact]
    public async Task UndisposedResponses_NeverHandBackTheirConnection_DisposedResponsesReuseThem()
    {
        var result = await new SVH104Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        // Fixed: every request completes, none waits, connections are reused.
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(TestSettings.Requests, result.Row(SVH104Scenario.Completed).Fixed);
        Assert.Equal(0, result.Row(SVH104Scenario.Stalled).Fixed);
        Assert.InRange(result.Row(SVH104Scenario.Connections).Fixed, 1, SVH104Scenario.MaxConnectionsPerServer);
        Assert.True(result.Row(SVH104Scenario.Reused).Fixed >= TestSettings.Requests - SVH104Scenario.MaxConnectionsPerServer);

        // Bad: no request ever gets a connection back. Usually the pool runs dry after MaxConnectionsPerServer
        // requests and the rest stall; if a GC finalizes the abandoned responses first, each request opens a new one.
        Assert.Equal(0, result.Row(SVH104Scenario.Reused).Bad);
        var completed = result.Row(SVH104Scenario.Completed).Bad;
        var stalled = result.Row(SVH104Scenario.Stalled).Bad;
        var connections = result.Row(SVH104Scenario.Connections).Bad;
        Assert.True(completed >= 1, $"bad completed {completed}");
        Assert.True(stalled > 0 || connections > SVH104Scenario.MaxConnectionsPerServer, $"bad: {completed} completed, {stalled} stalled, {connections} connections");

        // Without a GC during the bad run (the usual case when this test runs alone) the outcome is exact.
        if (result.Row(SVH104Scenario.Collections).Bad == 0)
        {
            Assert.Equal(SVH104Scenario.MaxConnectionsPerServer, completed);
            Assert.Equal(SVH104Scenario.MaxConnectionsPerServer, connections);
            Assert.Equal(SVH104Scenario.MaxStalls, stalled);
            Assert.Equal("hit the bound (3 requests stalled)", result.BadOutcome);
        }

        Assert.True(result.Confirmed, result.Verdict);
    }
}
