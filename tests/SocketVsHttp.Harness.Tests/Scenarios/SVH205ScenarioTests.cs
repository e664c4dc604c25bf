using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;
using SocketVsHttp.Harness.Scenarios.SVH205;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH205ScenarioTests
{
    [Fact]
    public async Task PeerVanishes_KeepAliveReadFailsByItself_ReaderWithoutWaits_OrNotShownHere()
    {
        // Long enough for the scaled keep-alive (1 s idle + 2 probes 1 s apart) to give up, with room to spare.
        var settings = new ScenarioSettings { Requests = TestSettings.Requests, Bound = TimeSpan.FromSeconds(6) };
        bool canVanish;
        using (var probe = VanishingPeer.TryCreate(out _))
        {
            canVanish = probe is not null;
        }

        var result = await new SVH205Scenario().RunAsync(settings, CancellationToken.None);

        Assert.Equal(1, result.Row(SVH205Scenario.Messages).Bad);
        Assert.Equal(1, result.Row(SVH205Scenario.Messages).Fixed);
        Assert.Equal(0, result.Row(SVH205Scenario.KeepAliveOn).Bad);
        Assert.Equal(1, result.Row(SVH205Scenario.KeepAliveOn).Fixed);
        Assert.Equal(1, result.Row(SVH205Scenario.StillWaiting).Bad);
        Assert.Equal(0, result.Row(SVH205Scenario.ReadFailed).Bad);
        if (!canVanish)
        {
            // This machine cannot make a peer vanish (not Linux, not root, or no iproute2): the loopback path.
            Assert.Equal(VerdictKind.NotShownHere, result.VerdictKind);
            return;
        }

        // The peer vanished after its message: the keep-alive reader's read failed by itself, timed out, within the
        // window; the reader without keep-alive waited until the harness stopped it.
        Assert.Equal(0, result.Row(SVH205Scenario.StillWaiting).Fixed);
        Assert.Equal(1, result.Row(SVH205Scenario.ReadFailed).Fixed);
        // Keep-alive gives up after the idle time and the unanswered probes (1 s + 2 x 1 s), not on some other error.
        Assert.InRange(result.Row(SVH205Scenario.TimeToFail).Fixed, 2500, settings.Bound.TotalMilliseconds);
        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.Equal("threw IOException", result.FixedOutcome);
        Assert.Equal(VerdictKind.Confirmed, result.VerdictKind);
    }

    [Fact]
    public async Task OnLoopback_BothReadersWaitOnALiveSilentPeer_NotShownHere()
    {
        var settings = new ScenarioSettings { Requests = TestSettings.Requests, Bound = TimeSpan.FromSeconds(1) };
        var result = await new SVH205Scenario { UseVanishingPeer = false }.RunAsync(settings, CancellationToken.None);

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

    private static readonly SVH205Scenario.PeerPath Vanishing = new(true, string.Empty, TimeSpan.FromSeconds(5));
    private static readonly SVH205Scenario.PeerPath OnLoopback = new(false, "not root", TimeSpan.FromSeconds(2));

    private static SVH205Scenario.Measurement Waited(SVH205Scenario.PeerPath peer)
        => new(1, false, -1, -1, Measured.HitBound(), false, false, -1, null, peer);

    private static SVH205Scenario.Measurement TimedOut(SVH205Scenario.PeerPath peer)
        => new(1, true, 30, 10, Measured.Threw(new IOException("timed out")), true, true, 3072, null, peer);

    [Fact]
    public void Verdict_FromMeasuredValues_AVanishedPeer_WaitingAgainstATimedOutRead_Confirms()
    {
        var verdict = new SVH205Scenario().Judge(Waited(Vanishing), TimedOut(Vanishing), Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Contains("the read failed by itself after 3072 ms", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_OnLoopback_BothWaiting_IsNotShownHere_NeverConfirmed()
    {
        var verdict = new SVH205Scenario().Judge(Waited(OnLoopback), Waited(OnLoopback) with { KeepAliveOn = true }, Measured.Settings());

        Assert.Equal(VerdictKind.NotShownHere, verdict.Kind);
        Assert.Contains("which this run could not use (not root)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothWaitingForAVanishedPeer_OrASetUpFailure_IsNotConfirmed()
    {
        var scenario = new SVH205Scenario();

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Waited(Vanishing), Waited(Vanishing), Measured.Settings()).Kind);
        // The fixed column's namespace could not be set up: judged as on loopback, where a failed run is no wait.
        var notSetUp = SVH205Scenario.Measurement.NotSetUp("ip: not found", Vanishing);
        var verdict = scenario.Judge(Waited(Vanishing), notSetUp, Measured.Settings());
        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.StartsWith("expected both readers to get the message and wait on the silent live peer", verdict.Text);
    }
}
