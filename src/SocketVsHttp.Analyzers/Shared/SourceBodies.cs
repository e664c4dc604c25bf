using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Shared;

/// <summary>
/// The declared body of a method written in source, read as syntax: for a quick look into a callee (a helper of the type
/// or a base type) from a node callback, without binding another member's operations.
/// </summary>
internal static class SourceBodies
{
    /// <summary>The block or expression body of each declaration of the method (none for metadata, abstract or extern methods).</summary>
    public static IEnumerable<SyntaxNode> Of(IMethodSymbol method)
    {
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is BaseMethodDeclarationSyntax declaration && (declaration.Body ?? (SyntaxNode?)declaration.ExpressionBody) is { } body)
            {
                yield return body;
            }
        }
    }

    /// <summary>True when <paramref name="body"/> calls or reads one of <paramref name="members"/> on the plain identifier <paramref name="receiver"/> (<c>socket.Close()</c>).</summary>
    public static bool AccessesOn(SyntaxNode body, string receiver, params string[] members)
    {
        foreach (var node in body.DescendantNodes())
        {
            if (node is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax identifier } access
                && identifier.Identifier.ValueText == receiver
                && System.Array.IndexOf(members, access.Name.Identifier.ValueText) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="body"/> names any of <paramref name="identifiers"/> (<c>ReceiveTimeout</c>, <c>Poll</c>...).</summary>
    public static bool Mentions(SyntaxNode body, params string[] identifiers)
    {
        foreach (var node in body.DescendantNodes())
        {
            if (node is SimpleNameSyntax name && System.Array.IndexOf(identifiers, name.Identifier.ValueText) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
