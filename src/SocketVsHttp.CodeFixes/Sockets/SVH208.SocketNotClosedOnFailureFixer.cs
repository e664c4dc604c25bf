using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH208: <c>var socket = new Socket(...);</c> becomes <c>using var socket = new Socket(...);</c> and the success-path
/// <c>socket.Close();</c> / <c>socket.Dispose();</c> statements of the same block go (Close is Dispose for these types).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketNotClosedOnFailureFixer))]
public sealed class SocketNotClosedOnFailureFixer : RuleFixer<UsingDeclarationPlan>
{
    // Close is Dispose for these types.
    private static readonly string[] CloseMethodNames = { "Close", "Dispose" };

    protected override DiagnosticDescriptor Rule => Descriptors.SVH208;

    protected override string Title(UsingDeclarationPlan plan) => "Close it on every path with a using declaration";

    protected override UsingDeclarationPlan? Plan(FixContext context, Diagnostic diagnostic) =>
        FindPlan(context.Root, context.Model, diagnostic, context.CancellationToken);

    /// <summary>On the tree, not the editor: a removed close leaves its comments in front of the next token.</summary>
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<UsingDeclarationPlan> plans)
    {
        var declarations = new List<LocalDeclarationStatementSyntax>();
        var closes = new List<StatementSyntax>();
        foreach (var plan in plans)
        {
            if (declarations.Contains(plan.Declaration))
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

        var newRoot = context.Root.TrackNodes(declarations.Cast<SyntaxNode>().Concat(closes));
        foreach (var declaration in declarations)
        {
            var current = newRoot.GetCurrentNode(declaration)!;
            newRoot = newRoot.ReplaceNode(current, UsingDeclarationRewrite.AddUsing(current));
        }

        foreach (var close in closes)
        {
            newRoot = SyntaxRemoval.RemoveStatement(newRoot, newRoot.GetCurrentNode(close)!);
        }

        return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
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
