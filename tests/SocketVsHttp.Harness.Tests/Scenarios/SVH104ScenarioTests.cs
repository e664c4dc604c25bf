using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH104;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

// When the GC runs decides whether the bad variant stalls or opens a connection per request: runs alone.
[Collection(ProcessWideStateCollection.Name)]
public class SVH104ScenarioTests
{
    [Fact]
    public async Task UndisposedResponses_NeverHandBackTheirConnection_DisposedResponsesReuseThem()
    {
        var result = await new SVH104Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        // Fixed: every request completes, none waits, connections are reused.
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(TestSettings.Requests, result.Row(SVH104Scenario.Completed).Fixed);
        Assert.Equal(0, result.Row(SVH104Scenario.Stalled).Fixed);
        Assert.InRange(result.Row(SVH104Scenario.Connections).Fixed, 1, SVH104Scenario.MaxConnectionsPerServer);
        Assert.True(result.Row(SVH104Scenario.Reused).Fixed >= TestSettings.Requests - SVH104Scenario.MaxConnectionsPerServer);

        // Bad: no request ever gets a connection back. Usually the pool runs dry after MaxConnectionsPerServer
        // requests and the rest stall; if a GC finalizes the abandoned responses first, each request opens a new one.
        Assert.Equal(0, result.Row(SVH104Scenario.Reused).Bad);
        var completed = result.Row(SVH104Scenario.Completed).Bad;
        var stalled = result.Row(SVH104Scenario.Stalled).Bad;
        var connections = result.Row(SVH104Scenario.Connections).Bad;
        Assert.True(completed >= 1, $"bad completed {completed}");
        Assert.True(stalled > 0 || connections > SVH104Scenario.MaxConnectionsPerServer, $"bad: {completed} completed, {stalled} stalled, {connections} connections");

        // Without a GC during the bad run (the usual case when this test runs alone) the outcome is exact.
        if (result.Row(SVH104Scenario.Collections).Bad == 0)
        {
            Assert.Equal(SVH104Scenario.MaxConnectionsPerServer, completed);
            Assert.Equal(SVH104Scenario.MaxConnectionsPerServer, connections);
            Assert.Equal(SVH104Scenario.MaxStalls, stalled);
            Assert.Equal("hit the bound (3 requests stalled)", result.BadOutcome);
        }

        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_StalledAfterThePoolRanDry_AgainstReuse_Confirms()
    {
        var bad = new SVH104Scenario.Measurement(2, 3, 2, 0, Measured.HitBound(3000, "3 requests stalled"));
        var fixedRun = new SVH104Scenario.Measurement(5, 0, 1, 0, Measured.Completed());

        var verdict = new SVH104Scenario().Judge(bad, fixedRun, Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal(4, fixedRun.Reused);
        Assert.Equal($"undisposed responses kept all 2 pooled connections checked out after 2 requests; the next 3 requests each waited {SVH104Scenario.StallTimeout(Measured.Settings(5)).TotalMilliseconds:0} ms for a connection and timed out; disposed responses completed 5 of 5 requests with no stall on 1 connection(s)", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_AConnectionPerRequestAfterAGc_AlsoConfirms_ReuseByBadDoesNot()
    {
        var scenario = new SVH104Scenario();
        var fixedRun = new SVH104Scenario.Measurement(5, 0, 1, 0, Measured.Completed());

        // A GC finalized the abandoned responses: no stall, but a new connection for every request, none reused.
        var perRequest = new SVH104Scenario.Measurement(5, 0, 5, 1, Measured.Completed());
        Assert.Equal(VerdictKind.Confirmed, scenario.Judge(perRequest, fixedRun, Measured.Settings(5)).Kind);

        // Bad code that reused a connection handed it back: not the claim. Nor with no more requests than the pool holds.
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(fixedRun, fixedRun, Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(perRequest with { Completed = 2, Connections = 2 }, fixedRun with { Completed = 2 }, Measured.Settings(2)).Kind);
    }
}
