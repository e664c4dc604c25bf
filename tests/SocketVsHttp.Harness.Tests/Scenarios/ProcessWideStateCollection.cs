using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>
/// Scenarios whose effect depends on process-wide state (the thread pool, when the GC runs) run alone, not beside
/// the other tests, whose threads and allocations would blur what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "Process-wide state";
}
