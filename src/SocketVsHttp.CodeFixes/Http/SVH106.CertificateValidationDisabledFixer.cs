using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH106 fix: take the accept-everything callback out so the default validation applies again:
/// remove the assignment statement / object-initializer member / <c>+=</c> statement, or the SslStream constructor argument.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CertificateValidationDisabledFixer))]
public sealed class CertificateValidationDisabledFixer : RuleFixer<SyntaxNode>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH106;

    protected override string Title(SyntaxNode plan) => "Remove the callback (keep the default certificate validation)";

    protected override SyntaxNode? Plan(FixContext context, Diagnostic diagnostic) => FindTarget(context.NodeOf(diagnostic), diagnostic);

    // The removals rewrite the tree around the removed node (trivia, a now empty initializer): one after the other, tracked.
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<SyntaxNode> plans)
    {
        var root = context.Root.TrackNodes(plans);
        foreach (var target in plans)
        {
            if (root.GetCurrentNode(target) is { } current)
            {
                root = Apply(root, current);
            }
        }

        return Task.FromResult(context.Document.WithSyntaxRoot(root));
    }

    /// <summary>The node the fix edits: a statement to remove, an initializer member to remove, or the SslStream argument.</summary>
    private static SyntaxNode? FindTarget(SyntaxNode node, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CertificateValidationDisabledAnalyzer.FixKindProperty, out var fixKind))
        {
            return null;
        }

        var value = WalkUpValue(node);
        switch (fixKind)
        {
            case CertificateValidationDisabledAnalyzer.FixKinds.RemoveAssignment:
                if (value.Parent is not AssignmentExpressionSyntax assignment || assignment.Right != value
                    || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && !assignment.IsKind(SyntaxKind.AddAssignmentExpression))
                {
                    return null;
                }

                if (assignment.Parent.IsKind(SyntaxKind.ObjectInitializerExpression))
                {
                    return assignment;
                }

                return assignment.Parent is ExpressionStatementSyntax statement && SyntaxRemoval.CanRemoveStatement(statement) ? statement : null;
            case CertificateValidationDisabledAnalyzer.FixKinds.RemoveArgument:
                return value.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax } } argument ? argument : null;
            default:
                return null;
        }
    }

    /// <summary>The outermost expression whose value is <paramref name="node"/>: through parentheses, casts and <c>new SomeCallback(node)</c>.</summary>
    private static SyntaxNode WalkUpValue(SyntaxNode node)
    {
        var current = node;
        while (true)
        {
            switch (current.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    current = parenthesized;
                    break;
                case CastExpressionSyntax cast when cast.Expression == current:
                    current = cast;
                    break;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: ObjectCreationExpressionSyntax delegateCreation } }:
                    current = delegateCreation;
                    break;
                default:
                    return current;
            }
        }
    }

    private static SyntaxNode Apply(SyntaxNode root, SyntaxNode target)
    {
        switch (target)
        {
            case StatementSyntax statement:
                return SyntaxRemoval.RemoveStatement(root, statement);
            case AssignmentExpressionSyntax member:
                return SyntaxRemoval.RemoveInitializerMember(root, member);
            case ArgumentSyntax argument when argument.Parent is ArgumentListSyntax list:
                // SslStream(inner, leaveOpen, callback) has an overload without the callback; elsewhere null means default validation.
                if (list.Arguments.Count == 3 && list.Arguments.IndexOf(argument) == 2 && argument.NameColon is null)
                {
                    return root.ReplaceNode(list, list.WithArguments(list.Arguments.RemoveAt(2)));
                }

                return root.ReplaceNode(
                    argument.Expression,
                    SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(argument.Expression));
            default:
                return root;
        }
    }
}
