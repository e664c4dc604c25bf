using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Benchmarks.Corpus;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>Run settings shared by the benchmark class and the passes around it (BenchmarkDotNet runs in-process).</summary>
/// <param name="PerRule">Whether BenchmarkDotNet gets one case per rule (the per-rule cost is always in the driver's times).</param>
/// <param name="Library">The real-library corpus (d), when <c>--library</c> is given.</param>
public sealed record Settings(int Lines, int Seed, bool Concurrent, bool PerRule, ImmutableArray<CorpusKind> Corpora, RealLibrarySettings? Library = null);

/// <summary>
/// One unit of work: a fresh compilation of a corpus (syntax trees are parsed once and shared; every binding cache lives in
/// the compilation, so nothing carries over between iterations), then either the compiler's diagnostics or, through
/// CompilationWithAnalyzers, the compiler's plus the subject's analyzers' diagnostics (what a build reports).
/// </summary>
public static class Workload
{
    private static readonly ConcurrentDictionary<CorpusKind, ImmutableArray<SyntaxTree>> Parsed = new();

    public static Settings Settings { get; set; } = new(40_000, 5, false, true, [CorpusKind.Plain, CorpusKind.Correct, CorpusKind.Bad]);

    private static RealLibrarySettings Library => Settings.Library ?? throw new InvalidOperationException("The library corpus needs --library DIR.");

    private static readonly Lazy<ImmutableArray<MetadataReference>> LibraryReferences = new(() => RealLibrary.References(Library));

    public static ImmutableArray<SyntaxTree> Trees(CorpusKind kind) => Parsed.GetOrAdd(kind, Parse);

    public static CSharpCompilation Compile(CorpusKind kind, ImmutableDictionary<string, ReportDiagnostic> diagnosticOptions) =>
        CSharpCompilation.Create(
            kind == CorpusKind.Library ? Library.Name : "Corpus" + kind,
            Trees(kind),
            kind == CorpusKind.Library ? LibraryReferences.Value : ReferenceAssemblies.Net100,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: kind == CorpusKind.Library,
                concurrentBuild: Settings.Concurrent,
                specificDiagnosticOptions: kind == CorpusKind.Library ? diagnosticOptions.SetItems(Library.NoWarn.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress))) : diagnosticOptions));

    /// <summary>The measured operation. Returns the number of diagnostics so the work cannot be optimized away.</summary>
    public static int Run(CorpusKind kind, Subject subject)
    {
        var compilation = Compile(kind, subject.DiagnosticOptions);
        if (subject.Kind == SubjectKind.Compiler)
        {
            return compilation.GetDiagnostics().Length;
        }

        var withAnalyzers = compilation.WithAnalyzers(subject.Analyzers, Options(logTime: false, onException: null));
        return withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult().Length;
    }

    public static CompilationWithAnalyzersOptions Options(bool logTime, Action<Exception, DiagnosticAnalyzer, Diagnostic>? onException) => new(
        new AnalyzerOptions([]),
        onException,
        concurrentAnalysis: Settings.Concurrent,
        logAnalyzerExecutionTime: logTime,
        reportSuppressedDiagnostics: false);

    private static ImmutableArray<SyntaxTree> Parse(CorpusKind kind)
    {
        if (kind == CorpusKind.Library)
        {
            return RealLibrary.Parse(Library);
        }

        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var builder = ImmutableArray.CreateBuilder<SyntaxTree>();
        foreach (var file in CorpusGenerator.Generate(kind, Settings.Seed, Settings.Lines))
        {
            builder.Add(CSharpSyntaxTree.ParseText(file.Text, options, file.Path));
        }

        builder.Add(CSharpSyntaxTree.ParseText(Stubs.Source, options, "Stubs.cs"));
        return builder.ToImmutable();
    }
}
