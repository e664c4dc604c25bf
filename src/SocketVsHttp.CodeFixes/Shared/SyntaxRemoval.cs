using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Shared;

/// <summary>Removes whole statements and object-initializer members while keeping the surrounding layout, comments and directives.</summary>
internal static class SyntaxRemoval
{
    /// <summary>True when <paramref name="statement"/> sits in a statement list (block, switch section, top-level program) and can simply go.</summary>
    public static bool CanRemoveStatement(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    /// <summary>
    /// Removes <paramref name="statement"/>. Comments and preprocessor directives in front of it stay where they were
    /// (moved in front of the next token); its own line and its end-of-line comment go.
    /// </summary>
    public static SyntaxNode RemoveStatement(SyntaxNode root, StatementSyntax statement)
    {
        SyntaxNode node = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var kept = CommentsAndDirectives(node.GetLeadingTrivia());
        if (kept.Count == 0)
        {
            return root.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia) ?? root;
        }

        root = root.TrackNodes(node);
        var next = root.GetCurrentNode(node)!.GetLastToken().GetNextToken(includeZeroWidth: true);
        root = root.ReplaceToken(next, next.WithLeadingTrivia(SyntaxFactory.TriviaList(kept).AddRange(next.LeadingTrivia)));
        return root.RemoveNode(root.GetCurrentNode(node)!, SyntaxRemoveOptions.KeepNoTrivia) ?? root;
    }

    /// <summary>
    /// Removes <paramref name="member"/> from its object initializer. An initializer left empty goes too:
    /// <c>new T { X = 1 }</c> becomes <c>new T()</c>, a nested <c>Options = { X = 1 }</c> member is removed from its own initializer.
    /// </summary>
    public static SyntaxNode RemoveInitializerMember(SyntaxNode root, ExpressionSyntax member)
    {
        if (member.Parent is not InitializerExpressionSyntax initializer)
        {
            return root;
        }

        var expressions = initializer.Expressions;
        if (expressions.Count > 1)
        {
            return root.ReplaceNode(initializer, initializer.WithExpressions(Without(expressions, expressions.IndexOf(member))));
        }

        switch (initializer.Parent)
        {
            case ObjectCreationExpressionSyntax creation:
                var withoutInitializer = creation.ArgumentList is null
                    ? creation.WithType(creation.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList())
                    : creation.WithArgumentList(creation.ArgumentList.WithoutTrailingTrivia());
                return root.ReplaceNode(creation, withoutInitializer.WithInitializer(null).WithTrailingTrivia(initializer.GetTrailingTrivia()));
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return root.ReplaceNode(
                    implicitCreation,
                    implicitCreation.WithArgumentList(implicitCreation.ArgumentList.WithoutTrailingTrivia()).WithInitializer(null).WithTrailingTrivia(initializer.GetTrailingTrivia()));
            case AssignmentExpressionSyntax nested when nested.Right == initializer && nested.Parent is InitializerExpressionSyntax:
                return RemoveInitializerMember(root, nested);
            default:
                return root.ReplaceNode(initializer, initializer.WithExpressions(default));
        }
    }

    private static SeparatedSyntaxList<ExpressionSyntax> Without(SeparatedSyntaxList<ExpressionSyntax> list, int index)
    {
        var nodes = new List<ExpressionSyntax>(list.Count - 1);
        var separators = new List<SyntaxToken>(list.SeparatorCount);
        for (var i = 0; i < list.Count; i++)
        {
            if (i != index)
            {
                nodes.Add(list[i]);
            }
        }

        // Drop the comma after the member, or the one before it when it is the last member without a trailing comma.
        var separatorToDrop = index < list.SeparatorCount ? index : index - 1;
        for (var i = 0; i < list.SeparatorCount; i++)
        {
            if (i != separatorToDrop)
            {
                separators.Add(list.GetSeparator(i));
            }
        }

        if (index == list.Count - 1 && index >= list.SeparatorCount)
        {
            // The new last member takes over the removed one's line end.
            nodes[nodes.Count - 1] = nodes[nodes.Count - 1].WithTrailingTrivia(list[index].GetTrailingTrivia());
        }

        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    private static List<SyntaxTrivia> CommentsAndDirectives(SyntaxTriviaList leading)
    {
        // Keep everything up to the end of the last line that holds a comment or directive.
        var lastMeaningful = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (!leading[i].IsKind(SyntaxKind.WhitespaceTrivia) && !leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lastMeaningful = i;
            }
        }

        var kept = new List<SyntaxTrivia>();
        if (lastMeaningful < 0)
        {
            return kept;
        }

        for (var i = 0; i < leading.Count; i++)
        {
            kept.Add(leading[i]);
            if (i > lastMeaningful && leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                break;
            }

            if (i == lastMeaningful && leading[i].HasStructure)
            {
                break; // a directive carries its own line end
            }
        }

        return kept;
    }
}
