using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketVsHttp.Shared;

/// <summary>
/// Handler settings written into object initializers, keeping the initializer's layout: a new
/// <c>SocketsHttpHandler { ... }</c> handed to <c>new HttpClient()</c>, or members appended to an existing handler's
/// initializer (SVH103's lifetime, SVH112's moved ServicePointManager settings).
/// </summary>
internal static class HandlerInitializer
{
    public static TypeSyntax SocketsHandlerType() =>
        SyntaxFactory.ParseTypeName("global::System.Net.Http.SocketsHttpHandler").WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary><c>TimeSpan.<paramref name="member"/></c> (written <c>global::System.TimeSpan</c>, simplified).</summary>
    public static ExpressionSyntax TimeSpanMember(string member) =>
        SyntaxFactory.MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            SyntaxFactory.ParseExpression("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
            SyntaxFactory.IdentifierName(member));

    /// <summary><c>new global::System.Net.Http.SocketsHttpHandler { A = ..., B = ... }</c> on one line.</summary>
    public static ExpressionSyntax NewSocketsHandler(params ExpressionSyntax[] assignments)
    {
        var init = SingleLineInitializer(assignments[0], default);
        for (var i = 1; i < assignments.Length; i++)
        {
            init = AppendToInitializer(init, assignments[i]);
        }

        return SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            SocketsHandlerType().WithTrailingTrivia(SyntaxFactory.Space),
            argumentList: null,
            init);
    }

    public static InitializerExpressionSyntax SingleLineInitializer(ExpressionSyntax assignment, SyntaxTriviaList trailing) =>
        SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SingletonSeparatedList(assignment),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));

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
    public static BaseObjectCreationExpressionSyntax AddMember(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax assignment)
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

    public static InitializerExpressionSyntax AppendToInitializer(InitializerExpressionSyntax initializer, ExpressionSyntax assignment)
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
