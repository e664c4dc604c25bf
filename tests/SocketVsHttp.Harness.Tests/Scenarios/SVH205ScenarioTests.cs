using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH205;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH205ScenarioTests
{
    [Fact]
    public async Task FixedSocketHasKeepAlive_BothWaitOnALiveSilentLoopbackPeer_IdleTimeoutDetects()
    {
        var settings = new ScenarioSettings { Requests = TestSettings.Requests, Bound = TimeSpan.FromSeconds(1) };
        var result = await new SVH205Scenario().RunAsync(settings, CancellationToken.None);

        var on = result.Row(SVH205Scenario.KeepAliveOn);
        Assert.Equal(0, on.Bad);
        Assert.Equal(1, on.Fixed);
        Assert.Equal(30, result.Row(SVH205Scenario.KeepAliveTime).Fixed);
        Assert.Equal(5, result.Row(SVH205Scenario.KeepAliveInterval).Fixed);

        // Loopback: the silent peer's kernel answers keep-alive probes, so neither reader can detect it in the window.
        var waiting = result.Row(SVH205Scenario.StillWaiting);
        Assert.Equal(1, waiting.Bad);
        Assert.Equal(1, waiting.Fixed);

        var reference = result.Row(SVH205Scenario.IdleTimeoutReference);
        Assert.InRange(reference.Fixed, 400, 1000);

        Assert.Equal(1, result.Row(SVH205Scenario.Messages).Fixed);
        Assert.True(result.Confirmed, result.Verdict);
    }
}
