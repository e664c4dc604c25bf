using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH204;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH204ScenarioTests
{
    [Fact]
    public async Task ConnectedStaysTrueAfterThePeerCloses_ZeroByteReadNoticesAtOnce()
    {
        var result = await new SVH204Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var detected = result.Row(SVH204Scenario.Detected);
        Assert.Equal(0, detected.Bad);
        Assert.Equal(1, detected.Fixed);
        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        // The bad watchdog kept saying "alive" until the harness's 1 s cap; the read noticed well before that.
        var alive = result.Row(SVH204Scenario.AliveAfterClose);
        Assert.True(alive.Bad >= SVH204Scenario.AliveCap.TotalMilliseconds, $"bad reported alive only {alive.Bad} ms after the close");
        Assert.True(alive.Fixed < 500, $"fixed took {alive.Fixed} ms to notice the close");

        var checks = result.Row(SVH204Scenario.ChecksAfterClose);
        Assert.True(checks.Bad >= 10, $"bad checked only {checks.Bad} times after the close");
        Assert.Equal(0, checks.Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_AliveUntilStoppedAgainstAReadThatNotices_Confirms()
    {
        var bad = new SVH204Scenario.Measurement(1008, 99, false, Measured.HitBound(1060, "peer still reported alive"));
        var fixedRun = new SVH204Scenario.Measurement(0.1, 0, true, Measured.Completed(51));

        var verdict = new SVH204Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("Connected still said the peer was there 1008 ms and 99 checks after it closed, until the harness stopped the watchdog; the 0-byte read noticed the close after 0.1 ms", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothNotice_OrNeither_IsNotConfirmed()
    {
        var notices = new SVH204Scenario.Measurement(0.1, 0, true, Measured.Completed());
        var never = new SVH204Scenario.Measurement(1008, 99, false, Measured.HitBound());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH204Scenario().Judge(notices, notices, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH204Scenario().Judge(never, never, Measured.Settings()).Kind);
    }
}
