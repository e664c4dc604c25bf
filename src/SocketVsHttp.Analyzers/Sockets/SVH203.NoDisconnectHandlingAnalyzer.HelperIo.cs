using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH203: the connection I/O a same-type helper does itself, judged from the helper's own body.</summary>
public sealed partial class NoDisconnectHandlingAnalyzer
{
    /// <summary>
    /// Per compilation, per method: the connection I/O its own declaration does (not in a lambda or local function, not in its
    /// own session loop, not inside a catching try), what a walk of the whole type would learn about it,
    /// from the one method's body. A loop that calls helpers of a large type (a parser's Read*/Write* methods) then costs
    /// a look at those helpers, not a walk of the type; the type is walked only once the loop is known to do I/O.
    /// </summary>
    private sealed class HelperIo
    {
        private readonly ConcurrentDictionary<IMethodSymbol, (bool IsReceive, ConnectionFamily Families)?> cache = new(SymbolEqualityComparer.Default);

        /// <summary>The I/O of <paramref name="method"/> when it is declared in <paramref name="type"/> (nested types excluded) and does any.</summary>
        public bool TryGetIo(IMethodSymbol method, INamedTypeSymbol type, IOperation from, Compilation compilation, KnownTypes types, CancellationToken cancellationToken,
            out (bool IsReceive, ConnectionFamily Families) io)
        {
            var key = method.OriginalDefinition;
            io = default;
            if (!key.ContainingType.OriginalDefinition.Is(type.OriginalDefinition))
            {
                return false;
            }

            if (!cache.TryGetValue(key, out var found))
            {
                found = Compute(key, from, compilation, types, cancellationToken);
                cache.TryAdd(key, found);
            }

            if (found is { } value)
            {
                io = value;
                return true;
            }

            return false;
        }

        private static (bool IsReceive, ConnectionFamily Families)? Compute(IMethodSymbol method, IOperation from, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            (bool IsReceive, ConnectionFamily Families)? io = null;
            Add(method, method, from, compilation, types, ref io, cancellationToken);
            if (method.PartialImplementationPart is { } implementation)
            {
                Add(implementation, method, from, compilation, types, ref io, cancellationToken);
            }

            if (method.PartialDefinitionPart is { } definition)
            {
                Add(definition, method, from, compilation, types, ref io, cancellationToken);
            }

            return io;
        }

        /// <summary>The I/O of each method declaration of <paramref name="part"/> whose declared symbol is <paramref name="method"/> (as the type walk keys it).</summary>
        private static void Add(IMethodSymbol part, IMethodSymbol method, IOperation from, Compilation compilation, KnownTypes types,
            ref (bool IsReceive, ConnectionFamily Families)? io, CancellationToken cancellationToken)
        {
            foreach (var reference in part.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax declaration)
                {
                    continue;
                }

                var model = TypeBodies.ModelFor(declaration.SyntaxTree, from, compilation);
                if (model.GetOperation(declaration, cancellationToken) is not { } root
                    || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } declared
                    || !declared.OriginalDefinition.Is(method))
                {
                    continue;
                }

                foreach (var operation in root.Descendants())
                {
                    if (operation is IInvocationOperation invocation
                        && ConnectionIoCalls.TryGet(invocation, types, out var call)
                        && invocation.EnclosingFunction() is null
                        && InnermostLongLivedLoop(invocation, types) is null
                        && !ConnectionErrorCatches.IsInsideCatchingTry(invocation, types))
                    {
                        io = io is { } known ? (known.IsReceive || call.IsReceive, known.Families | call.Family) : (call.IsReceive, call.Family);
                    }
                }
            }
        }
    }
}
