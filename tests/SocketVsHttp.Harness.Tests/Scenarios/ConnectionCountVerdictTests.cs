using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Scenarios.SVH101;
using SocketVsHttp.Harness.Scenarios.SVH102;
using SocketVsHttp.Harness.Scenarios.SVH110;
using SocketVsHttp.Harness.Scenarios.SVH206;
using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>
/// The verdict of the connection-count scenario (SVH101, SVH102, SVH110, SVH206), from measured values: the same
/// predicate for every rule it is configured for. No server runs here.
/// </summary>
public class ConnectionCountVerdictTests
{
    public static TheoryData<string> Rules() => new() { "SVH101", "SVH102", "SVH110", "SVH206" };

    internal static ConnectionCountScenario Scenario(string ruleId) => ruleId switch
    {
        "SVH101" => new SVH101Scenario(),
        "SVH102" => new SVH102Scenario(),
        "SVH110" => new SVH110Scenario(),
        _ => new SVH206Scenario(),
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void AConnectionPerOperationAgainstOne_WithMoreTimeWait_Confirms(string ruleId)
    {
        var verdict = Scenario(ruleId).Judge(Measured.Connections(5, 5), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.Confirmed, verdict.Kind);
        Assert.Contains("5 connections", verdict.Text);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void NoMoreTimeWaitForBad_DoesNotConfirm(string ruleId)
    {
        var verdict = Scenario(ruleId).Judge(Measured.Connections(5, 0), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.StartsWith("expected 5 vs 1 connections", verdict.Text);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void FewerConnectionsThanOperations_DoesNotConfirm(string ruleId)
    {
        var verdict = Scenario(ruleId).Judge(Measured.Connections(4, 4), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
        Assert.Contains("measured 4 vs 1 connections for 5", verdict.Text);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void AFailedOperation_OrARunThatDidNotComplete_DoesNotConfirm(string ruleId)
    {
        var scenario = Scenario(ruleId);
        var settings = Measured.Settings(5);

        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 5, failures: 1), Measured.Connections(1, 0), settings).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 5), Measured.Connections(1, 0, failures: 1), settings).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 5, outcome: Measured.HitBound()), Measured.Connections(1, 0), settings).Kind);
        Assert.Equal(VerdictKind.NotConfirmed, scenario.Judge(Measured.Connections(5, 5), Measured.Connections(1, 0, outcome: Measured.Threw(new IOException())), settings).Kind);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void OneOperation_CannotShowAConnectionPerOperation(string ruleId)
    {
        // With N = 1 a connection per call and a shared connection both open 1: nothing to confirm.
        var verdict = Scenario(ruleId).Judge(Measured.Connections(1, 1), Measured.Connections(1, 0), Measured.Settings(1));

        Assert.NotEqual(VerdictKind.Confirmed, verdict.Kind);
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void FixedThatOpensAConnectionPerOperationToo_DoesNotConfirm(string ruleId)
    {
        // A fixed column that runs Bad.cs (what the swapped plan does): N connections in both columns. (SVH110 calls the same
        // count NOT SHOWN HERE; never CONFIRMED.)
        var verdict = Scenario(ruleId).Judge(Measured.Connections(5, 5), Measured.Connections(5, 5), Measured.Settings(5));

        Assert.NotEqual(VerdictKind.Confirmed, verdict.Kind);
    }

    [Theory]
    [InlineData("SVH101")]
    [InlineData("SVH102")]
    [InlineData("SVH206")]
    public void TheSameCount_IsNotConfirmed_ExceptWhereTheRuntimeCachesTheClient(string ruleId)
    {
        var verdict = Scenario(ruleId).Judge(Measured.Connections(1, 0), Measured.Connections(1, 0), Measured.Settings(5));

        Assert.Equal(VerdictKind.NotConfirmed, verdict.Kind);
    }
}
