using System.Collections.Generic;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>One measured quantity for both variants.</summary>
public sealed record MetricRow(string Name, double Bad, double Fixed, string Unit);

/// <summary>What one scenario run measured.</summary>
public sealed record ScenarioResult
{
    public required string RuleId { get; init; }

    public required string Title { get; init; }

    public required string Measures { get; init; }

    public required ScenarioSettings Settings { get; init; }

    public required IReadOnlyList<MetricRow> Metrics { get; init; }

    /// <summary>How the bad variant ended, e.g. "completed", "threw WebSocketException", "hit the bound".</summary>
    public string? BadOutcome { get; init; }

    /// <summary>How the fixed variant ended.</summary>
    public string? FixedOutcome { get; init; }

    /// <summary>One line that says what the numbers show.</summary>
    public required string Verdict { get; init; }

    /// <summary>True when the measured difference is the one the rule claims.</summary>
    public required bool Confirmed { get; init; }

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
