using SocketVsHttp.Harness.Scenarios.SVH107;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH107ScenarioTests
{
    [Fact]
    public async Task PerRequestHeader_IsAlwaysRight_TimeoutWriteThrowsAfterFirstRequest()
    {
        var result = await new SVH107Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        Assert.Equal("completed", result.FixedOutcome);
        var sent = result.Row(SVH107Scenario.Requests);
        Assert.InRange(sent.Bad, 1, TestSettings.Requests * SVH107Scenario.Concurrency);
        Assert.Equal(TestSettings.Requests * SVH107Scenario.Concurrency, sent.Fixed);

        // The race on DefaultRequestHeaders depends on thread timing: bad may or may not lose it in a short run.
        var wrong = result.Row(SVH107Scenario.WrongToken);
        Assert.True(wrong.Bad >= 0);
        Assert.Equal(0, wrong.Fixed);
        Assert.Equal(0, result.Row(SVH107Scenario.Failures).Fixed);

        // Deterministic: every Timeout write after the first request throws.
        var throws = result.Row(SVH107Scenario.TimeoutThrows);
        Assert.Equal(TestSettings.Requests - 1, throws.Bad);
        Assert.Equal(0, throws.Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
