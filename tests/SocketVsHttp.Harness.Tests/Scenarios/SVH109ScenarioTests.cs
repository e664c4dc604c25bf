using SocketVsHttp.Harness.Infrastructure;
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

        // Bounds from this run, not wall-clock guesses: the timer that ends the bound may fire a little before the
        // stopwatch reaches it, so "hit the bound" (asserted above) is the evidence; the bad call outlived the fixed one.
        var elapsed = result.Row(SVH109Scenario.Elapsed);
        Assert.True(elapsed.Bad > elapsed.Fixed, $"bad ended after {elapsed.Bad} ms, fixed after {elapsed.Fixed} ms");
        Assert.True(elapsed.Fixed >= SVH109Scenario.CallerTimeout.TotalMilliseconds - 50, $"fixed ended after {elapsed.Fixed} ms");

        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_WaitingUntilStopped_AgainstEndingOnTheCancellation_Confirms()
    {
        var bad = new SVH109Scenario.Measurement(Measured.HitBound(5003));
        var fixedRun = new SVH109Scenario.Measurement(Measured.Threw(new TaskCanceledException(), 204));

        var verdict = new SVH109Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("the caller cancelled after 200 ms; the call without the token was still waiting when the harness stopped it at 5003 ms (it would wait forever); the call with the token ended after 204 ms (threw TaskCanceledException)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothEndOnCancellation_OrTheFixedCallFailsOtherwise_IsNotConfirmed()
    {
        var cancelled = new SVH109Scenario.Measurement(Measured.Threw(new OperationCanceledException()));
        var waited = new SVH109Scenario.Measurement(Measured.HitBound());

        Assert.Equal(VerdictKind.NotConfirmed, new SVH109Scenario().Judge(cancelled, cancelled, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH109Scenario().Judge(waited, new(Measured.Threw(new IOException())), Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH109Scenario().Judge(waited, waited, Measured.Settings()).Kind);
    }
}
