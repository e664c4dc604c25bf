using System;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Bounds for one run. Tests use small values.</summary>
public sealed record ScenarioSettings
{
    public const int DefaultRequests = 50;
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(5);

    /// <summary>How many requests/operations a scenario performs per variant (where it counts them).</summary>
    public int Requests { get; init; } = DefaultRequests;

    /// <summary>Longest time one variant may run before the harness stops it.</summary>
    public TimeSpan Bound { get; init; } = DefaultBound;

    /// <summary>Which source file runs in which column; <see cref="VariantPlan.AsWritten"/> except when testing verdicts.</summary>
    public VariantPlan Variants { get; init; } = VariantPlan.AsWritten;
}
