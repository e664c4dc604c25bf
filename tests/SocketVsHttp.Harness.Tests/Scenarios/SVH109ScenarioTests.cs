using SocketVsHttp.Harness.Scenarios.SVH109;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH109ScenarioTests
{
    [Fact]
    public async Task CallWithoutToken_WaitsUntilStopped_CallWithTokenEndsOnCancel()
    {
        // A shorter bound keeps the test fast: the bad call would wait for any bound.
        var settings = TestSettings.Small with { Bound = TimeSpan.FromSeconds(2) };
        var result = await new SVH109Scenario().RunAsync(settings, CancellationToken.None);

        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.StartsWith("threw", result.FixedOutcome);
        Assert.Contains("Canceled", result.FixedOutcome);

        var ended = result.Row(SVH109Scenario.EndedOnCancel);
        Assert.Equal(0, ended.Bad);
        Assert.Equal(1, ended.Fixed);

        var elapsed = result.Row(SVH109Scenario.Elapsed);
        Assert.True(elapsed.Bad >= settings.Bound.TotalMilliseconds, $"bad ended after {elapsed.Bad} ms");
        Assert.True(elapsed.Fixed >= SVH109Scenario.CallerTimeout.TotalMilliseconds - 50, $"fixed ended after {elapsed.Fixed} ms");
        Assert.True(elapsed.Fixed < settings.Bound.TotalMilliseconds, $"fixed ended after {elapsed.Fixed} ms");

        Assert.True(result.Confirmed, result.Verdict);
    }
}
