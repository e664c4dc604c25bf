using SocketVsHttp.Harness.Scenarios.SVH107;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH107ScenarioTests
{
    [Fact]
    public async Task SharedHeader_SendsAnotherCallsToken_PerRequestHeaderNever_TimeoutWriteThrows()
    {
        // The race on a shared header is rare on a loaded machine (1 wrong token in 900 to 13,000 requests, seen after 1 to
        // 8 s): a long bound gives the bad variant time to show it; the run stops as soon as it has, so the bound only
        // costs when the race is slow to show.
        var result = await new SVH107Scenario().RunAsync(TestSettings.Small with { Bound = TimeSpan.FromSeconds(45) }, CancellationToken.None);

        Assert.Equal("completed", result.FixedOutcome);
        var sent = result.Row(SVH107Scenario.Requests);
        // The bad variant runs until the race on DefaultRequestHeaders shows (or the bound ends it); the fixed variant then
        // sends at least as many requests.
        Assert.True(sent.Bad >= TestSettings.Requests * SVH107Scenario.Concurrency, $"bad sent {sent.Bad}");
        Assert.True(sent.Fixed >= sent.Bad, $"fixed sent {sent.Fixed}, bad {sent.Bad}");

        var wrong = result.Row(SVH107Scenario.WrongToken);
        Assert.True(wrong.Bad > 0, $"the shared header never sent another call's token in {sent.Bad} requests");
        Assert.Equal(0, wrong.Fixed);
        Assert.Equal(0, result.Row(SVH107Scenario.Failures).Fixed);

        // Deterministic: every Timeout write after the first request throws.
        var throws = result.Row(SVH107Scenario.TimeoutThrows);
        Assert.Equal(TestSettings.Requests - 1, throws.Bad);
        Assert.Equal(0, throws.Fixed);

        Assert.True(result.Confirmed, result.Verdict);
    }
}
