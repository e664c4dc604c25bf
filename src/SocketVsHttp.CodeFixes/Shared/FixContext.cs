using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Shared;

/// <summary>What every fixer reads of one document: its tree, its semantic model and the compilation's <see cref="KnownTypes"/>.</summary>
public sealed class FixContext
{
    private FixContext(Document document, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        Document = document;
        Root = root;
        Model = model;
        CancellationToken = cancellationToken;
    }

    public Document Document { get; }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    public CancellationToken CancellationToken { get; }

    internal KnownTypes Types => KnownTypes.For(Model.Compilation);

    /// <summary>The innermost node of the diagnostic's span.</summary>
    public SyntaxNode NodeOf(Diagnostic diagnostic) => Root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

    public static async Task<FixContext?> CreateAsync(Document document, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        return root is null || model is null ? null : new FixContext(document, root, model, cancellationToken);
    }
}
