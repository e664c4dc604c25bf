using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Benchmarks.Corpus;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>What one corpus is and what each analyzer set finds on it, plus the driver's own per-analyzer execution times.</summary>
public sealed record CorpusReport(
    CorpusKind Corpus,
    int Files,
    int Lines,
    int CompilerErrors,
    int CompilerWarnings,
    ImmutableSortedDictionary<string, int> Findings,
    ImmutableArray<string> AnalyzerExceptions,
    double CompilerMs,
    ImmutableArray<(string Analyzer, double Ms)> AnalyzerTimes);

/// <summary>
/// Runs before the BenchmarkDotNet pass: checks that each corpus compiles without errors, counts what every analyzer set
/// reports on it (no finding of ours is expected on (a) and (b)), and takes the driver's per-analyzer execution time
/// (logAnalyzerExecutionTime, median of a few runs): the precise per-rule cost, free of the compiler's noise.
/// </summary>
public static class SanityPass
{
    public static CorpusReport Run(CorpusKind kind, int repetitions)
    {
        var trees = Workload.Trees(kind);
        var lines = trees.Sum(t => t.GetText().Lines.Count);
        var compilerTimes = new List<double>();
        ImmutableArray<Diagnostic> compilerDiagnostics = [];
        for (var i = 0; i < repetitions; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            compilerDiagnostics = Workload.Compile(kind, ImmutableDictionary<string, ReportDiagnostic>.Empty).GetDiagnostics();
            compilerTimes.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        var findings = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var exceptions = new List<string>();
        var times = new List<(string, double)>();
        foreach (var subject in Subject.All)
        {
            if (subject.Kind is not (SubjectKind.AllRules or SubjectKind.Peer))
            {
                continue;
            }

            var perAnalyzer = new Dictionary<DiagnosticAnalyzer, List<double>>();
            for (var i = 0; i < repetitions; i++)
            {
                var compilation = Workload.Compile(kind, subject.DiagnosticOptions);
                var withAnalyzers = compilation.WithAnalyzers(
                    subject.Analyzers,
                    Workload.Options(logTime: true, onException: (e, a, _) => { lock (exceptions) { exceptions.Add($"{a.GetType().Name}: {e.GetType().Name}: {e.Message}"); } }));
                var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                if (i == 0)
                {
                    foreach (var diagnostic in diagnostics)
                    {
                        var key = subject.Name + " | " + diagnostic.Id;
                        findings[key] = findings.GetValueOrDefault(key) + 1;
                    }
                }

                foreach (var analyzer in subject.Analyzers)
                {
                    var telemetry = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None).GetAwaiter().GetResult();
                    if (!perAnalyzer.TryGetValue(analyzer, out var list))
                    {
                        perAnalyzer[analyzer] = list = [];
                    }

                    list.Add(telemetry.ExecutionTime.TotalMilliseconds);
                }
            }

            var total = 0.0;
            foreach (var (analyzer, list) in perAnalyzer)
            {
                var median = Median(list);
                total += median;
                if (subject.Kind == SubjectKind.AllRules)
                {
                    times.Add((Subject.RuleName(analyzer), median));
                }
            }

            times.Add((subject.Name, total));
        }

        return new CorpusReport(
            kind,
            trees.Length,
            lines,
            compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Error),
            compilerDiagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning),
            findings.ToImmutableSortedDictionary(StringComparer.Ordinal),
            [.. exceptions.Distinct()],
            Median(compilerTimes),
            [.. times]);
    }

    public static IEnumerable<Diagnostic> FirstErrors(CorpusKind kind, int count) =>
        Workload.Compile(kind, ImmutableDictionary<string, ReportDiagnostic>.Empty).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Take(count);

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? 0 : values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }
}
