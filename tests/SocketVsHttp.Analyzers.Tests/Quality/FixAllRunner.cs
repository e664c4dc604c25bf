using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Tests.Infrastructure;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Runs a rule's Fix All (solution scope) over a project the way the IDE does, and runs every analyzer of the package
/// before and after: what the quality gates (fix-proof, convergence, fix offer) share.
/// </summary>
public static class FixAllRunner
{
    /// <summary>Every analyzer of the package over the project: all of our findings, ordered by position.</summary>
    public static async Task<ImmutableArray<Diagnostic>> AllFindingsAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        return diagnostics
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    public static async Task<ImmutableArray<Diagnostic>> ErrorsAsync(Project project) =>
        (await project.GetCompilationAsync())!.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();

    /// <summary>The findings the rule's fixer offers a fix for, each with its first action.</summary>
    public static async Task<List<(Diagnostic Diagnostic, CodeAction Action)>> FixableAsync(Project project, CodeFixProvider fixer, IEnumerable<Diagnostic> diagnostics)
    {
        var fixable = new List<(Diagnostic, CodeAction)>();
        foreach (var diagnostic in diagnostics)
        {
            if (!fixer.FixableDiagnosticIds.Contains(diagnostic.Id))
            {
                continue;
            }

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

    /// <summary>Fix All (solution scope) of <paramref name="id"/>; the project unchanged when no finding is fixable.</summary>
    public static async Task<Project> FixAllAsync(Project project, string id)
    {
        var analyzer = RuleCatalog.AnalyzerFor(id);
        var fixer = RuleCatalog.FixerFor(id)!;
        var findings = await FixApplier.DiagnosticsAsync(project, analyzer, id);
        var fixable = await FixableAsync(project, fixer, findings);
        if (fixable.Count == 0)
        {
            return project;
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
        var fixAll = await fixer.GetFixAllProvider()!.GetFixAsync(context)
            ?? throw new InvalidOperationException(id + ": the Fix All provider offered nothing");
        var operations = await fixAll.GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetProject(project.Id)!;
    }

    public static string Text(Project project) =>
        string.Join("\n----\n", project.Documents.Where(d => d.Name != "Stubs.cs" && d.Name != "GlobalUsings.cs").Select(d => d.GetTextAsync().Result.ToString()));

    /// <summary>A snippet as a project (library first, then console app); null when neither compiles.</summary>
    public static async Task<Project?> CompilingProjectAsync(string snippet)
    {
        foreach (var kind in new[] { OutputKind.DynamicallyLinkedLibrary, OutputKind.ConsoleApplication })
        {
            var project = await FixApplier.CreateProjectAsync(kind, ("Snippet.cs", snippet), ("Stubs.cs", Stubs.Source), ("GlobalUsings.cs", CorpusSources.GlobalUsings));
            if ((await ErrorsAsync(project)).IsEmpty)
            {
                return project;
            }
        }

        return null;
    }

    private sealed class AnalyzerDiagnosticProvider(DiagnosticAnalyzer analyzer, string id) : FixAllContext.DiagnosticProvider
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
