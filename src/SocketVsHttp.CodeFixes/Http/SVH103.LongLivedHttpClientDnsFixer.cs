using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Shared;
using SocketVsHttp.Http;

namespace SocketVsHttp.CodeFixes.Http;

/// <summary>
/// SVH103: builds the long-lived client on <c>SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(n) }</c>:
/// adds the handler to <c>new HttpClient()</c>, rebuilds an inline HttpClientHandler whose settings all map one to one,
/// or adds the lifetime to an existing SocketsHttpHandler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongLivedHttpClientDnsFixer))]
public sealed class LongLivedHttpClientDnsFixer : CodeFixProvider
{
    private const string Title = "Build on SocketsHttpHandler with PooledConnectionLifetime";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Descriptors.SVH103.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        // The rule fires only where SocketsHttpHandler exists; a multi-targeted file must get the same text on every
        // target, so the rewrite is offered only when every target of the file has the handler.
        if (!await LinkedTargets.AllHaveAsync(context.Document, SharedHttpClientRewrite.HasSocketsHttpHandler, context.CancellationToken).ConfigureAwait(false))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(LongLivedHttpClientDnsAnalyzer.FixKey, out var fix) || fix is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => FixAsync(context.Document, diagnostic, fix, ct), equivalenceKey: Descriptors.SVH103.Id),
                diagnostic);
        }
    }

    private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string fix, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var minutes = diagnostic.Properties.TryGetValue(LongLivedHttpClientDnsAnalyzer.MinutesKey, out var value) && int.TryParse(value, out var parsed) && parsed > 0
            ? parsed
            : LongLivedHttpClientDnsAnalyzer.DefaultMinutes;

        if (fix == LongLivedHttpClientDnsAnalyzer.FixAddHandler)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax client)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(client, AddHandlerArgument(client, NewSocketsHandler(minutes))));
        }

        if (diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax handler)
        {
            return document;
        }

        BaseObjectCreationExpressionSyntax rebuilt;
        if (fix == LongLivedHttpClientDnsAnalyzer.FixReplaceHandler && handler is ObjectCreationExpressionSyntax explicitHandler)
        {
            rebuilt = explicitHandler.WithType(SocketsHandlerType().WithTriviaFrom(explicitHandler.Type));
        }
        else if (fix == LongLivedHttpClientDnsAnalyzer.FixAddLifetime)
        {
            rebuilt = handler;
        }
        else
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(handler, AddLifetime(rebuilt, LifetimeAssignment(minutes))));
    }

    private static TypeSyntax SocketsHandlerType() =>
        SyntaxFactory.ParseTypeName("global::System.Net.Http.SocketsHttpHandler").WithAdditionalAnnotations(Simplifier.Annotation);

    private static ExpressionSyntax LifetimeAssignment(int minutes) =>
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
    private static ExpressionSyntax NewSocketsHandler(int minutes) =>
        SyntaxFactory.ObjectCreationExpression(
            SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
            SocketsHandlerType().WithTrailingTrivia(SyntaxFactory.Space),
            argumentList: null,
            SingleLineInitializer(LifetimeAssignment(minutes), default));

    private static InitializerExpressionSyntax SingleLineInitializer(ExpressionSyntax assignment, SyntaxTriviaList trailing) =>
        SyntaxFactory.InitializerExpression(
            SyntaxKind.ObjectInitializerExpression,
            SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
            SyntaxFactory.SingletonSeparatedList(assignment),
            SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(trailing));

    /// <summary><c>new HttpClient()</c> / <c>new()</c> / <c>new HttpClient { ... }</c> gets the handler as its only argument.</summary>
    private static BaseObjectCreationExpressionSyntax AddHandlerArgument(BaseObjectCreationExpressionSyntax client, ExpressionSyntax handler)
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
    private static BaseObjectCreationExpressionSyntax AddLifetime(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax assignment)
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
