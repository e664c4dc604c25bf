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

            return document.WithSyntaxRoot(root.ReplaceNode(client, HandlerInitializer.AddHandlerArgument(client, HandlerInitializer.NewSocketsHandler(LifetimeAssignment(minutes)))));
        }

        if (diagnostic.AdditionalLocations.Count == 0 ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax handler)
        {
            return document;
        }

        BaseObjectCreationExpressionSyntax rebuilt;
        if (fix == LongLivedHttpClientDnsAnalyzer.FixReplaceHandler && handler is ObjectCreationExpressionSyntax explicitHandler)
        {
            rebuilt = explicitHandler.WithType(HandlerInitializer.SocketsHandlerType().WithTriviaFrom(explicitHandler.Type));
        }
        else if (fix == LongLivedHttpClientDnsAnalyzer.FixAddLifetime)
        {
            rebuilt = handler;
        }
        else
        {
            return document;
        }

        return document.WithSyntaxRoot(root.ReplaceNode(handler, HandlerInitializer.AddMember(rebuilt, LifetimeAssignment(minutes))));
    }

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
}
