using System.Globalization;
using System.Text;
using BenchmarkDotNet.Reports;
using SocketVsHttp.Benchmarks.Analysis;
using SocketVsHttp.Benchmarks.Corpus;

namespace SocketVsHttp.Benchmarks;

/// <summary>One measured case: mean wall time and allocations per operation.</summary>
public sealed record Measurement(CorpusKind Corpus, string Subject, double MeanMs, double StdDevMs, double AllocatedMb);

/// <summary>Prints the ratios of issue 5: per corpus, per rule, per peer, against the compiler and against the empty analyzer.</summary>
public static class Report
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static List<Measurement> FromSummaries(IEnumerable<Summary> summaries)
    {
        var rows = new List<Measurement>();
        foreach (var summary in summaries)
        {
            foreach (var report in summary.Reports)
            {
                var parameters = report.BenchmarkCase.Parameters;
                if (report.ResultStatistics is not { } statistics || parameters["Corpus"] is not CorpusKind corpus || parameters["Subject"] is not string subject)
                {
                    continue;
                }

                var bytes = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0;
                rows.Add(new Measurement(corpus, subject, statistics.Mean / 1e6, statistics.StandardDeviation / 1e6, bytes / 1024.0 / 1024.0));
            }
        }

        return rows;
    }

    public static string Corpora(IReadOnlyList<CorpusReport> corpora)
    {
        var text = new StringBuilder();
        text.AppendLine("### Corpora (generated, seeded)");
        text.AppendLine();
        text.AppendLine("| corpus | files | lines | compiler errors | compiler warnings | findings (analyzer set: ID x count) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var c in corpora)
        {
            var findings = c.Findings.Count == 0 ? "none" : string.Join("; ", c.Findings.Select(f => f.Key + " x" + f.Value.ToString(Invariant)));
            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {c.Files} | {c.Lines} | {c.CompilerErrors} | {c.CompilerWarnings} | {findings} |");
        }

        foreach (var c in corpora.Where(c => c.AnalyzerExceptions.Length > 0))
        {
            text.AppendLine(Invariant, $"ANALYZER EXCEPTIONS on {Name(c.Corpus)}: {string.Join(" / ", c.AnalyzerExceptions)}");
        }

        return text.ToString();
    }

    public static string DriverTimes(IReadOnlyList<CorpusReport> corpora)
    {
        var text = new StringBuilder();
        text.AppendLine("### Analyzer execution time reported by the analyzer driver (logAnalyzerExecutionTime, median)");
        text.AppendLine();
        text.AppendLine("Per-analyzer CPU time inside the driver, without the compiler's binding; the most precise per-rule figure.");
        text.AppendLine();
        text.AppendLine("| corpus | analyzer | ms | % of compiler diagnostics | x IDisposableAnalyzers |");
        text.AppendLine("|---|---|---:|---:|---:|");
        foreach (var c in corpora)
        {
            var idisposable = c.AnalyzerTimes.FirstOrDefault(t => t.Analyzer == Subject.IDisposableName).Ms;
            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | compiler diagnostics (baseline) | {c.CompilerMs:F0} | 100% | |");
            foreach (var (analyzer, ms) in c.AnalyzerTimes)
            {
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {analyzer} | {ms:F1} | {Percent(ms, c.CompilerMs)} | {Ratio(ms, idisposable)} |");
            }
        }

        return text.ToString();
    }

    public static string WallClock(IReadOnlyList<Measurement> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("### Wall clock and allocations per full analysis (BenchmarkDotNet, fresh compilation per operation)");
        text.AppendLine();
        text.AppendLine("x compiler / x empty: the case against `GetDiagnostics()` and against the empty analyzer. added: the case minus the empty analyzer (for the empty analyzer: minus the compiler), as % of the compiler's time or allocations.");
        text.AppendLine();
        text.AppendLine("| corpus | subject | mean ms | stddev ms | alloc MB | time x compiler | time x empty | added time % of compiler | alloc x compiler | alloc x empty | added alloc % of compiler |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in rows.GroupBy(r => r.Corpus))
        {
            var compiler = group.FirstOrDefault(r => r.Subject == Subject.CompilerName);
            var empty = group.FirstOrDefault(r => r.Subject == Subject.EmptyName);
            foreach (var r in group)
            {
                var reference = r.Subject == Subject.EmptyName ? compiler : empty;
                var addedTime = reference is null || r.Subject == Subject.CompilerName ? "" : Percent(r.MeanMs - reference.MeanMs, compiler?.MeanMs ?? 0);
                var addedAlloc = reference is null || r.Subject == Subject.CompilerName ? "" : Percent(r.AllocatedMb - reference.AllocatedMb, compiler?.AllocatedMb ?? 0);
                text.AppendLine(Invariant,
                    $"| {Name(r.Corpus)} | {r.Subject} | {r.MeanMs:F0} | {r.StdDevMs:F0} | {r.AllocatedMb:F1} | {Ratio(r.MeanMs, compiler?.MeanMs)} | {Ratio(r.MeanMs, empty?.MeanMs)} | {addedTime} | {Ratio(r.AllocatedMb, compiler?.AllocatedMb)} | {Ratio(r.AllocatedMb, empty?.AllocatedMb)} | {addedAlloc} |");
            }
        }

        return text.ToString();
    }

    /// <summary>The targets of issue 5, judged on the driver's times (precise) and on the wall clock (noisy).</summary>
    public static string Targets(IReadOnlyList<CorpusReport> corpora, IReadOnlyList<Measurement> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("### Targets (issue 5)");
        text.AppendLine();
        text.AppendLine("| corpus | target | measure | value | verdict |");
        text.AppendLine("|---|---|---|---:|---|");
        foreach (var c in corpora)
        {
            var ours = c.AnalyzerTimes.FirstOrDefault(t => t.Analyzer == Subject.AllRulesName).Ms;
            var idisposable = c.AnalyzerTimes.FirstOrDefault(t => t.Analyzer == Subject.IDisposableName).Ms;
            var group = rows.Where(r => r.Corpus == c.Corpus).ToList();
            var compiler = group.FirstOrDefault(r => r.Subject == Subject.CompilerName);
            var empty = group.FirstOrDefault(r => r.Subject == Subject.EmptyName);
            var all = group.FirstOrDefault(r => r.Subject == Subject.AllRulesName);
            var peer = group.FirstOrDefault(r => r.Subject == Subject.IDisposableName);
            if (c.Corpus == CorpusKind.Plain)
            {
                if (all is not null && empty is not null)
                {
                    var added = all.MeanMs - empty.MeanMs;
                    var noise = 2 * Math.Sqrt(all.StdDevMs * all.StdDevMs + empty.StdDevMs * empty.StdDevMs);
                    text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules within noise of the empty analyzer | wall: all - empty vs 2 sigma noise | {added:F0} ms vs {noise:F0} ms | {Verdict(added <= noise)} |");
                }

                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules within noise of the empty analyzer | driver: all rules' time, % of compiler | {Percent(ours, c.CompilerMs)} | {Verdict(ours <= 0.01 * c.CompilerMs)} (<= 1%) |");
                continue;
            }

            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules <= 5% of compiler diagnostics | driver | {Percent(ours, c.CompilerMs)} | {Verdict(ours <= 0.05 * c.CompilerMs)} |");
            if (all is not null && empty is not null && compiler is not null)
            {
                var added = all.MeanMs - empty.MeanMs;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules <= 5% of compiler diagnostics | wall: all - empty | {Percent(added, compiler.MeanMs)} | {Verdict(added <= 0.05 * compiler.MeanMs)} |");
            }

            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules < 1/10 of IDisposableAnalyzers | driver | {Ratio(ours, idisposable)} | {Verdict(ours < 0.1 * idisposable)} |");
            if (all is not null && empty is not null && peer is not null)
            {
                var ratio = (all.MeanMs - empty.MeanMs) / (peer.MeanMs - empty.MeanMs);
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | all rules < 1/10 of IDisposableAnalyzers | wall: (all - empty) / (peer - empty) | {ratio.ToString("F3", Invariant)} | {Verdict(ratio < 0.1)} |");
            }
        }

        return text.ToString();
    }

    private static string Name(CorpusKind kind) => kind switch
    {
        CorpusKind.Plain => "(a) plain",
        CorpusKind.Correct => "(b) correct networking",
        _ => "(c) bad patterns",
    };

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("F3", Invariant) : "";

    private static string Percent(double value, double baseline) =>
        baseline > 0 ? (value / baseline * 100).ToString("F1", Invariant) + "%" : "";
}
