using SocketVsHttp.Harness.Scenarios.SVH201;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH201ScenarioTests
{
    [Fact]
    public async Task LoopWithoutZeroCheck_SpinsOnEmptyReads_FixedLoopExits()
    {
        var result = await new SVH201Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var bytes = result.Row(SVH201Scenario.Bytes);
        Assert.Equal(bytes.Bad, bytes.Fixed);
        Assert.True(bytes.Fixed > 0);

        var emptyReads = result.Row(SVH201Scenario.EmptyReads);
        Assert.True(emptyReads.Bad >= 100, $"bad loop delivered only {emptyReads.Bad} empty reads");
        Assert.Equal(0, emptyReads.Fixed);

        var exited = result.Row(SVH201Scenario.ExitedByItself);
        Assert.Equal(0, exited.Bad);
        Assert.Equal(1, exited.Fixed);
        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
