using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Shared;

/// <summary>
/// SVH111 and SVH209: move a per-operation client onto a shared static field (<see cref="SharedHttpClientRewrite.RewriteToSharedStaticAsync"/>),
/// as the analyzer's <see cref="ConnectionOwnerLifetime.ShareProperty"/> says (static, or Lazy&lt;T&gt; for a creation that
/// connects); no fix where the property is absent (arguments that depend on the call, an awaited factory).
/// </summary>
public abstract class SharedStaticClientFixer : RuleFixer<SharedStaticClientFixer.Share>
{
    protected abstract string ActionTitle { get; }

    protected sealed override string Title(Share plan) => ActionTitle;

    protected sealed override Share? Plan(FixContext context, Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ConnectionOwnerLifetime.ShareProperty, out var share) && share is not null &&
        SharedHttpClientRewrite.FindRewritableClientCreation(context.Root, diagnostic.Location.SourceSpan) is { } creation
            ? new Share(creation, share == ConnectionOwnerLifetime.LazyShare)
            : null;

    // Several findings in one type share one field: the plans of a document are applied together.
    protected sealed override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<Share> plans) =>
        SharedHttpClientRewrite.RewriteToSharedStaticAsync(context, plans.Select(p => (p.Creation, p.Lazy)));

    /// <summary>The creation to share, and whether the field is a <c>Lazy&lt;T&gt;</c>.</summary>
    public sealed class Share
    {
        internal Share(ExpressionSyntax creation, bool lazy) => (Creation, Lazy) = (creation, lazy);

        public ExpressionSyntax Creation { get; }

        public bool Lazy { get; }

        public override bool Equals(object? obj) => obj is Share other && other.Creation == Creation && other.Lazy == Lazy;

        public override int GetHashCode() => Creation.GetHashCode();
    }
}
