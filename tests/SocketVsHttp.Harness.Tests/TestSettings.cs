using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Tests;

internal static class TestSettings
{
    public const int Requests = 5;

    /// <summary>
    /// Only a safety net: every scenario's bad variant is stopped by its own cap or exception long before this.
    /// Generous because the test machine may be heavily loaded.
    /// </summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    public static ScenarioSettings Small => new() { Requests = Requests, Bound = Bound };

    public static MetricRow Row(this ScenarioResult result, string name)
        => result.Metric(name) ?? throw new Xunit.Sdk.XunitException($"metric '{name}' missing from {result.RuleId}");
}
