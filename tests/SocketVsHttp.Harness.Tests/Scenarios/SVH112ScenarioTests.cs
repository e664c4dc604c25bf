using SocketVsHttp.Harness.Scenarios.SVH112;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH112ScenarioTests
{
    [Fact]
    public async Task ServicePointManagerSettingsAreIgnored_TheSameSettingsOnTheHandlerWork()
    {
        var result = await new SVH112Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH112Scenario.ConcurrentFailures).Bad);
        Assert.Equal(0, result.Row(SVH112Scenario.ConcurrentFailures).Fixed);

        // DefaultConnectionLimit = 2 changes nothing: every concurrent request got its own connection.
        // MaxConnectionsPerServer = 2 on the handler: two connections, two requests at the server at once.
        var connections = result.Row(SVH112Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.InRange(connections.Fixed, 1, SVH112Scenario.Limit);
        Assert.True(result.Row(SVH112Scenario.HeldAtOnce).Bad > SVH112Scenario.Limit);
        Assert.InRange(result.Row(SVH112Scenario.HeldAtOnce).Fixed, 1, SVH112Scenario.Limit);

        // The ServicePointManager callback is never called for HttpClient: default validation refuses the server's own
        // certificate. The same callback on SslOptions is called and trusts it.
        var calls = result.Row(SVH112Scenario.CallbackCalls);
        Assert.Equal(0, calls.Bad);
        Assert.True(calls.Fixed >= 1, $"callback calls with the fix: {calls.Fixed}");
        Assert.Equal(TestSettings.Requests, result.Row(SVH112Scenario.HttpsRefused).Bad);
        Assert.Equal(0, result.Row(SVH112Scenario.HttpsAccepted).Bad);
        Assert.Equal(TestSettings.Requests, result.Row(SVH112Scenario.HttpsAccepted).Fixed);
        Assert.Equal(0, result.Row(SVH112Scenario.HttpsRefused).Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
