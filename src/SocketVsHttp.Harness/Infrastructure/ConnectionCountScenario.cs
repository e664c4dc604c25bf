using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>One variant's workload: N sequential operations against a fresh loopback server, with the connections counted.</summary>
public delegate Task<ConnectionMeasurement> ConnectionWorkload(ScenarioSettings settings, CancellationToken ct);

/// <summary>What one rule's connection-count scenario is: its texts, its two workloads and the rows it shows.</summary>
public sealed record ConnectionCount
{
    public required string RuleId { get; init; }

    public required string Title { get; init; }

    public required string Measures { get; init; }

    /// <summary><c>Bad.cs</c>'s code as a workload.</summary>
    public required ConnectionWorkload Bad { get; init; }

    /// <summary><c>Fixed.cs</c>'s code as a workload.</summary>
    public required ConnectionWorkload Fixed { get; init; }

    /// <summary>The operations, plural, as the verdict names them ("requests", "look-ups", "messages").</summary>
    public string Operations { get; init; } = "requests";

    /// <summary>
    /// The row of failed operations (<see cref="ConnectionMeasurement.Failures"/>), after TIME_WAIT; or null where the table
    /// shows <see cref="ConnectionCountScenario.Received"/> after the connections instead.
    /// </summary>
    public string? FailuresRow { get; init; } = "failed requests";

    /// <summary>Whether the connections and TIME_WAIT samples taken during the runs are part of the result (the charts' lines).</summary>
    public bool Sampled { get; init; } = true;

    /// <summary>The CONFIRMED text from (bad, fixed, N): what each column opened and left.</summary>
    public required Func<ConnectionMeasurement, ConnectionMeasurement, int, string> Confirmed { get; init; }

    /// <summary>
    /// Where this runtime may not open a connection per operation for the bad code at all: the NOT SHOWN HERE reason from
    /// (bad, fixed, N), given when both columns ran cleanly and used the same number of connections. Null: NOT CONFIRMED then.
    /// </summary>
    public Func<ConnectionMeasurement, ConnectionMeasurement, int, string>? SameCountNotShownHere { get; init; }
}

/// <summary>
/// The scenario of the rules that claim a connection per operation (SVH101, SVH102, SVH110, SVH206): N sequential operations
/// of each column's code against a fresh loopback server, counting the TCP connections the server accepted and the client
/// sockets left in TIME_WAIT. CONFIRMED when both columns ran cleanly (every operation right), the bad code opened one
/// connection per operation (N &gt; 1), the fixed code one, and the bad code left more sockets in TIME_WAIT. One class,
/// configured per rule by a <see cref="ConnectionCount"/>.
/// </summary>
public class ConnectionCountScenario(ConnectionCount config) : Scenario<ConnectionWorkload, ConnectionMeasurement>
{
    public const string Connections = "TCP connections accepted";
    public const string TimeWait = "client sockets in TIME_WAIT";
    public const string Received = "messages received";
    public const string Elapsed = "elapsed";

    public override string RuleId => config.RuleId;

    public override string Title => config.Title;

    public override string Measures => config.Measures;

    protected override ConnectionWorkload BadCode => config.Bad;

    protected override ConnectionWorkload FixedCode => config.Fixed;

    protected override IReadOnlyList<Metric<ConnectionMeasurement>> Metrics
    {
        get
        {
            var rows = new List<Metric<ConnectionMeasurement>> { new(Connections, "count", m => m.Connections) };
            if (config.FailuresRow is null)
            {
                rows.Add(new(Received, "count", m => m.Received));
            }

            rows.Add(new(TimeWait, "count", m => m.TimeWait));
            if (config.FailuresRow is { } failures)
            {
                rows.Add(new(failures, "count", m => m.Failures));
            }

            rows.Add(new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)));
            return rows;
        }
    }

    public override ScenarioVerdict Judge(ConnectionMeasurement bad, ConnectionMeasurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var ran = bad.Outcome.Completed && fixedRun.Outcome.Completed && bad.Failures == 0 && fixedRun.Failures == 0;
        if (ran && n > 1 && bad.Connections == n && fixedRun.Connections == 1 && bad.TimeWait > fixedRun.TimeWait)
        {
            return new ScenarioVerdict(VerdictKind.Confirmed, config.Confirmed(bad, fixedRun, n));
        }

        // Elapsed times are never evidence: with the same count, this runtime did not do what the rule says of the bad code.
        if (ran && config.SameCountNotShownHere is { } why && bad.Connections == fixedRun.Connections)
        {
            return ScenarioVerdict.NotShownHere(why(bad, fixedRun, n));
        }

        var ops = config.Operations;
        var orSame = config.SameCountNotShownHere is null ? string.Empty : " (or the same count on a runtime that reuses a connection for the bad code)";
        return new ScenarioVerdict(
            VerdictKind.NotConfirmed,
            $"expected {n} vs 1 connections{orSame}, no failed {ops} and more TIME_WAIT for bad; measured {bad.Connections} vs {fixedRun.Connections} connections for {n} {ops}, {bad.TimeWait} vs {fixedRun.TimeWait} sockets in TIME_WAIT, failed {ops} {bad.Failures} vs {fixedRun.Failures} ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})");
    }

    protected override Task<ConnectionMeasurement> MeasureAsync(ConnectionWorkload code, ScenarioSettings settings, CancellationToken ct)
        => code(settings, ct);

    protected override IReadOnlyList<TimeSeries> Series(ConnectionMeasurement bad, ConnectionMeasurement fixedRun)
        => config.Sampled
            ? new[]
            {
                new TimeSeries(Connections, "count", bad.ConnectionsOverTime, fixedRun.ConnectionsOverTime),
                new TimeSeries(TimeWait, "count", bad.TimeWaitOverTime, fixedRun.TimeWaitOverTime),
            }
            : Array.Empty<TimeSeries>();
}
