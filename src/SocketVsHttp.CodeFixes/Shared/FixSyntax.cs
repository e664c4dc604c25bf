using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketVsHttp.Shared;

/// <summary>The syntax questions every fixer asks, answered once: a free name, where await may be written, the file's line ending.</summary>
public static class FixSyntax
{
    /// <summary>
    /// <paramref name="name"/>, or <c>name2</c>, <c>name3</c>... so that it is no identifier of the enclosing member (the whole
    /// file for a type-level name), no symbol in scope at <paramref name="node"/>, and none of <paramref name="alsoTaken"/>
    /// (names this fix already handed out; the chosen name is added to it).
    /// </summary>
    public static string UniqueName(SyntaxNode node, string name, SemanticModel? model = null, ICollection<string>? alsoTaken = null)
    {
        SyntaxNode scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax) ?? node.SyntaxTree.GetRoot();
        if (scope is BaseTypeDeclarationSyntax)
        {
            scope = node.SyntaxTree.GetRoot();
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in scope.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken))
            {
                taken.Add(token.ValueText);
            }
        }

        if (model is not null && node.SyntaxTree == model.SyntaxTree)
        {
            foreach (var symbol in model.LookupSymbols(node.SpanStart))
            {
                taken.Add(symbol.Name);
            }
        }

        var unique = name;
        for (var suffix = 2; taken.Contains(unique) || (alsoTaken?.Contains(unique) ?? false); suffix++)
        {
            unique = name + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        alsoTaken?.Add(unique);
        return unique;
    }

    /// <summary>An identifier the fix invented, marked so that the IDE offers to rename it right after the fix.</summary>
    public static SyntaxToken InventedName(string name) => SyntaxFactory.Identifier(name).WithAdditionalAnnotations(RenameAnnotation.Create());

    /// <summary>
    /// True when <c>await</c> may be written at <paramref name="node"/>: inside an async method, local function, lambda or
    /// anonymous method, or in top-level statements; not in a lock, query, unsafe block or catch filter.
    /// </summary>
    public static bool CanAwait(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case LockStatementSyntax or QueryExpressionSyntax or UnsafeStatementSyntax or CatchFilterClauseSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax local:
                    return local.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case GlobalStatementSyntax:
                    return true;
                case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The outermost parenthesized expression around <paramref name="node"/> (or the node itself).</summary>
    public static SyntaxNode WalkUpParentheses(SyntaxNode node)
    {
        var current = node;
        while (current.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            current = parenthesized;
        }

        return current;
    }

    /// <summary>True when an expression replacing <paramref name="expression"/> must be parenthesized (it is the target of a member access, element access, call or postfix operator).</summary>
    public static bool NeedsParentheses(ExpressionSyntax expression) => expression.Parent switch
    {
        MemberAccessExpressionSyntax access => access.Expression == expression,
        ElementAccessExpressionSyntax element => element.Expression == expression,
        InvocationExpressionSyntax invocation => invocation.Expression == expression,
        ConditionalAccessExpressionSyntax conditional => conditional.Expression == expression,
        PostfixUnaryExpressionSyntax => true,
        _ => false,
    };

    /// <summary>The file's own line ending (its first end-of-line trivia), CRLF for a file of one line.</summary>
    public static SyntaxTrivia EndOfLine(SyntaxNode node)
    {
        foreach (var trivia in node.SyntaxTree.GetRoot().DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return SyntaxFactory.CarriageReturnLineFeed;
    }

    /// <summary>
    /// The file's own line ending (<see cref="EndOfLine"/>) as elastic trivia: right after a statement the fix inserts,
    /// while the formatter still lays out the lines around it.
    /// </summary>
    public static SyntaxTrivia ElasticEndOfLine(SyntaxNode node) => SyntaxFactory.ElasticEndOfLine(EndOfLine(node).ToString());

    /// <summary>
    /// <c>Type.Member</c> (a static member or an enum value) named from the symbol, fully qualified and marked for the
    /// simplifier, so it reads as short as the file's usings allow (<c>CancellationToken.None</c>). Parsed as an expression
    /// (member accesses all the way down, as the compiler reads it back), not <c>SyntaxGenerator.TypeExpression</c>, whose
    /// qualified name would stay a type name inside the expression.
    /// </summary>
    public static ExpressionSyntax StaticMember(ITypeSymbol type, string member) =>
        SyntaxFactory.ParseExpression(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member).WithAdditionalAnnotations(Simplifier.Annotation);
}
