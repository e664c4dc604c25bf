using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketVsHttp.Shared;

/// <summary>
/// Turns <c>var x = ...;</c> into <c>using var x = ...;</c> and finds the <c>x.Dispose();</c>-style statements later in the same
/// block that the using declaration makes redundant.
/// </summary>
internal static class UsingDeclarationRewrite
{
    /// <summary>
    /// The plan for the single-variable local declaration whose initializer contains <paramref name="node"/>, or null when it
    /// cannot become a using declaration (C# before 8, already using/const, several variables, not directly in a block or
    /// top-level program, a label follows it).
    /// </summary>
    /// <param name="closeMethodNames">Argument-less methods on the local that count as a dispose (<c>x.M()</c> or <c>x?.M()</c>).</param>
    /// <param name="refuseAsyncDispose">Give up when <c>await x.DisposeAsync()</c> follows: a using declaration would dispose synchronously.</param>
    /// <param name="refuseUseAfterClose">Give up when the local is still used after the last removed close: the close would move past that use.</param>
    public static UsingDeclarationPlan? FindPlan(
        SyntaxNode node,
        SemanticModel model,
        string[] closeMethodNames,
        bool refuseAsyncDispose,
        bool refuseUseAfterClose,
        CancellationToken cancellationToken)
    {
        if (((CSharpParseOptions)node.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        var declaration = node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        if (declaration is null
            || declaration.UsingKeyword != default
            || declaration.IsConst
            || declaration.Declaration.Variables.Count != 1
            || declaration.Declaration.Variables[0].Initializer is not { } initializer
            || !initializer.Value.Span.Contains(node.Span)
            || model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        // A using declaration must sit directly in a block or at top level (not in a switch section).
        IReadOnlyList<SyntaxNode> siblings;
        SyntaxNode statement = declaration;
        switch (declaration.Parent)
        {
            case BlockSyntax block:
                siblings = block.Statements;
                break;
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                statement = global;
                siblings = unit.Members;
                break;
            default:
                return null;
        }

        var closes = new List<StatementSyntax>();
        var after = false;
        var usedAfterLastClose = false;
        foreach (var sibling in siblings)
        {
            if (sibling == statement)
            {
                after = true;
                continue;
            }

            if (!after)
            {
                continue;
            }

            var inner = sibling is GlobalStatementSyntax g ? g.Statement : sibling;
            if (inner is LabeledStatementSyntax)
            {
                // A goto may jump past the using declaration (CS8648).
                return null;
            }

            if (inner is ExpressionStatementSyntax expressionStatement)
            {
                switch (CloseKind(expressionStatement.Expression, local, closeMethodNames, refuseAsyncDispose, model, cancellationToken))
                {
                    case Close.Plain:
                        closes.Add(expressionStatement);
                        usedAfterLastClose = false;
                        continue;
                    case Close.Async:
                        return null;
                }
            }

            usedAfterLastClose |= refuseUseAfterClose && closes.Count > 0 && Mentions(inner, local, model, cancellationToken);
        }

        // Removing the close moves it to the end of the block; code that still looks at the object after it would change meaning.
        return usedAfterLastClose ? null : new UsingDeclarationPlan(declaration, closes);
    }

    /// <summary><c>var x = ...;</c> becomes <c>using var x = ...;</c>, keeping the leading trivia in front of <c>using</c>.</summary>
    public static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        var usingKeyword = SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private enum Close
    {
        None,
        Plain,
        Async,
    }

    /// <summary><c>x.M()</c> or <c>x?.M()</c> (no arguments, M a close method) or, when asked for, <c>await x.DisposeAsync()</c> on the local.</summary>
    private static Close CloseKind(
        ExpressionSyntax expression,
        ILocalSymbol local,
        string[] closeMethodNames,
        bool detectAsyncDispose,
        SemanticModel model,
        CancellationToken cancellationToken)
    {
        var kind = Close.Plain;
        if (detectAsyncDispose && expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
            kind = Close.Async;
        }

        ExpressionSyntax? receiver;
        string name;
        switch (expression)
        {
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax access }:
                receiver = access.Expression;
                name = access.Name.Identifier.ValueText;
                break;
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax binding } } conditional:
                receiver = conditional.Expression;
                name = binding.Name.Identifier.ValueText;
                break;
            default:
                return Close.None;
        }

        var isClose = kind == Close.Async ? name == "DisposeAsync" : closeMethodNames.Contains(name);
        return isClose && receiver is IdentifierNameSyntax identifier
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local)
            ? kind
            : Close.None;
    }

    private static bool Mentions(SyntaxNode node, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The declaration to turn into a using declaration and the close statements after it that then go.</summary>
public sealed class UsingDeclarationPlan
{
    public UsingDeclarationPlan(LocalDeclarationStatementSyntax declaration, List<StatementSyntax> closes)
    {
        Declaration = declaration;
        Closes = closes;
    }

    public LocalDeclarationStatementSyntax Declaration { get; }

    /// <summary>The close expression statements (inside their <see cref="GlobalStatementSyntax"/> in a top-level program).</summary>
    public List<StatementSyntax> Closes { get; }
}
