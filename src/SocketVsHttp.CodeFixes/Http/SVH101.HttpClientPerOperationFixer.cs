using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH101: hoist the per-operation HttpClient into one shared static field per type.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpClientPerOperationFixer))]
public sealed class HttpClientPerOperationFixer : CodeFixProvider
{
    public const string Title = "Use a shared static HttpClient";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH101.Id);

    // Several findings in one type must share one field: the fixes of a document are applied together.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        static (context, document, diagnostics) => SharedHttpClientRewrite.RewriteAsync(
            document, diagnostics.Where(CanShare).Select(d => d.Location.SourceSpan), inlineLocal: true, context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanShare(diagnostic) || !await SharedHttpClientRewrite.CanRewriteAsync(context.Document, diagnostic.Location.SourceSpan, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => SharedHttpClientRewrite.RewriteAsync(context.Document, new[] { diagnostic.Location.SourceSpan }, inlineLocal: true, ct),
                    equivalenceKey: Descriptors.SVH101.Id),
                diagnostic);
        }
    }

    private static bool CanShare(Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(HttpClientPerOperationAnalyzer.CanShareProperty);
}
