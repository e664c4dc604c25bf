using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Sockets;

public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>
    /// Whether a connection field that is not private is still reachable only from its own type: the type and the field
    /// are invisible outside the assembly (no <c>InternalsVisibleTo</c>) and no identifier of the field's name appears in
    /// the compilation outside the type's own declarations (nested types count as outside: their bodies are not followed).
    /// The name count over the compilation is built once, the first time a non-private field asks.
    /// </summary>
    private sealed class FieldReach
    {
        private readonly Lazy<Dictionary<string, int>> counts;
        private readonly Lazy<bool> internalsVisible;

        public FieldReach(Compilation compilation, CancellationToken cancellationToken)
        {
            counts = new Lazy<Dictionary<string, int>>(() => Count(compilation, cancellationToken));
            internalsVisible = new Lazy<bool>(() =>
            {
                foreach (var attribute in compilation.Assembly.GetAttributes())
                {
                    if (attribute.AttributeClass?.Name == "InternalsVisibleToAttribute")
                    {
                        return true;
                    }
                }

                return false;
            });
        }

        /// <summary>A non-private instance field no other type can reach: the type judges it like a private one.</summary>
        public bool OnlyItsTypeReaches(IFieldSymbol field, CancellationToken cancellationToken)
        {
            if (!InvisibleOutsideAssembly(field) || internalsVisible.Value)
            {
                return false;
            }

            var inside = 0;
            foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
            {
                inside += CountIn(reference.GetSyntax(cancellationToken), field.Name);
            }

            return counts.Value.TryGetValue(field.Name, out var total) && total == inside;
        }

        private static bool InvisibleOutsideAssembly(ISymbol symbol)
        {
            for (var current = symbol; current is not null && current.Kind != SymbolKind.Namespace; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is Accessibility.Private or Accessibility.Internal or Accessibility.ProtectedAndInternal)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Identifier tokens named <paramref name="name"/> in <paramref name="node"/>, nested type declarations excluded.</summary>
        private static int CountIn(SyntaxNode node, string name)
        {
            var count = 0;
            foreach (var token in node.DescendantTokens(child => child == node || child is not BaseTypeDeclarationSyntax))
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    count++;
                }
            }

            return count;
        }

        private static Dictionary<string, int> Count(Compilation compilation, CancellationToken cancellationToken)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        counts[token.ValueText] = counts.TryGetValue(token.ValueText, out var count) ? count + 1 : 1;
                    }
                }
            }

            return counts;
        }
    }
}
