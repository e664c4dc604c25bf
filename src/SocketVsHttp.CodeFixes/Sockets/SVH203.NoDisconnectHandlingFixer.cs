using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketVsHttp.Shared;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH203 fix: wrap the loop in <c>try { loop } catch (IOException) { // SVH203: ...; connection.Dispose(); }</c>
/// (<c>SocketException</c> for socket loops, <c>WebSocketException</c> for WebSocket loops, one clause per family when mixed).
/// Only the I/O exception types are caught: cancellation still propagates.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoDisconnectHandlingFixer))]
public sealed class NoDisconnectHandlingFixer : RuleFixer<NoDisconnectHandlingFixer.Wrap>
{
    private const string ReconnectComment = "// SVH203: the connection dropped; close it and reconnect here.";
    private const string ServerComment = "// SVH203: this client's connection dropped; close it, the accept loop goes on.";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH203;

    protected override string Title(Wrap plan) => "Catch the connection error around the loop";

    protected override Wrap? Plan(FixContext context, Diagnostic diagnostic)
    {
        var token = context.Root.FindToken(diagnostic.Location.SourceSpan.Start);
        var loop = token.Parent as StatementSyntax;
        if (loop is not (WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax)
            || loop.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax)
            || !diagnostic.Properties.TryGetValue(NoDisconnectHandlingAnalyzer.FamiliesProperty, out var families)
            || families is null)
        {
            return null;
        }

        var exceptionNames = ExceptionNames(families, context.Types, context.Model, loop.SpanStart);
        if (exceptionNames.Count == 0)
        {
            return null;
        }

        var dispose = DisposeCall(diagnostic, context.Root, loop, context.Model, context.CancellationToken);
        var comment = diagnostic.Properties.ContainsKey(NoDisconnectHandlingAnalyzer.InAcceptLoopProperty) ? ServerComment : ReconnectComment;
        return new Wrap(loop, WrapInTry(loop, exceptionNames, dispose, comment));
    }

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<Wrap> plans)
    {
        foreach (var plan in plans)
        {
            editor.ReplaceNode(plan.Loop, plan.Replacement);
        }
    }

    /// <summary>The exception type names, minimal for the file's usings, in the order socket, stream, WebSocket.</summary>
    private static List<string> ExceptionNames(string families, KnownTypes types, SemanticModel model, int position)
    {
        var names = new List<string>(3);
        foreach (var family in families.Split(','))
        {
            var type = family switch
            {
                "Socket" => types.SocketException,
                "Stream" => types.IOException,
                "WebSocket" => types.WebSocketException,
                _ => null,
            };
            if (type is not null)
            {
                names.Add(type.ToMinimalDisplayString(model, position));
            }
        }

        return names;
    }

    /// <summary>
    /// <c>connection.Dispose</c> for the connection as written (a local, parameter or field), when it can be disposed in the catch:
    /// a local declared before the loop with a value (so it is in scope and assigned there). Null otherwise: the catch then only holds the comment.
    /// </summary>
    private static ExpressionSyntax? DisposeCall(Diagnostic diagnostic, SyntaxNode root, StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
    {
        if (diagnostic.AdditionalLocations.Count != 1)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true);
        if (node is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax }))
        {
            return null;
        }

        var expression = (ExpressionSyntax)node;
        var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        ITypeSymbol? type;
        switch (symbol)
        {
            case ILocalSymbol local:
                if (local.DeclaringSyntaxReferences.Length != 1
                    || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: not null } declarator
                    || loop.Span.Contains(declarator.Span)
                    || declarator.SpanStart > loop.SpanStart
                    || CallersConnection(declarator.Initializer.Value, model, loop, cancellationToken))
                {
                    return null;
                }

                type = local.Type;
                break;
            case IParameterSymbol parameter when parameter.RefKind != RefKind.Out:
                // The caller handed the connection over: the method owns it only if it disposes it itself.
                if (!DisposedInMethod(parameter, loop))
                {
                    return null;
                }

                type = parameter.Type;
                break;
            case IFieldSymbol field:
                type = field.Type;
                break;
            default:
                return null;
        }

        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return null;
        }

        // A connection that may be null where the loop uses it (Socket? _socket) is disposed with ?. so the fix adds no warning.
        // Fields and parameters by their declaration; `var` locals are always annotated, so by their flow state at the loop.
        var maybeNull = symbol is ILocalSymbol
            ? model.GetTypeInfo(expression, cancellationToken).Nullability.FlowState == NullableFlowState.MaybeNull
            : type.NullableAnnotation == NullableAnnotation.Annotated;
        return maybeNull
            ? ConditionalAccessExpression(expression.WithoutTrivia(), InvocationExpression(MemberBindingExpression(IdentifierName("Dispose"))))
            : InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression.WithoutTrivia(), IdentifierName("Dispose")));
    }

    /// <summary>
    /// <c>var stream = client.GetStream();</c> (or <c>client.Client</c>) on a parameter the method does not close itself: the
    /// local is the caller's connection, and disposing it would close that connection under the caller.
    /// </summary>
    private static bool CallersConnection(ExpressionSyntax initializer, SemanticModel model, StatementSyntax loop, CancellationToken cancellationToken)
    {
        var receiver = initializer;
        while (true)
        {
            switch (receiver)
            {
                case InvocationExpressionSyntax invocation:
                    receiver = invocation.Expression;
                    continue;
                case MemberAccessExpressionSyntax access:
                    receiver = access.Expression;
                    continue;
                case ParenthesizedExpressionSyntax parenthesized:
                    receiver = parenthesized.Expression;
                    continue;
                case AwaitExpressionSyntax awaited:
                    receiver = awaited.Expression;
                    continue;
            }

            break;
        }

        return receiver != initializer
            && model.GetSymbolInfo(receiver, cancellationToken).Symbol is IParameterSymbol { RefKind: not RefKind.Out } parameter
            && !DisposedInMethod(parameter, loop);
    }

    /// <summary>True when the method holding <paramref name="loop"/> disposes or closes <paramref name="parameter"/> itself (so it owns it).</summary>
    private static bool DisposedInMethod(IParameterSymbol parameter, StatementSyntax loop)
    {
        var body = loop.FirstAncestorOrSelf<SyntaxNode>(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax);
        if (body is null)
        {
            return false;
        }

        foreach (var node in body.DescendantNodes())
        {
            if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != parameter.Name)
            {
                continue;
            }

            switch (identifier.Parent)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" or "DisposeAsync" } access when access.Expression == identifier:
                case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" or "Close" or "DisposeAsync" } } }:
                case UsingStatementSyntax:
                    return true;
            }
        }

        return false;
    }

    private static TryStatementSyntax WrapInTry(StatementSyntax loop, List<string> exceptionNames, ExpressionSyntax? dispose, string comment)
    {
        var catches = new List<CatchClauseSyntax>(exceptionNames.Count);
        foreach (var name in exceptionNames)
        {
            catches.Add(CatchClause(
                CatchDeclaration(ParseTypeName(name)),
                filter: null,
                block: CatchBlock(dispose, comment)));
        }

        return TryStatement(
                Block(loop.WithoutLeadingTrivia().WithoutTrailingTrivia()),
                List(catches),
                @finally: null)
            .WithLeadingTrivia(loop.GetLeadingTrivia())
            .WithTrailingTrivia(loop.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static BlockSyntax CatchBlock(ExpressionSyntax? dispose, string text)
    {
        var comment = TriviaList(Comment(text), ElasticCarriageReturnLineFeed);
        if (dispose is null)
        {
            return Block().WithCloseBraceToken(Token(comment, SyntaxKind.CloseBraceToken, TriviaList()));
        }

        return Block(ExpressionStatement(dispose).WithLeadingTrivia(comment));
    }

    /// <summary>The reported loop and the <c>try</c> statement that replaces it.</summary>
    public sealed class Wrap
    {
        internal Wrap(StatementSyntax loop, StatementSyntax replacement)
        {
            Loop = loop;
            Replacement = replacement;
        }

        public StatementSyntax Loop { get; }

        public StatementSyntax Replacement { get; }
    }
}
