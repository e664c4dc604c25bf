using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Http;

namespace SocketVsHttp.Shared;

/// <summary>
/// Tells the fixes that hoist a client into a static field (SVH101, SVH102) what its inline handler needs so that the new
/// field is not itself an SVH103 finding, and makes that change (with <see cref="HandlerInitializer"/>, as SVH103's fix does).
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

        return WithLifetime(handler, change == HandlerChange.Rebuild, minutes) is { } pooled ? clientCreation.ReplaceNode(handler, pooled) : clientCreation;
    }

    /// <summary>
    /// <paramref name="handler"/> with <c>PooledConnectionLifetime</c> appended to its initializer, first rebuilt as a
    /// SocketsHttpHandler when <paramref name="rebuild"/> (an HttpClientHandler; null when its type is not written).
    /// </summary>
    public static BaseObjectCreationExpressionSyntax? WithLifetime(BaseObjectCreationExpressionSyntax handler, bool rebuild, int minutes)
    {
        var rebuilt = handler;
        if (rebuild)
        {
            if (handler is not ObjectCreationExpressionSyntax explicitHandler)
            {
                return null;
            }

            rebuilt = explicitHandler.WithType(HandlerInitializer.SocketsHandlerType().WithTriviaFrom(explicitHandler.Type));
        }

        return HandlerInitializer.AddMember(rebuilt, LifetimeAssignment(minutes));
    }

    /// <summary><c>PooledConnectionLifetime = TimeSpan.FromMinutes(minutes)</c>.</summary>
    public static ExpressionSyntax LifetimeAssignment(int minutes) =>
        SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            SyntaxFactory.IdentifierName("PooledConnectionLifetime"),
            SyntaxFactory.InvocationExpression(
                HandlerInitializer.TimeSpanMember("FromMinutes"),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                    SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(minutes)))))));
}
