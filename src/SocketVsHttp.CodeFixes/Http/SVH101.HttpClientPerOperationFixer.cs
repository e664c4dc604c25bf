using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH101: hoist the per-operation HttpClient into one shared static field per type.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpClientPerOperationFixer))]
public sealed class HttpClientPerOperationFixer : RuleFixer<BaseObjectCreationExpressionSyntax>
{
    public const string ActionTitle = "Use a shared static HttpClient";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH101;

    protected override string Title(BaseObjectCreationExpressionSyntax plan) => ActionTitle;

    protected override BaseObjectCreationExpressionSyntax? Plan(FixContext context, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(HttpClientPerOperationAnalyzer.CanShareProperty)
            ? SharedHttpClientRewrite.FindRewritableCreation(context.Root, diagnostic.Location.SourceSpan)
            : null;

    // Whether an inline handler can be pooled depends on every target of a linked file.
    protected override async Task<BaseObjectCreationExpressionSyntax?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } creation && await SharedHttpClientRewrite.CanRewriteAsync(context, creation).ConfigureAwait(false) ? creation : null;

    // Several findings in one type share one field: the plans of a document are applied together.
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<BaseObjectCreationExpressionSyntax> plans) =>
        SharedHttpClientRewrite.RewriteAsync(context, plans, inlineLocal: true);
}
