using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// The harness's "fixed" variant is exactly what the rule's code fix makes of its "bad" variant:
/// apply the real fix to Scenarios/SVHnnn/Bad.cs and compare with Fixed.cs (only the namespace line differs).
/// </summary>
public class HarnessScenarioFixTests
{
    public static TheoryData<string> ScenariosWithFix()
    {
        var data = new TheoryData<string>();
        var scenarios = Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios");
        foreach (var folder in Directory.GetDirectories(scenarios).OrderBy(f => f, StringComparer.Ordinal))
        {
            var id = Path.GetFileName(folder);
            if (RuleCatalog.FixerFor(id) is not null && File.Exists(Path.Combine(folder, "Bad.cs")))
            {
                data.Add(id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenariosWithFix))]
    public async Task Fixed_variant_is_the_code_fix_output(string id)
    {
        var folder = Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios", id);
        var bad = Normalize(await File.ReadAllTextAsync(Path.Combine(folder, "Bad.cs")));
        var expected = Normalize(await File.ReadAllTextAsync(Path.Combine(folder, "Fixed.cs")));
        var badAsFixedNamespace = bad.Replace($"Scenarios.{id}.Bad;", $"Scenarios.{id}.Fixed;", StringComparison.Ordinal);
        Assert.NotEqual(expected, badAsFixedNamespace);

        var project = await FixApplier.CreateProjectAsync(OutputKind.DynamicallyLinkedLibrary, ("Bad.cs", badAsFixedNamespace));
        Assert.NotEmpty(await FixApplier.DiagnosticsAsync(project, RuleCatalog.AnalyzerFor(id), id));

        var fixedProject = await FixApplier.ApplyUntilFixedAsync(project, id);
        var actual = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
        Assert.Equal(expected, Normalize(actual));
        Assert.Empty(await FixApplier.DiagnosticsAsync(fixedProject, RuleCatalog.AnalyzerFor(id), id));
        var errors = (await fixedProject.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(errors);
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
