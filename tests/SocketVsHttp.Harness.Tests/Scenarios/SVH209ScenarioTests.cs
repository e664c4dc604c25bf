using SocketVsHttp.Harness.Scenarios.SVH209;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH209ScenarioTests
{
    [Fact]
    public async Task MultiplexerPerCall_ConnectsPerRead_SharedMultiplexerConnectsOnce()
    {
        var result = await new SVH209Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH209Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH209Scenario.Failures).Fixed);

        // The multiplexer opens an interactive and a subscription connection to each server.
        var connections = result.Row(SVH209Scenario.Connections);
        Assert.True(connections.Bad >= TestSettings.Requests, $"bad opened {connections.Bad} connections");
        Assert.True(connections.Fixed <= 2, $"shared multiplexer opened {connections.Fixed} connections");

        var handshakes = result.Row(SVH209Scenario.Handshakes);
        Assert.True(handshakes.Bad > handshakes.Fixed, $"handshakes bad {handshakes.Bad} vs fixed {handshakes.Fixed}");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
