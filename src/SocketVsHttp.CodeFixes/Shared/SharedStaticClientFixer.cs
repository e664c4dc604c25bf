using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SocketVsHttp.Shared;

/// <summary>
/// SVH111 and SVH209: move a per-operation client onto a shared static field (<see cref="SharedHttpClientRewrite.RewriteToSharedStaticAsync"/>),
/// as the analyzer's <see cref="ConnectionOwnerLifetime.ShareProperty"/> says (static, or Lazy&lt;T&gt; for a creation that
/// connects); no fix where the property is absent (arguments that depend on the call, an awaited factory).
/// </summary>
public abstract class SharedStaticClientFixer : CodeFixProvider
{
    protected abstract DiagnosticDescriptor Rule { get; }

    protected abstract string Title { get; }

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rule.Id);

    // Several findings in one type must share one field: the fixes of a document are applied together.
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        static (context, document, diagnostics) => SharedHttpClientRewrite.RewriteToSharedStaticAsync(
            document, diagnostics.Where(d => Share(d) is not null).Select(d => (d.Location.SourceSpan, Share(d) == ConnectionOwnerLifetime.LazyShare)), context.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var share = Share(diagnostic);
            if (share is null || SharedHttpClientRewrite.FindRewritableClientCreation(root, diagnostic.Location.SourceSpan) is null)
            {
                continue;
            }

            var lazy = share == ConnectionOwnerLifetime.LazyShare;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => SharedHttpClientRewrite.RewriteToSharedStaticAsync(context.Document, new[] { (diagnostic.Location.SourceSpan, lazy) }, ct),
                    equivalenceKey: Rule.Id),
                diagnostic);
        }
    }

    private static string? Share(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ConnectionOwnerLifetime.ShareProperty, out var share) ? share : null;
}
