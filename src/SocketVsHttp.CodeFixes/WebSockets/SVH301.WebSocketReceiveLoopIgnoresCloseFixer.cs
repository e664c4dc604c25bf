using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketVsHttp.WebSockets;

/// <summary>
/// SVH301 fix: right after the statement that stores the receive result, insert
/// <c>if (result.MessageType == WebSocketMessageType.Close) { await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct); break; }</c>.
/// Offered only when that is a plain local store directly in the loop's block, the receive is awaited, the
/// <c>break</c> leaves the only loop around it, and the loop has no Close branch with statements of its own (an empty
/// <c>if (type == Close) { }</c> or a <c>!= Close</c> that only skips the payload is fine: the inserted check runs first).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WebSocketReceiveLoopIgnoresCloseFixer))]
public sealed class WebSocketReceiveLoopIgnoresCloseFixer : RuleFixer<StatementInsertion>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH301;

    protected override string Title(StatementInsertion plan) => "Complete the close handshake when a Close message arrives";

    protected override StatementInsertion? Plan(FixContext context, Diagnostic diagnostic)
    {
        if (diagnostic.Properties.ContainsKey(WebSocketReceiveLoopIgnoresCloseAnalyzer.HasCloseBranchProperty))
        {
            // The loop already has a Close branch that does something else (logs, closes an old socket before a
            // reconnect): inserting a close-and-break in front of it would silently turn it into dead code.
            return null;
        }

        return context.NodeOf(diagnostic) is InvocationExpressionSyntax receive
            && Plan(receive, context.Model, context.CancellationToken) is { } plan
            ? new StatementInsertion(plan.Statement, plan.CloseCheck)
            : null;
    }

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<StatementInsertion> plans) =>
        StatementInsertion.InsertAll(editor, plans);

    private static (StatementSyntax Statement, StatementSyntax CloseCheck)? Plan(
        InvocationExpressionSyntax receive, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        if (receive.Expression is not MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } receiveAccess
            || !IsSimpleReference(receiveAccess.Expression))
        {
            return null;
        }

        // await ws.ReceiveAsync(...) or await ws.ReceiveAsync(...).ConfigureAwait(x)
        ExpressionSyntax awaited = receive;
        ArgumentListSyntax? configureAwaitArguments = null;
        if (receive.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure
            && configure.Parent is InvocationExpressionSyntax configured)
        {
            awaited = configured;
            configureAwaitArguments = configured.ArgumentList;
        }

        if (awaited.Parent is not AwaitExpressionSyntax awaitExpression)
        {
            return null;
        }

        if (!TryGetStoringStatement(awaitExpression, semanticModel, cancellationToken, out var statement, out var resultName)
            || statement!.Parent is not BlockSyntax
            || !BreakLeavesTheOnlyLoop(statement))
        {
            return null;
        }

        var types = KnownTypes.For(semanticModel.Compilation);
        if (semanticModel.GetOperation(receive, cancellationToken) is not IInvocationOperation receiveOperation
            || types.WebSocketMessageType is not { } messageType
            || types.Get("System.Net.WebSockets.WebSocketCloseStatus") is not { } closeStatus
            || types.CancellationToken is not { } cancellationTokenType)
        {
            return null;
        }

        var closeCheck = BuildCloseCheck(
            resultName,
            receiveAccess.Expression,
            CancellationTokenFor(receiveOperation, cancellationTokenType),
            configureAwaitArguments,
            FixSyntax.StaticMember(messageType, "Close"),
            FixSyntax.StaticMember(closeStatus, "NormalClosure"));
        return (statement, closeCheck);
    }

    /// <summary><c>var result = await ...;</c> (one variable) or <c>result = await ...;</c> where result is a local.</summary>
    private static bool TryGetStoringStatement(
        AwaitExpressionSyntax awaitExpression,
        SemanticModel semanticModel,
        CancellationToken cancellationToken,
        out StatementSyntax? statement,
        out string resultName)
    {
        statement = null;
        resultName = string.Empty;
        switch (awaitExpression.Parent)
        {
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                when declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
                    && declaration.UsingKeyword.IsKind(SyntaxKind.None) && !declaration.IsConst:
                statement = declaration;
                resultName = declarator.Identifier.ValueText;
                return true;

            case AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression, Left: IdentifierNameSyntax target, Parent: ExpressionStatementSyntax expressionStatement } assignment
                when assignment.Right == awaitExpression
                    && semanticModel.GetSymbolInfo(target, cancellationToken).Symbol is ILocalSymbol:
                statement = expressionStatement;
                resultName = target.Identifier.ValueText;
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// The inserted <c>break</c> must leave the loop that receives: not a switch section, not a finally clause, and no
    /// outer loop in the same function that would go on receiving from a closed socket.
    /// </summary>
    private static bool BreakLeavesTheOnlyLoop(StatementSyntax statement)
    {
        SyntaxNode? loop = null;
        for (var current = statement.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax:
                    if (loop is not null)
                    {
                        return false;
                    }

                    loop = current;
                    break;
                case SwitchSectionSyntax or FinallyClauseSyntax when loop is null:
                    return false;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax:
                    return loop is not null;
            }
        }

        return loop is not null;
    }

    /// <summary>The receive's CancellationToken as written when it is a simple name/member access, else CancellationToken.None.</summary>
    private static ExpressionSyntax CancellationTokenFor(IInvocationOperation receive, INamedTypeSymbol cancellationTokenType)
    {
        foreach (var argument in receive.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, cancellationTokenType)
                && argument.ArgumentKind == ArgumentKind.Explicit
                && argument.Value.Syntax is ExpressionSyntax token
                && IsSimpleReference(token))
            {
                return token.WithoutTrivia();
            }
        }

        return FixSyntax.StaticMember(cancellationTokenType, "None");
    }

    private static bool IsSimpleReference(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access =>
            access.Expression is ThisExpressionSyntax || IsSimpleReference(access.Expression),
        _ => false,
    };

    private static StatementSyntax BuildCloseCheck(
        string resultName,
        ExpressionSyntax socket,
        ExpressionSyntax cancellationToken,
        ArgumentListSyntax? configureAwaitArguments,
        ExpressionSyntax closeMessageType,
        ExpressionSyntax normalClosure)
    {
        var isClose = BinaryExpression(
            SyntaxKind.EqualsExpression,
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName(resultName), IdentifierName("MessageType")),
            closeMessageType);

        ExpressionSyntax closeOutput = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, socket.WithoutTrivia(), IdentifierName("CloseOutputAsync")),
            ArgumentList(SeparatedList(new[]
            {
                Argument(normalClosure),
                Argument(LiteralExpression(SyntaxKind.NullLiteralExpression)),
                Argument(cancellationToken),
            })));

        if (configureAwaitArguments is not null)
        {
            // Keep the receive's ConfigureAwait choice for the close as well.
            closeOutput = InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, closeOutput, IdentifierName("ConfigureAwait")),
                configureAwaitArguments.WithoutTrivia());
        }

        return IfStatement(isClose, Block(ExpressionStatement(AwaitExpression(closeOutput)), BreakStatement()))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
