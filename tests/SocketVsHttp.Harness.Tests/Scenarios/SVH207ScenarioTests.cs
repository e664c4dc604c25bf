using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH207;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH207ScenarioTests
{
    [Fact]
    public async Task IgnoredCount_LosesBytesSilently_LoopDeliversAll()
    {
        var result = await new SVH207Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var received = result.Row(SVH207Scenario.Received);
        Assert.True(received.Bad > 0 && received.Bad < SVH207Scenario.PayloadSize, $"bad delivered {received.Bad} bytes");
        Assert.Equal(SVH207Scenario.PayloadSize, received.Fixed);

        var lost = result.Row(SVH207Scenario.Lost);
        Assert.True(lost.Bad > 0);
        Assert.Equal(0, lost.Fixed);

        Assert.Equal("completed", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);
        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_APartialSendThatReturnedNormally_Confirms()
    {
        var bad = new SVH207Scenario.Measurement(3919467, Measured.Completed());
        var fixedRun = new SVH207Scenario.Measurement(SVH207Scenario.PayloadSize, Measured.Completed());

        var verdict = new SVH207Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal(SVH207Scenario.PayloadSize - 3919467, bad.Lost);
        Assert.Equal("the ignored count hid a partial send: Send returned normally and the server received 3919467 of 8388608 bytes; the loop delivered all 8388608", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_ASendThatThrew_IsNoSilentLoss()
    {
        // Bytes missing after an exception are not lost silently: the caller was told.
        var threw = new SVH207Scenario.Measurement(100, Measured.Threw(new System.Net.Sockets.SocketException()));
        var all = new SVH207Scenario.Measurement(SVH207Scenario.PayloadSize, Measured.Completed());

        Assert.Equal(0, threw.Lost);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH207Scenario().Judge(threw, all, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, new SVH207Scenario().Judge(all, all, Measured.Settings()).Kind);
    }
}
