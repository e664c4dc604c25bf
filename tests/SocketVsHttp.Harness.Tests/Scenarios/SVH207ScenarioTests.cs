using SocketVsHttp.Harness.Scenarios.SVH207;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH207ScenarioTests
{
    [Fact]
    public async Task IgnoredCount_LosesBytesSilently_LoopDeliversAll()
    {
        var result = await new SVH207Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var received = result.Row(SVH207Scenario.Received);
        Assert.True(received.Bad > 0 && received.Bad < SVH207Scenario.PayloadSize, $"bad delivered {received.Bad} bytes");
        Assert.Equal(SVH207Scenario.PayloadSize, received.Fixed);

        var lost = result.Row(SVH207Scenario.Lost);
        Assert.True(lost.Bad > 0);
        Assert.Equal(0, lost.Fixed);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }
}
