using SocketVsHttp.Harness.Infrastructure.Servers;
using SocketVsHttp.Harness.Infrastructure;
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

    private static readonly CloseObservation Clean = new(true, System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, System.Net.WebSockets.WebSocketState.Closed, "client answered Close (NormalClosure)");
    private static readonly CloseObservation Aborted = new(false, null, System.Net.WebSockets.WebSocketState.Aborted, "client aborted (ConnectionClosedPrematurely)");

    [Fact]
    public void Verdict_FromMeasuredValues_AnAbortAgainstACleanClose_Confirms()
    {
        var bad = new SVH301Scenario.Measurement(3, 1, Aborted, Measured.Threw(new System.Net.WebSockets.WebSocketException(System.Net.WebSockets.WebSocketError.InvalidState)));
        var fixedRun = new SVH301Scenario.Measurement(3, 0, Clean, Measured.Completed());

        var verdict = new SVH301Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("the bad loop threw WebSocketException (InvalidState) after the Close and the server saw: client aborted (ConnectionClosedPrematurely); the fixed loop answered the Close and exited, the server saw: client answered Close (NormalClosure)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_TwoCleanCloses_OrNoSession_IsNotConfirmed()
    {
        var clean = new SVH301Scenario.Measurement(3, 0, Clean, Measured.Completed());
        var noSession = new SVH301Scenario.Measurement(0, 0, null, Measured.Threw(new IOException()));

        Assert.Equal(VerdictKind.NotConfirmed, new SVH301Scenario().Judge(clean, clean, Measured.Settings()).Kind);
        var verdict = new SVH301Scenario().Judge(noSession, clean, Measured.Settings());
        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.Contains("server: no session", verdict.Text);
    }
}
