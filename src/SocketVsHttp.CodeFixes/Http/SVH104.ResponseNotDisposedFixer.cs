using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH104: <c>var response = await client.GetAsync(...)</c> becomes <c>using var response = ...</c>; a now redundant <c>response.Dispose();</c> goes.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseNotDisposedFixer))]
public sealed class ResponseNotDisposedFixer : CodeFixProvider
{
    private const string Title = "Dispose the response with a using declaration";

    private static readonly string[] DisposeMethodNames = { "Dispose" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH104.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) => await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindPlan(root, model, diagnostic, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Descriptors.SVH104.Id),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var removed = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindPlan(root, model, diagnostic, cancellationToken) is not { } plan)
            {
                continue;
            }

            editor.ReplaceNode(plan.Declaration, (current, _) => UsingDeclarationRewrite.AddUsing((LocalDeclarationStatementSyntax)current));
            foreach (var close in plan.Closes)
            {
                SyntaxNode dispose = close.Parent is GlobalStatementSyntax global ? global : close;
                if (removed.Add(dispose))
                {
                    var keepComments = dispose.GetLeadingTrivia().Any(IsComment) || dispose.GetTrailingTrivia().Any(IsComment);
                    editor.RemoveNode(dispose, keepComments ? SyntaxRemoveOptions.KeepExteriorTrivia : SyntaxRemoveOptions.KeepNoTrivia);
                }
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    private static UsingDeclarationPlan? FindPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        diagnostic.Properties.ContainsKey(ResponseNotDisposedAnalyzer.FixableDeclarationKey)
            ? UsingDeclarationRewrite.FindPlan(
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true),
                model,
                DisposeMethodNames,
                refuseAsyncDispose: false,
                refuseUseAfterClose: false,
                cancellationToken)
            : null;
}
