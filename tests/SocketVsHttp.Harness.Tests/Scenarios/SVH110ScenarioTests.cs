using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH110;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH110ScenarioTests
{
    [Fact]
    public async Task DefaultWebClient_ReusesCachedClient_OnNet5Plus_NotShownHere()
    {
        var result = await new SVH110Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH110Scenario.Failures).Bad);
        Assert.Equal(0, result.Row(SVH110Scenario.Failures).Fixed);

        // What .NET 5+ does: a default-settings WebClient reuses HttpWebRequest's cached HttpClient, so it opens no more
        // connections than the fix. The rule's "a connection per request" is then not what this run shows: the verdict
        // must say NOT SHOWN HERE, not CONFIRMED on elapsed time.
        var connections = result.Row(SVH110Scenario.Connections);
        Assert.Equal(1, connections.Fixed);
        Assert.Equal(1, connections.Bad);
        Assert.Equal(VerdictKind.NotShownHere, result.VerdictKind);
        Assert.Contains("cached HttpClient", result.Verdict);
        Assert.False(result.Confirmed);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_TheSameCount_IsNotShownHere_NeverConfirmed()
    {
        // What .NET 5+ measures: one cached client behind every default WebClient, one connection in both columns.
        var verdict = new SVH110Scenario().Judge(Measured.Connections(1, 0), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.NotShownHere, verdict.Kind);
        Assert.StartsWith($"on .NET {Environment.Version.Major} a WebClient with default settings reuses one cached HttpClient", verdict.Text);
        Assert.Contains("measured 1 vs 1 connections for 5 requests, 0 vs 0 sockets in TIME_WAIT, failures 0 vs 0", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_AConnectionPerRequest_Confirms_AndAFailure_IsNotConfirmed()
    {
        var scenario = new SVH110Scenario();

        // A runtime (or a WebClient with credentials, a proxy...) that gives each WebClient a client of its own.
        var perRequest = scenario.Judge(Measured.Connections(5, 5), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.Confirmed, perRequest.Kind);
        Assert.Equal("a WebClient per call opened 5 connections for 5 requests and left 5 sockets in TIME_WAIT; the shared HttpClient used 1 and left 0", perRequest.Text);

        // The same count is NOT SHOWN HERE only when both ran cleanly; a failed request makes it NOT CONFIRMED.
        var failed = scenario.Judge(Measured.Connections(1, 0, failures: 1), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.NotConfirmed, failed.Kind);

        // Different counts that are not N vs 1: NOT CONFIRMED, not NOT SHOWN HERE.
        var between = scenario.Judge(Measured.Connections(3, 3), Measured.Connections(1, 0), Measured.Settings(5));
        Assert.Equal(VerdictKind.NotConfirmed, between.Kind);
    }
}
