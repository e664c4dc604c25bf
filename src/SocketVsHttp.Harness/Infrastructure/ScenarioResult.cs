using System.Collections.Generic;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>One measured quantity for both variants.</summary>
public sealed record MetricRow(string Name, double Bad, double Fixed, string Unit);

/// <summary>One sample of a quantity during a variant's run: milliseconds since the run started, and the value.</summary>
public sealed record SeriesPoint(double Milliseconds, double Value);

/// <summary>A quantity sampled over time during both variants' runs (connections, TIME_WAIT sockets, threads...).</summary>
public sealed record TimeSeries(string Name, string Unit, IReadOnlyList<SeriesPoint> Bad, IReadOnlyList<SeriesPoint> Fixed);

/// <summary>What one scenario run measured.</summary>
public sealed record ScenarioResult
{
    public required string RuleId { get; init; }

    public required string Title { get; init; }

    public required string Measures { get; init; }

    public required ScenarioSettings Settings { get; init; }

    public required IReadOnlyList<MetricRow> Metrics { get; init; }

    /// <summary>Quantities sampled during the runs, for the time-based scenarios; empty for the others.</summary>
    public IReadOnlyList<TimeSeries> Series { get; init; } = System.Array.Empty<TimeSeries>();

    /// <summary>How the bad variant ended, e.g. "completed", "threw WebSocketException", "hit the bound".</summary>
    public string? BadOutcome { get; init; }

    /// <summary>How the fixed variant ended.</summary>
    public string? FixedOutcome { get; init; }

    /// <summary>CONFIRMED, NOT CONFIRMED or NOT SHOWN HERE, read from both runs.</summary>
    public required VerdictKind VerdictKind { get; init; }

    /// <summary>
    /// One line: the basis of the verdict (the values from both runs that make it), or for NOT SHOWN HERE what this machine
    /// cannot show and why.
    /// </summary>
    public required string Verdict { get; init; }

    /// <summary>True only when <see cref="VerdictKind"/> is <see cref="VerdictKind.Confirmed"/>.</summary>
    public bool Confirmed => VerdictKind == VerdictKind.Confirmed;

    /// <summary>Returns the row with the given name, or null.</summary>
    public MetricRow? Metric(string name)
    {
        foreach (var row in Metrics)
        {
            if (row.Name == name)
            {
                return row;
            }
        }

        return null;
    }
}
