using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Fix All (solution scope) of every rule over realistic code (the harness's bad scenarios and the samples): the result
/// compiles with no new compiler error, and the rule still fires only where it offers no fix.
/// </summary>
public class FixProofTests
{
    public static TheoryData<string> RulesWithFix()
    {
        var data = new TheoryData<string>();
        foreach (var id in RuleCatalog.ImplementedIds.Where(id => RuleCatalog.FixerFor(id) is not null))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RulesWithFix))]
    public async Task Fix_all_in_solution_compiles_and_leaves_only_unfixable_findings(string id)
    {
        // The samples are a console app (top-level Program.cs); the harness's bad scenarios are plain classes.
        var samples = CorpusSources.Samples();
        var realistic = CorpusSources.BadCode()
            .Concat(samples)
            .Select((text, i) => ($"Subject{i}.cs", text))
            .Append(("Stubs.cs", Stubs.Source))
            .ToArray();
        var kind = samples.Length > 0 ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var projects = new List<Project> { await FixApplier.CreateProjectAsync(kind, realistic) };
        foreach (var snippet in CorpusSources.TestSnippets(id + "Tests.cs"))
        {
            if (await CompilingProjectAsync(snippet) is { } project)
            {
                projects.Add(project);
            }
        }

        var fixedFindings = 0;
        foreach (var project in projects)
        {
            fixedFindings += await FixAllAndCheckAsync(project, id);
        }

        Assert.True(fixedFindings > 0, $"{id}: Fix All fixed nothing in the scenarios, samples and its test snippets");
    }

    /// <summary>Runs Fix All (solution scope) and returns how many findings it removed.</summary>
    private static async Task<int> FixAllAndCheckAsync(Project project, string id)
    {
        Assert.Empty(Errors(await project.GetCompilationAsync()));
        var analyzer = RuleCatalog.AnalyzerFor(id);
        var fixer = RuleCatalog.FixerFor(id)!;
        var before = await FixApplier.DiagnosticsAsync(project, analyzer, id);
        var fixable = await FixableAsync(project, fixer, before);
        if (fixable.Count == 0)
        {
            return 0;
        }

        var first = fixable[0];
        var context = new FixAllContext(
            project.GetDocument(first.Diagnostic.Location.SourceTree)!,
            fixer,
            FixAllScope.Solution,
            first.Action.EquivalenceKey,
            [id],
            new AnalyzerDiagnosticProvider(analyzer, id),
            CancellationToken.None);
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        Assert.NotNull(fixAll);
        var operations = await fixAll!.GetOperationsAsync(CancellationToken.None);
        var fixedProject = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;

        var source = string.Join("\n----\n", project.Documents.Select(d => d.GetTextAsync().Result.ToString()));
        var errors = Errors(await fixedProject.GetCompilationAsync()).ToArray();
        Assert.True(errors.Length == 0, $"{id}: Fix All produced compiler errors:\n{string.Join("\n", errors.Select(e => e.ToString()))}\nin:\n{source}");
        var after = await FixApplier.DiagnosticsAsync(fixedProject, analyzer, id);
        Assert.True(after.Length < before.Length, $"{id}: {before.Length} findings before Fix All, {after.Length} after, in:\n{source}");
        Assert.Empty(await FixableAsync(fixedProject, fixer, after));
        return before.Length - after.Length;
    }

    private static async Task<Project?> CompilingProjectAsync(string snippet)
    {
        foreach (var kind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var project = await FixApplier.CreateProjectAsync(kind, ("Snippet.cs", snippet), ("Stubs.cs", Stubs.Source), ("GlobalUsings.cs", CorpusSources.GlobalUsings));
            if (!Errors(await project.GetCompilationAsync()).Any())
            {
                return project;
            }
        }

        return null;
    }

    private static IEnumerable<Diagnostic> Errors(Compilation? compilation) =>
        compilation!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

    private static async Task<List<(Diagnostic Diagnostic, CodeAction Action)>> FixableAsync(Project project, CodeFixProvider fixer, ImmutableArray<Diagnostic> diagnostics)
    {
        var fixable = new List<(Diagnostic, CodeAction)>();
        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<CodeAction>();
            var document = project.GetDocument(diagnostic.Location.SourceTree)!;
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count > 0)
            {
                fixable.Add((diagnostic, actions[0]));
            }
        }

        return fixable;
    }

    private sealed class AnalyzerDiagnosticProvider(Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer analyzer, string id) : FixAllContext.DiagnosticProvider
    {
        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return (await FixApplier.DiagnosticsAsync(document.Project, analyzer, id)).Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await FixApplier.DiagnosticsAsync(project, analyzer, id);
    }
}
