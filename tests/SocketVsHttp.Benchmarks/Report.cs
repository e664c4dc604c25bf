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

    /// <summary>The real-library corpus's name (--library), for the tables.</summary>
    public static string? LibraryName { get; set; }

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

    public static string CpuTimes(IReadOnlyList<CorpusReport> corpora)
    {
        var text = new StringBuilder();
        text.AppendLine("### CPU time and allocations per full analysis (process CPU time over interleaved warm rounds: median, and minimum = compiler warm)");
        text.AppendLine();
        text.AppendLine("CPU time is far less distorted than wall clock by other work on a shared machine. Every round is warm (round 0, cold, is not measured); the minimum is the least disturbed round, as a build server runs. added: the case minus the empty analyzer (for the empty analyzer: minus the compiler). vs IDisposable: our added cost over IDisposableAnalyzers' added cost (medians).");
        text.AppendLine();
        text.AppendLine("| corpus | subject | CPU ms median (min-max) | alloc MB | CPU x compiler | CPU x empty | added CPU % of compiler | added CPU % of compiler, minima | alloc x compiler | alloc x empty | added alloc % of compiler | added CPU vs IDisposable | CPU over empty operation analyzer, % of compiler |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var c in corpora)
        {
            var compiler = c.Cpu.FirstOrDefault(m => m.Subject == Subject.CompilerName);
            var empty = c.Cpu.FirstOrDefault(m => m.Subject == Subject.EmptyName);
            var peer = c.Cpu.FirstOrDefault(m => m.Subject == Subject.IDisposableName);
            var emptyOperations = c.Cpu.FirstOrDefault(m => m.Subject == Subject.EmptyOperationsName);
            foreach (var m in c.Cpu)
            {
                var reference = m.Subject == Subject.EmptyName ? compiler : empty;
                var isAnalyzerSet = m.Subject != Subject.CompilerName && reference is not null;
                var addedCpu = isAnalyzerSet ? Percent(m.CpuMs - reference!.CpuMs, compiler?.CpuMs ?? 0) : "";
                var addedMinCpu = isAnalyzerSet ? Percent(m.MinCpuMs - reference!.MinCpuMs, compiler?.MinCpuMs ?? 0) : "";
                var addedAlloc = isAnalyzerSet ? Percent(m.AllocatedMb - reference!.AllocatedMb, compiler?.AllocatedMb ?? 0) : "";
                var versusPeer = isAnalyzerSet && m.Subject != Subject.EmptyName && peer is not null && empty is not null
                    ? Ratio(m.CpuMs - empty.CpuMs, peer.CpuMs - empty.CpuMs)
                    : "";
                var overOperations = isAnalyzerSet && m.Subject is not (Subject.EmptyName or Subject.EmptyOperationsName) && emptyOperations is not null
                    ? Percent(m.CpuMs - emptyOperations.CpuMs, compiler?.CpuMs ?? 0)
                    : "";
                text.AppendLine(Invariant,
                    $"| {Name(c.Corpus)} | {m.Subject} | {m.CpuMs:F0} ({m.MinCpuMs:F0}-{m.MaxCpuMs:F0}) | {m.AllocatedMb:F1} | {Ratio(m.CpuMs, compiler?.CpuMs)} | {Ratio(m.CpuMs, empty?.CpuMs)} | {addedCpu} | {addedMinCpu} | {Ratio(m.AllocatedMb, compiler?.AllocatedMb)} | {Ratio(m.AllocatedMb, empty?.AllocatedMb)} | {addedAlloc} | {versusPeer} | {overOperations} |");
            }
        }

        return text.ToString();
    }

    public static string DriverTimes(IReadOnlyList<CorpusReport> corpora)
    {
        var text = new StringBuilder();
        text.AppendLine("### Per-analyzer time reported by the analyzer driver (logAnalyzerExecutionTime, minimum over the rounds)");
        text.AppendLine();
        text.AppendLine("Time spent inside each analyzer's callbacks, without the compiler's binding: the per-rule cost. It is wall clock inside the callbacks (the minimum, since preemption on a busy machine only adds): compare rows with each other and with the peers (same measure). It excludes the driver's own work for an analyzer (building IOperation trees, dispatch), which the CPU table's 'empty operation analyzer' row shows, and the compiler's one-time binding of the references (done before the analysis, so it does not land in the first analyzer that looks up a type). It includes work the driver or compiler does on an analyzer's behalf inside its callbacks: the generated-code check of a file on its first diagnostic (see the 'reporting analyzer' row), and member bodies bound earlier than the driver would have bound them.");
        text.AppendLine();
        text.AppendLine("% of compiler: against the compiler's median CPU time and against its minimum (warm, as a build server runs; the stricter of the two).");
        text.AppendLine();
        text.AppendLine("| corpus | analyzer | ms | % of compiler CPU (median) | % of compiler CPU (minimum) | x IDisposableAnalyzers |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var c in corpora)
        {
            var compiler = c.CpuMs(Subject.CompilerName);
            var compilerMin = c.MinCpuMs(Subject.CompilerName);
            var idisposable = c.DriverMs(Subject.IDisposableName);
            foreach (var (analyzer, ms) in c.AnalyzerTimes.OrderBy(t => Order(t.Analyzer)).ThenBy(t => t.Analyzer, StringComparer.Ordinal))
            {
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {analyzer} | {ms:F1} | {Percent(ms, compiler)} | {Percent(ms, compilerMin)} | {Ratio(ms, idisposable)} |");
            }
        }

        return text.ToString();

        static int Order(string name) => name.StartsWith("SVH", StringComparison.Ordinal) ? 0 : name == Subject.AllRulesName ? 1 : 2;
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

    /// <summary>The targets of issue 5, judged on CPU time, on the driver's per-analyzer times, and on BenchmarkDotNet's wall clock.</summary>
    public static string Targets(IReadOnlyList<CorpusReport> corpora, IReadOnlyList<Measurement> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("### Targets (issue 5)");
        text.AppendLine();
        text.AppendLine("| corpus | target | measure | value | verdict |");
        text.AppendLine("|---|---|---|---:|---|");
        foreach (var c in corpora)
        {
            var compilerCpu = c.CpuMs(Subject.CompilerName);
            var empty = c.Cpu.FirstOrDefault(m => m.Subject == Subject.EmptyName);
            var all = c.Cpu.FirstOrDefault(m => m.Subject == Subject.AllRulesName);
            var peer = c.Cpu.FirstOrDefault(m => m.Subject == Subject.IDisposableName);
            var driverOurs = c.DriverMs(Subject.AllRulesName);
            var driverPeer = c.DriverMs(Subject.IDisposableName);
            var wall = rows.Where(r => r.Corpus == c.Corpus).ToList();
            var wallCompiler = wall.FirstOrDefault(r => r.Subject == Subject.CompilerName);
            var wallEmpty = wall.FirstOrDefault(r => r.Subject == Subject.EmptyName);
            var wallAll = wall.FirstOrDefault(r => r.Subject == Subject.AllRulesName);
            var wallPeer = wall.FirstOrDefault(r => r.Subject == Subject.IDisposableName);
            if (c.Corpus == CorpusKind.Plain)
            {
                const string Target = "all rules within noise of the empty analyzer";
                if (all is not null && empty is not null)
                {
                    var added = all.CpuMs - empty.CpuMs;
                    var noise = Math.Max(empty.MaxCpuMs - empty.MinCpuMs, all.MaxCpuMs - all.MinCpuMs);
                    text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {Target} | CPU: all - empty vs spread of the rounds | {added:F0} ms vs {noise:F0} ms | {Verdict(added <= noise)} |");
                }

                if (wallAll is not null && wallEmpty is not null)
                {
                    var added = wallAll.MeanMs - wallEmpty.MeanMs;
                    var noise = 2 * Math.Sqrt(wallAll.StdDevMs * wallAll.StdDevMs + wallEmpty.StdDevMs * wallEmpty.StdDevMs);
                    text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {Target} | wall: all - empty vs 2 sigma | {added:F0} ms vs {noise:F0} ms | {Verdict(added <= noise)} |");
                }

                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {Target} | driver: all rules, % of compiler CPU | {Percent(driverOurs, compilerCpu)} | {Verdict(driverOurs <= 0.01 * compilerCpu)} (<= 1%) |");
                var plainOperations = c.Cpu.FirstOrDefault(m => m.Subject == Subject.EmptyOperationsName);
                var plainCompiler = c.Cpu.FirstOrDefault(m => m.Subject == Subject.CompilerName);
                if (all is not null && plainOperations is not null && plainCompiler is not null)
                {
                    var added = all.AllocatedMb - plainOperations.AllocatedMb;
                    text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {Target} | alloc (deterministic): all - empty operation analyzer, % of compiler alloc | {Percent(added, plainCompiler.AllocatedMb)} | {Verdict(added <= 0.01 * plainCompiler.AllocatedMb)} (<= 1%) |");
                }

                continue;
            }

            var isLibrary = c.Corpus == CorpusKind.Library;
            var limit = isLibrary ? 0.03 : 0.05;
            var budget = isLibrary ? "all rules <= 3% of compiler diagnostics (issue 12)" : "all rules <= 5% of compiler diagnostics";
            const string TenthOfPeer = "all rules < 1/10 of IDisposableAnalyzers";
            var emptyOperations = c.Cpu.FirstOrDefault(m => m.Subject == Subject.EmptyOperationsName);
            if (all is not null && empty is not null && compilerCpu > 0)
            {
                var added = all.CpuMs - empty.CpuMs;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | CPU: all - empty | {Percent(added, compilerCpu)} | {Verdict(added <= limit * compilerCpu)} |");
            }

            if (all is not null && emptyOperations is not null && compilerCpu > 0)
            {
                var added = all.CpuMs - emptyOperations.CpuMs;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | CPU: all - empty operation analyzer (IOperation trees already built) | {Percent(added, compilerCpu)} | {Verdict(added <= limit * compilerCpu)} |");
            }

            var twins = c.Cpu.FirstOrDefault(m => m.Subject == Subject.TwinsName);
            if (all is not null && twins is not null && emptyOperations is not null && compilerCpu > 0)
            {
                // Where the cost sits: the driver's constant for 24 registered analyzers (twins - empty operation analyzer) and
                // the rules' own work (all - twins), both on the warm minimum.
                var constant = twins.MinCpuMs - emptyOperations.MinCpuMs;
                var own = all.MinCpuMs - twins.MinCpuMs;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | CPU minima: empty twins - empty operation analyzer (driver constant of registering every rule) | {Percent(constant, c.MinCpuMs(Subject.CompilerName))} | (information) |");
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | CPU minima: all - empty twins (the rules' own work) | {Percent(own, c.MinCpuMs(Subject.CompilerName))} | {Verdict(own <= limit * c.MinCpuMs(Subject.CompilerName))} |");
            }

            var compilerAlloc = c.Cpu.FirstOrDefault(m => m.Subject == Subject.CompilerName)?.AllocatedMb ?? 0;
            if (all is not null && emptyOperations is not null && compilerAlloc > 0)
            {
                var added = all.AllocatedMb - emptyOperations.AllocatedMb;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | alloc (deterministic): all - empty operation analyzer, % of compiler alloc | {Percent(added, compilerAlloc)} | {Verdict(added <= limit * compilerAlloc)} |");
            }

            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | driver: all rules / compiler CPU (median) | {Percent(driverOurs, compilerCpu)} | {Verdict(driverOurs <= limit * compilerCpu)} |");
            var compilerMinCpu = c.MinCpuMs(Subject.CompilerName);
            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | driver: all rules / compiler CPU (minimum, compiler warm) | {Percent(driverOurs, compilerMinCpu)} | {Verdict(driverOurs <= limit * compilerMinCpu)} |");
            if (c.Findings.Keys.Any(k => k.StartsWith(Subject.AllRulesName + ":", StringComparison.Ordinal)))
            {
                // Our findings make the driver check each reported file for generated code; any reporting analyzer pays that once per file.
                var net = driverOurs - c.DriverMs(Subject.ReportingName);
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | driver: all rules minus the reporting baseline (generated-code check per reported file) / compiler CPU | {Percent(net, compilerCpu)} | {Verdict(net <= limit * compilerCpu)} |");
            }
            if (wallAll is not null && wallEmpty is not null && wallCompiler is not null)
            {
                var added = wallAll.MeanMs - wallEmpty.MeanMs;
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {budget} | wall: all - empty | {Percent(added, wallCompiler.MeanMs)} | {Verdict(added <= limit * wallCompiler.MeanMs)} |");
            }

            if (all is not null && empty is not null && peer is not null)
            {
                var ratio = (all.CpuMs - empty.CpuMs) / (peer.CpuMs - empty.CpuMs);
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {TenthOfPeer} | CPU: (all - empty) / (peer - empty) | {ratio.ToString("F3", Invariant)} | {Verdict(ratio < 0.1)} |");
            }

            if (all is not null && empty is not null && peer is not null)
            {
                var ratio = (all.AllocatedMb - empty.AllocatedMb) / (peer.AllocatedMb - empty.AllocatedMb);
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {TenthOfPeer} | alloc (deterministic): (all - empty) / (peer - empty) | {ratio.ToString("F3", Invariant)} | {Verdict(ratio < 0.1)} |");
            }

            text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {TenthOfPeer} | driver: all rules / peer | {Ratio(driverOurs, driverPeer)} | {Verdict(driverOurs < 0.1 * driverPeer)} |");
            if (wallAll is not null && wallEmpty is not null && wallPeer is not null)
            {
                var ratio = (wallAll.MeanMs - wallEmpty.MeanMs) / (wallPeer.MeanMs - wallEmpty.MeanMs);
                text.AppendLine(Invariant, $"| {Name(c.Corpus)} | {TenthOfPeer} | wall: (all - empty) / (peer - empty) | {ratio.ToString("F3", Invariant)} | {Verdict(ratio < 0.1)} |");
            }
        }

        return text.ToString();
    }

    private static string Name(CorpusKind kind) => kind switch
    {
        CorpusKind.Plain => "(a) plain",
        CorpusKind.Correct => "(b) correct networking",
        CorpusKind.Bad => "(c) bad patterns",
        _ => "(d) real library " + LibraryName,
    };

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 ? (value / baseline.Value).ToString("F3", Invariant) : "";

    private static string Percent(double value, double baseline) =>
        baseline > 0 ? (value / baseline * 100).ToString("F1", Invariant) + "%" : "";
}
