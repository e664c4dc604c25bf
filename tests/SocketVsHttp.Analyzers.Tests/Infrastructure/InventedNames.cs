using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>The names a rule's code fix invents and marks for the IDE's rename (<see cref="RenameAnnotation"/>), in document order.</summary>
public static class InventedNames
{
    public static async Task<IReadOnlyList<string>> OfFirstFixAsync(string id, string source)
    {
        var project = await FixApplier.CreateProjectAsync(OutputKind.DynamicallyLinkedLibrary, ("Subject.cs", source));
        var diagnostic = (await FixApplier.DiagnosticsAsync(project, RuleCatalog.AnalyzerFor(id), id)).First();
        var document = project.GetDocument(diagnostic.Location.SourceTree)!;
        var actions = new List<CodeAction>();
        await RuleCatalog.FixerFor(id)!.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
        var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var root = (await changed.GetSyntaxRootAsync())!;
        return root.GetAnnotatedTokens(RenameAnnotation.Kind).Select(t => t.ValueText).ToList();
    }
}
