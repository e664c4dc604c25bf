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
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH208: <c>var socket = new Socket(...);</c> becomes <c>using var socket = new Socket(...);</c> and the success-path
/// <c>socket.Close();</c> / <c>socket.Dispose();</c> statements of the same block go (Close is Dispose for these types).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketNotClosedOnFailureFixer))]
public sealed class SocketNotClosedOnFailureFixer : CodeFixProvider
{
    private const string Title = "Close it on every path with a using declaration";

    // Close is Dispose for these types.
    private static readonly string[] CloseMethodNames = { "Close", "Dispose" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH208.Id);

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
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Descriptors.SVH208.Id),
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

        var declarations = new List<LocalDeclarationStatementSyntax>();
        var closes = new List<StatementSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindPlan(root, model, diagnostic, cancellationToken) is not { } plan || declarations.Contains(plan.Declaration))
            {
                continue;
            }

            declarations.Add(plan.Declaration);
            foreach (var close in plan.Closes)
            {
                if (!closes.Contains(close))
                {
                    closes.Add(close);
                }
            }
        }

        var newRoot = root.TrackNodes(declarations.Cast<SyntaxNode>().Concat(closes));
        foreach (var declaration in declarations)
        {
            var current = newRoot.GetCurrentNode(declaration)!;
            newRoot = newRoot.ReplaceNode(current, UsingDeclarationRewrite.AddUsing(current));
        }

        foreach (var close in closes)
        {
            newRoot = SyntaxRemoval.RemoveStatement(newRoot, newRoot.GetCurrentNode(close)!);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static UsingDeclarationPlan? FindPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        diagnostic.Properties.ContainsKey(SocketNotClosedOnFailureAnalyzer.FixableDeclarationKey)
            ? UsingDeclarationRewrite.FindPlan(
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true),
                model,
                CloseMethodNames,
                refuseAsyncDispose: true,
                refuseUseAfterClose: true,
                cancellationToken)
            : null;
}
