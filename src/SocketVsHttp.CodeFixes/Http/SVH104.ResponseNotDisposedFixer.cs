using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH104: <c>var response = await client.GetAsync(...)</c> becomes <c>using var response = ...</c>; a now redundant <c>response.Dispose();</c> goes.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseNotDisposedFixer))]
public sealed class ResponseNotDisposedFixer : RuleFixer<UsingDeclarationPlan>
{
    private static readonly string[] DisposeMethodNames = { "Dispose" };

    protected override DiagnosticDescriptor Rule => Descriptors.SVH104;

    protected override string Title(UsingDeclarationPlan plan) => "Dispose the response with a using declaration";

    protected override UsingDeclarationPlan? Plan(FixContext context, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(ResponseNotDisposedAnalyzer.FixableDeclarationKey)
            ? UsingDeclarationRewrite.FindPlan(
                context.NodeOf(diagnostic),
                context.Model,
                DisposeMethodNames,
                refuseAsyncDispose: false,
                refuseUseAfterClose: false,
                context.CancellationToken)
            : null;

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<UsingDeclarationPlan> plans)
    {
        var removed = new HashSet<SyntaxNode>();
        foreach (var plan in plans)
        {
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
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);
}
