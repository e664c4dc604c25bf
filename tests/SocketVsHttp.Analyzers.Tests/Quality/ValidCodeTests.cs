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
}
