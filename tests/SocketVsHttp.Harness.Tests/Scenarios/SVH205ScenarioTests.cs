using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH205;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH205ScenarioTests
{
    [Fact]
    public async Task BothReadersWaitOnALiveSilentLoopbackPeer_NotShownHere()
    {
        var settings = new ScenarioSettings { Requests = TestSettings.Requests, Bound = TimeSpan.FromSeconds(1) };
        var result = await new SVH205Scenario().RunAsync(settings, CancellationToken.None);

        // Read back from the sockets: what each file sets (shown, not evidence).
        var on = result.Row(SVH205Scenario.KeepAliveOn);
        Assert.Equal(0, on.Bad);
        Assert.Equal(1, on.Fixed);

        // Loopback: the silent peer's kernel answers keep-alive probes, so neither reader can tell a vanished peer here.
        Assert.Equal(1, result.Row(SVH205Scenario.Messages).Bad);
        Assert.Equal(1, result.Row(SVH205Scenario.Messages).Fixed);
        var waiting = result.Row(SVH205Scenario.StillWaiting);
        Assert.Equal(1, waiting.Bad);
        Assert.Equal(1, waiting.Fixed);

        // The options alone never make a confirmation.
        Assert.Equal(VerdictKind.NotShownHere, result.VerdictKind);
        Assert.Contains("loopback cannot make a peer vanish", result.Verdict);
    }
}
