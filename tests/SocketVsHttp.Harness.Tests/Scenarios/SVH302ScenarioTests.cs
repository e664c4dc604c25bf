using SocketVsHttp.Harness.Scenarios.SVH302;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH302ScenarioTests
{
    [Fact]
    public async Task PerFrameHandlerGetsOnlyBrokenPieces_AccumulatingHandlerGetsWholeMessages()
    {
        var result = await new SVH302Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var whole = result.Row(SVH302Scenario.Whole);
        Assert.Equal(0, whole.Bad);
        Assert.Equal(SVH302Scenario.MessageCount, whole.Fixed);

        // Every frame is handed on alone: at least one piece per frame, none of them a sent message.
        var broken = result.Row(SVH302Scenario.Broken);
        Assert.True(broken.Bad >= SVH302Scenario.MessageCount * SVH302Scenario.FramesPerMessage, $"broken pieces: {broken.Bad}");
        Assert.Equal(0, broken.Fixed);

        Assert.Equal(SVH302Scenario.MessageCount, result.Row(SVH302Scenario.Handled).Fixed);
        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }
}
