using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Tests;

/// <summary>Measured values made up for the verdict tests: a verdict is a pure function of the two runs' measurements.</summary>
internal static class Measured
{
    public static VariantOutcome Completed(double ms = 10) => new(OutcomeKind.Completed, TimeSpan.FromMilliseconds(ms), null, null);

    public static VariantOutcome HitBound(double ms = 5000, string reason = "5000 ms") => new(OutcomeKind.HitBound, TimeSpan.FromMilliseconds(ms), null, reason);

    public static VariantOutcome Threw(Exception exception, double ms = 10) => new(OutcomeKind.Threw, TimeSpan.FromMilliseconds(ms), exception, null);

    /// <summary>The settings a run of <paramref name="requests"/> operations had.</summary>
    public static ScenarioSettings Settings(int requests = TestSettings.Requests) => TestSettings.Small with { Requests = requests };

    public static ConnectionMeasurement Connections(int connections, int timeWait, int failures = 0, VariantOutcome? outcome = null)
        => new(connections, timeWait, failures, outcome ?? Completed());
}
