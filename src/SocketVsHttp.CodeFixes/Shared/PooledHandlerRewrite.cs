using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Http;

namespace SocketVsHttp.Shared;

/// <summary>
/// Builds a long-lived client's handler on <c>SocketsHttpHandler { PooledConnectionLifetime = ... }</c> (SVH103's fix), and
/// tells the fixes that hoist a client into a static field (SVH101, SVH102) what the hoisted handler needs so that the new
/// field is not itself an SVH103 finding.
/// </summary>
internal static class PooledHandlerRewrite
{
    public enum HandlerChange
    {
        /// <summary>No inline handler, or one that already refreshes its connections: the creation is hoisted as written.</summary>
        None,

        /// <summary>An inline <c>new SocketsHttpHandler { ... }</c> without a lifetime: the lifetime is added.</summary>
        AddLifetime,

        /// <summary>An inline <c>new HttpClientHandler { ... }</c> whose settings all map: rebuilt as a SocketsHttpHandler with a lifetime.</summary>
        Rebuild,

        /// <summary>An inline HttpClientHandler with settings SocketsHttpHandler has not: hoisting it would make a long-lived client that never sees DNS changes.</summary>
        CannotPool,
    }

    /// <summary>
    /// What the inline handler of <paramref name="client"/> (its first argument) needs before the client may live for the
    /// process; only where the target has SocketsHttpHandler (elsewhere SVH103 does not apply).
    /// </summary>
    public static HandlerChange ForHoisting(SemanticModel model, BaseObjectCreationExpressionSyntax client, CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(model.Compilation);
        if (types.SocketsHttpHandler is null
            || client.ArgumentList is not { Arguments.Count: > 0 } arguments
            || arguments.Arguments[0].Expression is not BaseObjectCreationExpressionSyntax handlerSyntax
            || model.GetOperation(handlerSyntax, cancellationToken) is not IObjectCreationOperation handler)
        {
            return HandlerChange.None;
        }

        if (handler.Type.IsOrDerivesFrom(types.SocketsHttpHandler))
        {
            return LongLivedHttpClientDnsAnalyzer.SetsLifetime(handler) ? HandlerChange.None : HandlerChange.AddLifetime;
        }

        if (SymbolEqualityComparer.Default.Equals(handler.Type, types.HttpClientHandler))
        {
            return LongLivedHttpClientDnsAnalyzer.CanRebuildOnSocketsHandler(handler, types) ? HandlerChange.Rebuild : HandlerChange.CannotPool;
        }

        return HandlerChange.None;
    }

    /// <summary>The hoisted client's initializer with its inline handler changed as <paramref name="change"/> says.</summary>
    public static ExpressionSyntax Apply(ExpressionSyntax clientCreation, HandlerChange change, int minutes)
    {
        if (change is not (HandlerChange.AddLifetime or HandlerChange.Rebuild)
            || clientCreation is not BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } client
            || client.ArgumentList!.Arguments[0].Expression is not BaseObjectCreationExpressionSyntax handler)
        {
            return clientCreation;
        }

        var rebuilt = handler;
        if (change == HandlerChange.Rebuild)
        {
            if (handler is not ObjectCreationExpressionSyntax explicitHandler)
            {
                return clientCreation;
            }

            rebuilt = explicitHandler.WithType(SocketsHandlerType().WithTriviaFrom(explicitHandler.Type));
        }

