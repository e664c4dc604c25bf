using SocketVsHttp.Harness.Infrastructure;
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

    [Fact]
    public void Verdict_FromMeasuredValues_PiecesAgainstWholeMessages_Confirms()
    {
        var n = SVH302Scenario.MessageCount;
        var bad = new SVH302Scenario.Measurement(3 * n, 0, 3 * n, Measured.Completed());
        var fixedRun = new SVH302Scenario.Measurement(n, n, 0, Measured.Completed());

        var verdict = new SVH302Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal($"handling per frame turned {n} messages into {3 * n} broken pieces and 0 whole messages; accumulating until EndOfMessage handled all {n} whole, 0 broken", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_WholeMessagesInBothColumns_IsNotConfirmed()
    {
        var n = SVH302Scenario.MessageCount;
        var whole = new SVH302Scenario.Measurement(n, n, 0, Measured.Completed());
        var pieces = new SVH302Scenario.Measurement(3 * n, 0, 3 * n, Measured.Completed());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH302Scenario().Judge(whole, whole, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH302Scenario().Judge(pieces, pieces, Measured.Settings()).Kind);
    }
}
