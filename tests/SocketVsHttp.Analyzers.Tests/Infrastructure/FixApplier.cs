using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>Applies a rule's real code fix to real sources in a workspace, the way the IDE or `dotnet format` would.</summary>
public static class FixApplier
{
    public static async Task<Project> CreateProjectAsync(OutputKind outputKind, params (string Name, string Text)[] sources)
    {
        // The client libraries too: harness scenarios of SVH111 and SVH209 use them.
        var references = (await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).AddRange(ClientLibraries.References);
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Default,
            "Subject",
            "Subject",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        foreach (var (name, text) in sources)
        {
            project = project.AddDocument(name, SourceText.From(text), filePath: "/subject/" + name).Project;
        }

        return project;
    }

    public static async Task<ImmutableArray<Diagnostic>> DiagnosticsAsync(Project project, DiagnosticAnalyzer analyzer, string id)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerRunner.RunAsync(compilation, analyzer);
        return diagnostics.Where(d => d.Id == id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Applies the first offered fix for <paramref name="id"/> until no fixable finding remains (bounded).</summary>
    public static async Task<Project> ApplyUntilFixedAsync(Project project, string id)
    {
        var analyzer = RuleCatalog.AnalyzerFor(id);
        var fixer = RuleCatalog.FixerFor(id) ?? throw new InvalidOperationException("no code fix for " + id);
        var skipped = new HashSet<string>();
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var action = default(CodeAction);
            var target = default(Document);
            foreach (var diagnostic in await DiagnosticsAsync(project, analyzer, id))
            {
                var document = project.GetDocument(diagnostic.Location.SourceTree);
                if (document is null || skipped.Contains(Key(diagnostic)))
                {
                    continue;
                }

                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                if (actions.Count == 0)
                {
                    skipped.Add(Key(diagnostic));
                    continue;
                }

                (action, target) = (actions[0], document);
                break;
            }

            if (action is null)
            {
                return project;
            }

            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            project = changed.GetProject(project.Id)!;
        }

        throw new InvalidOperationException("fixes for " + id + " did not converge");
    }

    /// <summary>The document as the first fix offered for the first <paramref name="id"/> finding leaves it (annotations included).</summary>
    public static async Task<Document> ApplyFirstFixAsync(Project project, string id)
    {
        var diagnostic = (await DiagnosticsAsync(project, RuleCatalog.AnalyzerFor(id), id)).First();
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        var fixer = RuleCatalog.FixerFor(id) ?? throw new InvalidOperationException("no code fix for " + id);
        await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var operations = await actions.First().GetOperationsAsync(CancellationToken.None);
        return operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
    }

    private static string Key(Diagnostic diagnostic) => diagnostic.Location.SourceSpan + diagnostic.GetMessage();
}
