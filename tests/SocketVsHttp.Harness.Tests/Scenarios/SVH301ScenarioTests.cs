using SocketVsHttp.Harness.Scenarios.SVH301;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH301ScenarioTests
{
    [Fact]
    public async Task LoopIgnoringClose_NeverAnswersTheClose_FixedLoopClosesCleanly()
    {
        var result = await new SVH301Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var messages = result.Row(SVH301Scenario.Messages);
        Assert.Equal(SVH301Scenario.MessageCount, messages.Bad);
        Assert.Equal(SVH301Scenario.MessageCount, messages.Fixed);

        var clean = result.Row(SVH301Scenario.CleanClose);
        Assert.Equal(0, clean.Bad);
        Assert.Equal(1, clean.Fixed);

        var exited = result.Row(SVH301Scenario.ExitedByItself);
        Assert.Equal(0, exited.Bad);
        Assert.Equal(1, exited.Fixed);

        // The bad loop hands the Close result on as an empty message before it fails.
        Assert.True(result.Row(SVH301Scenario.EmptyResults).Bad >= 1);
        Assert.Equal(0, result.Row(SVH301Scenario.EmptyResults).Fixed);
        Assert.Equal("completed", result.FixedOutcome);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
