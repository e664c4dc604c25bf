using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH201;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

public class SVH201ScenarioTests
{
    [Fact]
    public async Task LoopWithoutZeroCheck_SpinsOnEmptyReads_FixedLoopExits()
    {
        var result = await new SVH201Scenario().RunAsync(TestSettings.Small, CancellationToken.None);

        var bytes = result.Row(SVH201Scenario.Bytes);
        Assert.Equal(bytes.Bad, bytes.Fixed);
        Assert.True(bytes.Fixed > 0);

        var emptyReads = result.Row(SVH201Scenario.EmptyReads);
        Assert.True(emptyReads.Bad >= 100, $"bad loop delivered only {emptyReads.Bad} empty reads");
        Assert.Equal(0, emptyReads.Fixed);

        var exited = result.Row(SVH201Scenario.ExitedByItself);
        Assert.Equal(0, exited.Bad);
        Assert.Equal(1, exited.Fixed);
        Assert.StartsWith("hit the bound", result.BadOutcome);
        Assert.Equal("completed", result.FixedOutcome);

        Assert.True(result.Confirmed, result.Verdict);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_EmptyReadsUntilStopped_AgainstALoopThatExits_Confirms()
    {
        var bytes = SVH201Scenario.ExpectedBytes();
        var bad = new SVH201Scenario.Measurement(3, bytes, 1000, Measured.HitBound(146, "1000 empty reads"));
        var fixedRun = new SVH201Scenario.Measurement(3, bytes, 0, Measured.Completed(87));

        var verdict = new SVH201Scenario().Judge(bad, fixedRun, Measured.Settings());

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Equal("after the peer closed, the bad loop delivered 1000 empty reads in 146 ms until the harness stopped it; the fixed loop exited by itself after 3 messages", verdict.Text);
    }

    [Fact]
    public void Verdict_FromMeasuredValues_BothLoopsExit_OrBytesMissing_IsNotConfirmed()
    {
        var scenario = new SVH201Scenario();
        var bytes = SVH201Scenario.ExpectedBytes();
        var exits = new SVH201Scenario.Measurement(3, bytes, 0, Measured.Completed());
        var spins = new SVH201Scenario.Measurement(3, bytes, 1000, Measured.HitBound());

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(exits, exits, Measured.Settings()).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(spins, spins, Measured.Settings()).Kind);
        // A bad loop that spun but lost data proves a different fault: not this rule's claim.
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(spins with { Bytes = bytes - 1 }, exits, Measured.Settings()).Kind);
    }
}
