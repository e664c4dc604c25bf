using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Shared;

/// <summary>
/// A file of a multi-targeted project (<c>netstandard2.0;net10.0</c>) is one document per target framework. The IDE and
/// <c>dotnet format</c> apply a fix in each and merge the texts; where they differ, the merge writes conflict markers into
/// the file. So a fix whose text depends on what the target has (SocketsHttpHandler, ReadExactly, the TCP keep-alive
/// options) must write what every target of the document has.
/// </summary>
internal static class LinkedTargets
{
    /// <summary>True when <paramref name="has"/> holds for the document's own compilation and for that of every linked document.</summary>
    public static async Task<bool> AllHaveAsync(Document document, Func<Compilation, bool> has, CancellationToken cancellationToken)
    {
        var own = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (own is null || !has(own))
        {
            return false;
        }

        foreach (var id in document.GetLinkedDocumentIds())
        {
            var linked = document.Project.Solution.GetDocument(id);
            var compilation = linked is null ? null : await linked.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is null || !has(compilation))
            {
                return false;
            }
        }

        return true;
    }
}
