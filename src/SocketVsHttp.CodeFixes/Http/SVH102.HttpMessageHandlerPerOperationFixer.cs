using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH102: a handler written inline in `new HttpClient(new HttpClientHandler { ... })` is hoisted together with its client (SVH101's fix).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpMessageHandlerPerOperationFixer))]
public sealed class HttpMessageHandlerPerOperationFixer : RuleFixer<BaseObjectCreationExpressionSyntax>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH102;

    protected override string Title(BaseObjectCreationExpressionSyntax plan) => HttpClientPerOperationFixer.ActionTitle + " and handler";

    /// <summary>The `new HttpClient(handler)` the inline handler is an argument of, when the pair can be shared unchanged.</summary>
    protected override BaseObjectCreationExpressionSyntax? Plan(FixContext context, Diagnostic diagnostic) =>
        context.NodeOf(diagnostic) is BaseObjectCreationExpressionSyntax handler &&
        handler.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax client } } &&
        context.Model.GetOperation(client, context.CancellationToken) is { } clientOperation &&
        HttpClientLifetime.IsContextFree(clientOperation)
            ? SharedHttpClientRewrite.FindRewritableCreation(context.Root, client.Span)
            : null;

    // Whether an inline handler can be pooled depends on every target of a linked file.
    protected override async Task<BaseObjectCreationExpressionSyntax?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } client && await SharedHttpClientRewrite.CanRewriteAsync(context, client).ConfigureAwait(false) ? client : null;

    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<BaseObjectCreationExpressionSyntax> plans) =>
        SharedHttpClientRewrite.RewriteAsync(context, plans, inlineLocal: true);
}
