using BenchmarkDotNet.Attributes;
using SocketVsHttp.Benchmarks.Analysis;
using SocketVsHttp.Benchmarks.Corpus;

namespace SocketVsHttp.Benchmarks;

/// <summary>One case per (corpus, subject): compiler diagnostics, the empty analyzer, all our rules, each rule, each peer.</summary>
public class AnalyzerBenchmarks
{
    private Subject _subject = null!;

    [ParamsSource(nameof(Corpora))]
    public CorpusKind Corpus { get; set; }

    [ParamsSource(nameof(Subjects))]
    public string Subject { get; set; } = string.Empty;

    public static IEnumerable<CorpusKind> Corpora() => Workload.Settings.Corpora;

    public static IEnumerable<string> Subjects() => Analysis.Subject.All
        .Where(s => (Workload.Settings.PerRule || s.Kind != SubjectKind.Rule) && s.Kind != SubjectKind.Reporting)
        .Select(s => s.Name);

    [GlobalSetup]
    public void Setup()
    {
        _subject = Analysis.Subject.Get(Subject);
        Workload.Trees(Corpus);
    }

    [Benchmark]
    public int Analyze() => Workload.Run(Corpus, _subject);
}
