using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH112;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH112ScenarioTests
{
    [Fact]
    public async Task ServicePointManagerSettingsAreIgnored_TheSameSettingsOnTheHandlerWork()
    {
        var result = await new SVH112Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.Equal(0, result.Row(SVH112Scenario.ConcurrentFailures).Bad);
        Assert.Equal(0, result.Row(SVH112Scenario.ConcurrentFailures).Fixed);

        // DefaultConnectionLimit = 2 changes nothing: every concurrent request got its own connection.
        // MaxConnectionsPerServer = 2 on the handler: two connections, two requests at the server at once.
        var connections = result.Row(SVH112Scenario.Connections);
        Assert.Equal(TestSettings.Requests, connections.Bad);
        Assert.InRange(connections.Fixed, 1, SVH112Scenario.Limit);
        Assert.True(result.Row(SVH112Scenario.HeldAtOnce).Bad > SVH112Scenario.Limit);
        Assert.InRange(result.Row(SVH112Scenario.HeldAtOnce).Fixed, 1, SVH112Scenario.Limit);

        // The ServicePointManager callback is never called for HttpClient: default validation refuses the server's own
        // certificate. The same callback on SslOptions is called and trusts it.
        var calls = result.Row(SVH112Scenario.CallbackCalls);
        Assert.Equal(0, calls.Bad);
        Assert.True(calls.Fixed >= 1, $"callback calls with the fix: {calls.Fixed}");
        Assert.Equal(TestSettings.Requests, result.Row(SVH112Scenario.HttpsRefused).Bad);
        Assert.Equal(0, result.Row(SVH112Scenario.HttpsAccepted).Bad);
        Assert.Equal(TestSettings.Requests, result.Row(SVH112Scenario.HttpsAccepted).Fixed);
        Assert.Equal(0, result.Row(SVH112Scenario.HttpsRefused).Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }

    private static SVH112Scenario.Measurement Bad(int connections) => new(connections, connections, 0, TimeSpan.FromMilliseconds(120), 0, 0, 5, Measured.Completed());

    private static SVH112Scenario.Measurement Fixed(int connections) => new(connections, connections, 0, TimeSpan.FromMilliseconds(300), 1, 5, 0, Measured.Completed());

    [Fact]
    public void Verdict_FromMeasuredValues_TheLimitIgnored_AndTheCallbackNeverCalled_AgainstBothHonoured_Confirms()
    {
        var verdict = new SVH112Scenario().Judge(Bad(5), Fixed(2), Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.StartsWith("with ServicePointManager.DefaultConnectionLimit = 2, 5 concurrent GETs through HttpClient opened 5 connections", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_TheLimitHonouredByBoth_OrTheCallbackCalledForBad_IsNotConfirmed()
    {
        var scenario = new SVH112Scenario();

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Fixed(2), Fixed(2), Measured.Settings(5)).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Bad(5) with { Checks = 1 }, Fixed(2), Measured.Settings(5)).Kind);
        // No more requests than the limit: nothing to exceed.
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Bad(2), Fixed(2), Measured.Settings(2)).Kind);
    }
}
