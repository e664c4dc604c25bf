using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    /// <summary>
    /// The asynchronous-callback reads of one type (<c>stream.BeginRead(buffer, 0, n, OnRead, null)</c>,
    /// <c>socket.BeginReceive(..., OnReceive, state)</c>) and which of them form a chain: the callback method issues the same
    /// kind of read with itself as the callback again (directly, or through one method of the type it calls), so the
    /// connection is read for as long as it lives, like a <c>while (true)</c> loop. A one-shot <c>BeginRead</c> whose callback
    /// does not read again is no chain. Also the properties of the type whose getter returns a field (<c>Stream =&gt; _stream</c>).
    /// </summary>
    private sealed class CallbackChains
    {
        private List<(IInvocationOperation Read, IMethodSymbol Callback, int Root)>? begins;
        private List<(int Root, IMethodSymbol Called)>? calls;

        public Dictionary<IPropertySymbol, IOperation> PropertyFields { get; } = new(SymbolEqualityComparer.Default);

        public void AddInvocation(IInvocationOperation invocation, int root, INamedTypeSymbol type, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.Name is "BeginRead" or "BeginReceive")
            {
                var isConnectionRead = invocation.Instance is not null
                    && (method.ContainingType.IsOrDerivesFrom(types.Stream)
                        || (method.ContainingType.IsOrDerivesFrom(types.Socket) && !ReceiveCalls.IsKnownDatagramSocket(invocation.Instance, types)));
                if (isConnectionRead && CallbackMethod(invocation, type) is { } callback)
                {
                    (begins ??= new()).Add((invocation, callback, root));
                }

                return;
            }

            if (method.MethodKind == MethodKind.Ordinary && method.ContainingType.OriginalDefinition.Is(type))
            {
                (calls ??= new()).Add((root, method.OriginalDefinition));
            }
        }

        /// <summary>A getter that returns a field of the type: <c>public Stream Stream =&gt; _stream;</c>, <c>get { return _client; }</c>.</summary>
        public void AddReturn(IOperation returned, IOperation root)
        {
            if (returned is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation })
            {
                return;
            }

            var declaration = root.Syntax switch
            {
                ArrowExpressionClauseSyntax { Parent: PropertyDeclarationSyntax property } => property,
                AccessorDeclarationSyntax { RawKind: (int)SyntaxKind.GetAccessorDeclaration, Parent.Parent: PropertyDeclarationSyntax property } => property,
                _ => null,
            };
            if (declaration is not null && root.SemanticModel?.GetDeclaredSymbol(declaration) is IPropertySymbol symbol)
            {
                PropertyFields[symbol.OriginalDefinition] = returned;
            }
        }

        /// <summary>The begin-reads whose callback re-issues a read with the same callback: each is an endless read.</summary>
        public HashSet<IOperation> EndlessReads(ImmutableArray<IOperation> roots)
        {
            var endless = new HashSet<IOperation>();
            if (begins is null)
            {
                return endless;
            }

            // The method each involved root declares (only roots with a begin-read or a call of the type's own methods).
            var rootMethods = new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
            var seen = new HashSet<int>();
            void Declare(int index)
            {
                if (seen.Add(index) && roots[index].SemanticModel?.GetDeclaredSymbol(roots[index].Syntax) is IMethodSymbol declared)
                {
                    rootMethods[declared.OriginalDefinition] = index;
                }
            }

            foreach (var begin in begins)
            {
                Declare(begin.Root);
            }

            if (calls is not null)
            {
                foreach (var call in calls)
                {
                    Declare(call.Root);
                }
            }

            foreach (var begin in begins)
            {
                if (IsChain(begin.Callback, rootMethods))
                {
                    endless.Add(begin.Read);
                }
            }

            return endless;
        }

        /// <summary>The callback's body issues a begin-read with itself as callback, directly or through one method of the type it calls.</summary>
        private bool IsChain(IMethodSymbol callback, Dictionary<IMethodSymbol, int> rootMethods)
        {
            if (!rootMethods.TryGetValue(callback, out var callbackRoot))
            {
                return false;
            }

            if (IssuesIn(callbackRoot, callback))
            {
                return true;
            }

            if (calls is not null)
            {
                foreach (var call in calls)
                {
                    if (call.Root == callbackRoot && rootMethods.TryGetValue(call.Called, out var calledRoot) && calledRoot != callbackRoot && IssuesIn(calledRoot, callback))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool IssuesIn(int root, IMethodSymbol callback)
        {
            foreach (var begin in begins!)
            {
                if (begin.Root == root && begin.Callback.Is(callback))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The method of the type an <c>AsyncCallback</c> argument runs: a method group (<c>OnRead</c>), or a lambda that calls one
        /// (<c>ar =&gt; OnRead(ar)</c>).
        /// </summary>
        private static IMethodSymbol? CallbackMethod(IInvocationOperation invocation, INamedTypeSymbol type)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Type is not { Name: "AsyncCallback" })
                {
                    continue;
                }

                switch (argument.Value.WalkDownConversions())
                {
                    case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                        return reference.Method.OriginalDefinition;
                    case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                        foreach (var operation in lambda.Body.Descendants())
                        {
                            if (operation is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } called } && called.ContainingType.OriginalDefinition.Is(type))
                            {
                                return called.OriginalDefinition;
                            }
                        }

                        return null;
                    default:
                        return null;
                }
            }

            return null;
        }
    }
}
