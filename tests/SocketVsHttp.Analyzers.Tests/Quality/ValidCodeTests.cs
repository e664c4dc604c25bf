using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>Every analyzer stays silent on the valid-code corpus (tests/ValidCode): correct code doing the same jobs.</summary>
public class ValidCodeTests
{
    [Fact]
    public async Task Valid_code_corpus_compiles_and_no_rule_fires()
    {
        var folder = Path.Combine(RuleCatalog.RepositoryRoot(), "tests", "ValidCode");
        var sources = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToArray();
        Assert.NotEmpty(sources);

        var compilation = await AnalyzerRunner.CompileAsync(OutputKind.DynamicallyLinkedLibrary, sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        Assert.True(diagnostics.IsEmpty, string.Join(Environment.NewLine, diagnostics));
    }

    /// <summary>
    /// Positive control for the test above: the same compile-and-analyse path, fed the harness's bad code, reports every
    /// rule that has a scenario. A runner that analysed nothing (no analyzers, an empty source, a broken compilation)
    /// would pass the silence test; it cannot pass this one.
    /// </summary>
    [Fact]
    public async Task The_same_runner_reports_every_rule_on_the_harness_bad_code()
    {
        var sources = CorpusSources.BadCode().Prepend(CorpusSources.GlobalUsings).ToArray();
        Assert.NotEmpty(sources);

        var compilation = await AnalyzerRunner.CompileAsync(OutputKind.DynamicallyLinkedLibrary, sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        var reported = diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var scenarios = Directory.GetDirectories(Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios"), "SVH*")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.NotEmpty(scenarios);
        Assert.All(scenarios, id => Assert.Contains(id!, reported));
    }
}
