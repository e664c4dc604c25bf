using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH102: a handler written inline in `new HttpClient(new HttpClientHandler { ... })` is hoisted together with its client (SVH101's fix).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpMessageHandlerPerOperationFixer))]
public sealed class HttpMessageHandlerPerOperationFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH102.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        static async (context, document, diagnostics) =>
        {
            var spans = new List<TextSpan>();
            foreach (var diagnostic in diagnostics)
            {
                if (await ShareableClientSpanAsync(document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is { } span)
                {
                    spans.Add(span);
                }
            }

            return await SharedHttpClientRewrite.RewriteAsync(document, spans, inlineLocal: true, context.CancellationToken).ConfigureAwait(false);
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (await ShareableClientSpanAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false) is not { } clientSpan)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    HttpClientPerOperationFixer.Title + " and handler",
                    ct => SharedHttpClientRewrite.RewriteAsync(context.Document, new[] { clientSpan }, inlineLocal: true, ct),
                    equivalenceKey: Descriptors.SVH102.Id),
                diagnostic);
        }
    }

    /// <summary>The span of the `new HttpClient(handler)` the inline handler is an argument of, when the pair can be shared unchanged.</summary>
    private static async Task<TextSpan?> ShareableClientSpanAsync(Document document, TextSpan handlerSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root?.FindNode(handlerSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax handler ||
            handler.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax client } } ||
            model?.GetOperation(client, cancellationToken) is not { } clientOperation ||
            !HttpClientLifetime.IsContextFree(clientOperation) ||
            !await SharedHttpClientRewrite.CanRewriteAsync(document, client.Span, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return client.Span;
    }
}
