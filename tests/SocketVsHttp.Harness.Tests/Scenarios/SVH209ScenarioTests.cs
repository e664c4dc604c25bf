using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_AMultiplexerPerCallAgainstOneShared_Confirms()
    {
        var bad = new SVH209Scenario.Measurement(10, 40, 0, Measured.Completed());
        var fixedRun = new SVH209Scenario.Measurement(2, 8, 0, Measured.Completed());

        var verdict = new SVH209Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.StartsWith("a ConnectionMultiplexer per call opened 10 connections (40 handshake commands) for 5 reads; the shared one opened 2 (8)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_ManyConnectionsInBothColumns_OrAFailedRead_IsNotConfirmed()
    {
        var perCall = new SVH209Scenario.Measurement(10, 40, 0, Measured.Completed());
        var shared = new SVH209Scenario.Measurement(2, 8, 0, Measured.Completed());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH209Scenario().Judge(perCall, perCall, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH209Scenario().Judge(perCall with { Failures = 1 }, shared, Measured.Settings(5)).Kind);
    }
}
