using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>Runs analyzers directly over sources (no markup), collecting analyzer exceptions instead of hiding them.</summary>
public static class AnalyzerRunner
{
    private static readonly Lazy<Task<ImmutableArray<MetadataReference>>> Net100References =
        new(async () => (await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).AddRange(ClientLibraries.References));

    public static async Task<CSharpCompilation> CompileAsync(OutputKind outputKind, params string[] sources)
    {
        var references = await Net100References.Value;
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"Source{i}.cs"));
        return CSharpCompilation.Create(
            "Probe",
            trees.Append(CSharpSyntaxTree.ParseText(Stubs.Source, new CSharpParseOptions(LanguageVersion.Latest), path: "Stubs.cs")),
            references,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The analyzers' diagnostics; fails the test if any analyzer threw.</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(Compilation compilation, params DiagnosticAnalyzer[] analyzers)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]),
            (exception, analyzer, diagnostic) => { lock (exceptions) { exceptions.Add($"{analyzer.GetType().Name}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers([.. analyzers], options);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        Assert.True(exceptions.Count == 0, string.Join(Environment.NewLine, exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        return diagnostics;
    }

    public static async Task AssertNoCrashAsync(DiagnosticAnalyzer analyzer, string source)
    {
        foreach (var kind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var compilation = await CompileAsync(kind, source);
            await RunAsync(compilation, analyzer);
        }
    }
}
