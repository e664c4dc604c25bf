using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Benchmarks.Corpus;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>CPU time and allocations of one subject on one corpus (median, minimum and maximum over the warm rounds).</summary>
public sealed record CpuMeasurement(string Subject, double CpuMs, double MinCpuMs, double MaxCpuMs, double AllocatedMb);

/// <summary>What one corpus is, what each analyzer set finds on it, and the CPU-time pass.</summary>
public sealed record CorpusReport(
    CorpusKind Corpus,
    int Files,
    int Lines,
    int CompilerErrors,
    int CompilerWarnings,
    ImmutableSortedDictionary<string, int> Findings,
    ImmutableArray<string> AnalyzerExceptions,
    ImmutableArray<CpuMeasurement> Cpu,
    ImmutableArray<(string Analyzer, double Ms)> AnalyzerTimes)
{
    public double CpuMs(string subject) => Cpu.FirstOrDefault(c => c.Subject == subject)?.CpuMs ?? 0;

    /// <summary>The minimum over the measured rounds: everything warm (JIT, tiering, the process's caches), as a build server runs.</summary>
    public double MinCpuMs(string subject) => Cpu.FirstOrDefault(c => c.Subject == subject)?.MinCpuMs ?? 0;

    public double DriverMs(string analyzer) => AnalyzerTimes.FirstOrDefault(t => t.Analyzer == analyzer).Ms;
}

/// <summary>
/// Runs before the BenchmarkDotNet pass. (1) Checks that the corpus compiles without errors and counts what every analyzer
/// set reports on it (nothing of ours is expected on (a) and (b)). (2) Measures process CPU time and allocations of the
/// compiler, the empty analyzer, all our rules, each peer (and each rule alone with --per-rule or in the full run), interleaved round by round, so a busy shared machine (whose
/// load inflates wall clock) distorts the ratios far less. (3) Takes the driver's per-analyzer execution time
/// (logAnalyzerExecutionTime, minimum over the rounds: on a busy machine preemption only adds to it): the per-rule cost without the compiler's binding.
/// </summary>
public static class SanityPass
{
    public static CorpusReport Run(CorpusKind kind, int rounds)
    {
        var trees = Workload.Trees(kind);
        var lines = trees.Sum(t => t.GetText().Lines.Count);
        var compilerDiagnostics = Workload.Compile(kind, ImmutableDictionary<string, ReportDiagnostic>.Empty).GetDiagnostics();

        var findings = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var exceptions = new List<string>();
        var driverTimes = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var cpu = new Dictionary<string, List<(double Ms, double Mb)>>(StringComparer.Ordinal);
        var measured = Subject.All.Where(s => s.Kind != SubjectKind.Rule || Workload.Settings.PerRule).ToList();
        // Round 0 warms up (JIT, tiering) and collects the findings; rounds 1..n are measured.
        for (var round = 0; round <= rounds; round++)
        {
            var measuring = round > 0;
            foreach (var subject in measured)
            {
                var (ms, mb) = MeasureCpu(() => Workload.Run(kind, subject));
                if (measuring)
                {
                    Add(cpu, subject.Name, (ms, mb));
                }
            }

            // The driver's own per-analyzer times: every measured round for our rules and the reporting and empty operation
            // baselines (the latter: what the driver's timing of one no-op invocation callback costs per invocation, the floor
            // under every rule that registers one); the (slow) peers once, after their warm-up run.
            foreach (var subject in measured.Where(s => s.Kind is SubjectKind.AllRules or SubjectKind.Reporting or SubjectKind.EmptyOperations or SubjectKind.EmptyTwins || (s.Kind == SubjectKind.Peer && round <= 1)))
            {
                var compilation = Workload.Compile(kind, subject.DiagnosticOptions);
                // The compiler binds the references once per compilation on first use; left lazy, that work would be
                // charged to whichever analyzer first looks up a type.
                _ = compilation.GlobalNamespace;
                var withAnalyzers = compilation.WithAnalyzers(
                    subject.Analyzers,
                    Workload.Options(logTime: true, onException: (e, a, _) => { lock (exceptions) { exceptions.Add($"{a.GetType().Name}: {e.GetType().Name}: {e.Message}"); } }));
                var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                if (round == 0)
                {
                    foreach (var diagnostic in diagnostics)
                    {
                        var key = subject.Name + ": " + diagnostic.Id;
                        findings[key] = findings.GetValueOrDefault(key) + 1;
                    }

                    continue;
                }

                var total = 0.0;
                foreach (var analyzer in subject.Analyzers)
                {
                    var ms = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds;
                    total += ms;
                    if (subject.Kind == SubjectKind.AllRules)
                    {
                        Add(driverTimes, Subject.RuleName(analyzer), ms);
                    }
                }

                Add(driverTimes, subject.Name, total);
            }
        }

        return new CorpusReport(
            kind,
            trees.Length,
            lines,
            compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            findings.ToImmutableSortedDictionary(StringComparer.Ordinal),
            [.. exceptions.Distinct()],
            [.. cpu.Select(c => new CpuMeasurement(c.Key, Median(c.Value.Select(v => v.Ms)), c.Value.Min(v => v.Ms), c.Value.Max(v => v.Ms), Median(c.Value.Select(v => v.Mb))))],
            [.. driverTimes.Select(t => (t.Key, t.Value.Min()))]);
    }

    public static IEnumerable<Diagnostic> FirstErrors(CorpusKind kind, int count) =>
        Workload.Compile(kind, ImmutableDictionary<string, ReportDiagnostic>.Empty).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Take(count);

    /// <summary>Process CPU time (sequential mode: the work runs on this thread; workstation non-concurrent GC runs on it too) and bytes allocated.</summary>
    private static (double Ms, double Mb) MeasureCpu(Func<int> work)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        work();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        return ((process.TotalProcessorTime - cpuBefore).TotalMilliseconds, allocated / 1024.0 / 1024.0);
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
