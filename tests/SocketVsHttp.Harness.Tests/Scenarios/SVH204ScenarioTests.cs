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
}
