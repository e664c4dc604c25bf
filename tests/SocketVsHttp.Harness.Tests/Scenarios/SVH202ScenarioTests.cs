using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH202;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH202ScenarioTests
{
    [Fact]
    public async Task SingleRead_ReturnsBrokenMessages_ReadExactlyReturnsThemIntact()
    {
        var result = await new SVH202Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var read = result.Row(SVH202Scenario.Messages);
        Assert.Equal(TestSettings.Requests, read.Bad);
        Assert.Equal(TestSettings.Requests, read.Fixed);

        var broken = result.Row(SVH202Scenario.Broken);
        Assert.True(broken.Bad >= 1, $"bad returned only {broken.Bad} broken messages");
        Assert.Equal(0, broken.Fixed);
        Assert.Equal(TestSettings.Requests, result.Row(SVH202Scenario.Valid).Fixed);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BrokenMessagesAgainstAllIntact_Confirms()
    {
        var bad = new SVH202Scenario.Measurement(5, 0, 5, Measured.Completed());
        var fixedRun = new SVH202Scenario.Measurement(5, 5, 0, Measured.Completed());

        var verdict = new SVH202Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Contains("returned 5 of 5 messages broken", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_NoBrokenMessage_OrAFixedReaderShortOfTheCount_IsNotConfirmed()
    {
        var scenario = new SVH202Scenario();
        var intact = new SVH202Scenario.Measurement(5, 5, 0, Measured.Completed());
        var broken = new SVH202Scenario.Measurement(5, 0, 5, Measured.Completed());

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(intact, intact, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(broken, intact with { Valid = 4, Read = 4 }, Measured.Settings(5)).Kind);
        // At most MaxMessages per run: with --requests 50 the fixed reader must have read 20, not 50.
        var twenty = new SVH202Scenario.Measurement(SVH202Scenario.MaxMessages, SVH202Scenario.MaxMessages, 0, Measured.Completed());
        Assert.Equal(VerdictKind.Confirmed, scenario.Judge(broken, twenty, Measured.Settings(50)).Kind);
    }
}