        return clientCreation.ReplaceNode(handler, AddLifetime(rebuilt, LifetimeAssignment(minutes)));
    }

    public static TypeSyntax SocketsHandlerType() =>
        SyntaxFactory.ParseTypeName("global::System.Net.Http.SocketsHttpHandler").WithAdditionalAnnotations(Simplifier.Annotation);

    public static ExpressionSyntax LifetimeAssignment(int minutes) =>
        SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("PooledConnectionLifetime"),
            SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseExpression("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.IdentifierName("FromMinutes")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(minutes)))))));

    /// <summary><c>new global::System.Net.Http.SocketsHttpHandler { PooledConnectionLifetime = ... }</c> on one line.</summary>
    public static ExpressionSyntax NewSocketsHandler(int minutes) =>
        SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            SocketsHandlerType().WithTrailingTrivia(SyntaxFactory.Space),
            argumentList: null,
            SingleLineInitializer(LifetimeAssignment(minutes), default));

    /// <summary><c>new HttpClient()</c> / <c>new()</c> / <c>new HttpClient { ... }</c> gets the handler as its only argument.</summary>
    public static BaseObjectCreationExpressionSyntax AddHandlerArgument(BaseObjectCreationExpressionSyntax client, ExpressionSyntax handler)
    {
        var argument = SyntaxFactory.Argument(handler);
        if (client.ArgumentList is { } arguments)
        {
            return client.WithArgumentList(arguments.WithArguments(SyntaxFactory.SingletonSeparatedList(argument)));
        }

        if (client is not ObjectCreationExpressionSyntax explicitClient)
        {
            return client;
        }

        // new HttpClient { ... }: the argument list goes between the type and the initializer, taking the type's trailing trivia.
        var argumentList = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(argument))
            .WithTrailingTrivia(explicitClient.Type.GetTrailingTrivia());
        return explicitClient.WithType(explicitClient.Type.WithoutTrailingTrivia()).WithArgumentList(argumentList);
    }

    /// <summary>Appends <paramref name="assignment"/> to the creation's object initializer, creating the initializer when there is none.</summary>
    public static BaseObjectCreationExpressionSyntax AddLifetime(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax assignment)
    {
        if (creation.Initializer is { } initializer)
        {
            return creation.WithInitializer(AppendToInitializer(initializer, assignment));
        }

        var trailing = creation.GetTrailingTrivia();
        var bare = creation.WithoutTrailingTrivia();
        if (bare is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } explicitCreation &&
            !explicitCreation.ArgumentList.OpenParenToken.HasTrailingTrivia &&
            !explicitCreation.ArgumentList.CloseParenToken.HasLeadingTrivia)
        {
            // new SocketsHttpHandler() -> new SocketsHttpHandler { ... }
            bare = explicitCreation.WithArgumentList(null).WithType(explicitCreation.Type.WithoutTrailingTrivia());
        }

        var init = SingleLineInitializer(assignment, trailing);
        return bare.WithInitializer(init.WithOpenBraceToken(init.OpenBraceToken.WithLeadingTrivia(SyntaxFactory.Space)));
    }

    private static InitializerExpressionSyntax SingleLineInitializer(ExpressionSyntax assignment, SyntaxTriviaList trailing) =>
        SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SingletonSeparatedList(assignment),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));

    private static InitializerExpressionSyntax AppendToInitializer(InitializerExpressionSyntax initializer, ExpressionSyntax assignment)
    {
        var expressions = initializer.Expressions;
        if (expressions.Count == 0)
        {
            return initializer
                .WithOpenBraceToken(initializer.OpenBraceToken.WithTrailingTrivia(SyntaxFactory.Space))
                .WithExpressions(SyntaxFactory.SingletonSeparatedList(assignment))
                .WithCloseBraceToken(initializer.CloseBraceToken.WithLeadingTrivia(SyntaxFactory.Space));
        }

        var last = expressions[expressions.Count - 1];
        var previousToken = last.GetFirstToken().GetPreviousToken();
        var endOfLine = previousToken.TrailingTrivia.FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var multiLine = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia);
        var list = expressions.GetWithSeparators();

        if (expressions.SeparatorCount == expressions.Count)
        {
            // Trailing comma: the new element goes after it, with a trailing comma of its own.
            var trailingComma = list[list.Count - 1].AsToken();
            var element = multiLine ? assignment.WithLeadingTrivia(last.GetLeadingTrivia()) : assignment;
            list = list.Add(element).Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(trailingComma.TrailingTrivia));
            return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(list));
        }

        // The last element's trailing trivia (a line end, a comment) moves after the new comma.
        var lastTrailing = last.GetTrailingTrivia();
        var comma = SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(multiLine ? lastTrailing : SyntaxFactory.TriviaList(SyntaxFactory.Space));
        var added = multiLine
            ? assignment.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(endOfLine)
            : assignment.WithTrailingTrivia(lastTrailing);
        list = list.Replace(last, last.WithoutTrailingTrivia()).Add(comma).Add(added);
        return initializer.WithExpressions(SyntaxFactory.SeparatedList<ExpressionSyntax>(list));
    }
}
