using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH204 through a same-type wrapper: <c>bool IsConnected =&gt; client != null &amp;&amp; client.Connected;</c> (or a getter /
/// parameterless method computing it, also through a local) that the type itself uses as a loop condition or as the guard
/// of a send. Reported at the use (that is where the liveness decision is made), with the <c>Connected</c> read inside
/// the wrapper as an additional location; the message names the wrapper and what it wraps. A wrapper that really
/// probes (<c>Poll</c>, a peek <c>Receive</c>, any send or receive) is not a stale flag and is left alone.
/// </summary>
public sealed partial class ConnectedAsLivenessCheckAnalyzer
{
    private static void AnalyzeWrapperCall(OperationAnalysisContext context, KnownTypes types, WrapperFacts wrappers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.Arguments.Length == 0)
        {
            AnalyzeWrapperUse(context, invocation, invocation.TargetMethod, invocation.Instance, types, wrappers);
        }
    }

    /// <summary>A use of a bool member of the containing type, on <c>this</c> (or static): cheap checks, then the type's wrappers.</summary>
    private static void AnalyzeWrapperUse(
        OperationAnalysisContext context,
        IOperation use,
        ISymbol member,
        IOperation? instance,
        KnownTypes types,
        WrapperFacts wrappers)
    {
        if (use.Type?.SpecialType != SpecialType.System_Boolean
            || instance is not (null or IInstanceReferenceOperation)
            || context.ContainingSymbol.ContainingType is not { } type
            || !member.ContainingType.Is(type)
            || member.Is(context.ContainingSymbol)
            || (context.ContainingSymbol is IMethodSymbol { AssociatedSymbol: { } accessed } && member.Is(accessed)))
        {
            return;
        }

        var (condition, negated) = WalkUpToCondition(use);
        var isLoop = condition.Parent is IWhileLoopOperation { Condition: { } w } && w == condition
            || condition.Parent is IForLoopOperation { Condition: { } f } && f == condition;
        var isBranch = condition.Parent is IConditionalOperation branch && branch.Condition == condition;
        if (!isLoop && !isBranch)
        {
            return;
        }

        if (!wrappers.HoldsConnection(type, types))
        {
            // An ordinary flag (if (IsEnabled) ...) of a type without a socket: no walk of the type.
            return;
        }

        if (wrappers.ConnectedRead(member, use, context.Compilation, types, context.CancellationToken) is not { } connected || connected.Instance is not { } connection)
        {
            return;
        }

        var decides = condition.Parent switch
        {
            ILoopOperation loop => !IsExemptLoop(loop, connection, types),
            IConditionalOperation guard => GuardsSend(guard, negated, types),
            _ => false,
        };
        if (!decides)
        {
            return;
        }

        var display = connected.Property.ContainingType.OriginalDefinition.Is(types.TcpClient) ? "TcpClient.Connected" : "Socket.Connected";
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH204,
            use.Syntax.GetLocation(),
            new[] { connected.Syntax.GetLocation() },
            member.Name + " (" + display + ")"));
    }

    /// <summary>The type (or a base type of its own) has a <c>Socket</c>/<c>TcpClient</c> field or property a wrapper could read.</summary>
    private static bool ComputeHoldsConnection(INamedTypeSymbol type, KnownTypes types)
    {
        for (var current = type; current is not null && !current.DeclaringSyntaxReferences.IsEmpty; current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                var memberType = member switch
                {
                    IFieldSymbol field => field.Type,
                    IPropertySymbol property => property.Type,
                    _ => null,
                };
                if (memberType.IsOrDerivesFrom(types.Socket) || memberType.IsOrDerivesFrom(types.TcpClient))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The branch decides whether to send: <c>if (IsConnected) Send(...)</c>, <c>if (!IsConnected) return; ... Send(...)</c>, or the
    /// else arm of a negated test sends. Logging, status text and cleanup guards do not send.
    /// </summary>
    private static bool GuardsSend(IConditionalOperation guard, bool negated, KnownTypes types)
    {
        if (!negated)
        {
            return Sends(guard.WhenTrue, types);
        }

        if (guard.WhenFalse is { } whenFalse && Sends(whenFalse, types))
        {
            return true;
        }

        if (!Exits(guard.WhenTrue) || guard.Parent is not IBlockOperation block)
        {
            return false;
        }

        var after = false;
        foreach (var statement in block.Operations)
        {
            if (after && Sends(statement, types))
            {
                return true;
            }

            after |= statement == guard;
        }

        return false;
    }

    private static bool Sends(IOperation scope, KnownTypes types)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation invocation && TcpCallKinds.Classify(invocation, types) == TcpCallKind.Send)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The branch leaves: ends in <c>return</c>, <c>throw</c>, <c>break</c> or <c>continue</c>.</summary>
    private static bool Exits(IOperation branch)
    {
        var last = branch is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : branch;
        return last is IReturnOperation or IThrowOperation or IBranchOperation
            || (last is IExpressionStatementOperation { Operation: IThrowOperation });
    }

    /// <summary>
    /// Per compilation: which types hold a connection, and which parameterless bool members return a <c>Socket.Connected</c> /
    /// <c>TcpClient.Connected</c> read without probing. Both are computed per type or member the first time a use asks,
    /// from the member's own body only (what makes a wrapper is in its body): no walk of the whole type.
    /// </summary>
    private sealed class WrapperFacts
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> holdsConnection = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, StrongBox<IPropertyReferenceOperation?>> connected = new(SymbolEqualityComparer.Default);

        public bool HoldsConnection(INamedTypeSymbol type, KnownTypes types)
        {
            if (!holdsConnection.TryGetValue(type, out var holds))
            {
                holds = ComputeHoldsConnection(type, types);
                holdsConnection.TryAdd(type, holds);
            }

            return holds;
        }

        /// <summary>The <c>Connected</c> read the wrapper <paramref name="member"/> returns, or null when it is no wrapper.</summary>
        public IPropertyReferenceOperation? ConnectedRead(ISymbol member, IOperation from, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            var key = member.OriginalDefinition;
            if (connected.TryGetValue(key, out var box))
            {
                return box.Value;
            }

            // Computing twice under a race gives the same answer; a cancelled computation stores nothing.
            return connected.GetOrAdd(key, new StrongBox<IPropertyReferenceOperation?>(Compute(key, from, compilation, types, cancellationToken))).Value;
        }

        /// <summary>The roots <see cref="TypeBodies"/> would give for the member's declarations, judged one by one (the last wrapper root wins, as before).</summary>
        private static IPropertyReferenceOperation? Compute(ISymbol member, IOperation from, Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
        {
            IPropertyReferenceOperation? result = null;
            foreach (var reference in member.DeclaringSyntaxReferences)
            {
                var node = reference.GetSyntax(cancellationToken);
                var model = TypeBodies.ModelFor(node.SyntaxTree, from, compilation);
                switch (node)
                {
                    case BaseMethodDeclarationSyntax method:
                        Judge(method, model, member, types, ref result, cancellationToken);
                        break;
                    case BasePropertyDeclarationSyntax property:
                        if (property.AccessorList is { } accessors)
                        {
                            foreach (var accessor in accessors.Accessors)
                            {
                                Judge(accessor, model, member, types, ref result, cancellationToken);
                            }
                        }

                        var arrow = property switch
                        {
                            PropertyDeclarationSyntax p => p.ExpressionBody,
                            IndexerDeclarationSyntax i => i.ExpressionBody,
                            _ => null,
                        };
                        if (arrow is not null)
                        {
                            Judge(arrow, model, member, types, ref result, cancellationToken);
                        }

                        break;
                }
            }

            return result;
        }

        private static void Judge(SyntaxNode node, SemanticModel model, ISymbol member, KnownTypes types, ref IPropertyReferenceOperation? result, CancellationToken cancellationToken)
        {
            if (model.GetOperation(node, cancellationToken) is not { } root
                || WrapperMember(root) is not { } wrapper
                || !SymbolEqualityComparer.Default.Equals(wrapper.OriginalDefinition, member))
            {
                return;
            }

            IPropertyReferenceOperation? read = null;
            var probes = false;
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation { Property.Name: "Connected", Instance: not null } property
                        when IsConnectedProperty(property.Property, types) && read is null && !IsDecidedInside(property):
                        read = property;
                        break;
                    case IInvocationOperation invocation when Probes(invocation, types):
                        probes = true;
                        break;
                }
            }

            if (read is not null && !probes)
            {
                result = read;
            }
        }

        /// <summary>The property (getter or expression body) or parameterless method a root belongs to, when it returns bool.</summary>
        private static ISymbol? WrapperMember(IOperation root)
        {
            var declaration = root.Syntax switch
            {
                AccessorDeclarationSyntax { Keyword.ValueText: "get" } accessor => accessor.Parent?.Parent,
                ArrowExpressionClauseSyntax arrow => arrow.Parent,
                MethodDeclarationSyntax method => method,
                _ => null,
            };
            if (declaration is null || root.SemanticModel is not { } model)
            {
                return null;
            }

            return model.GetDeclaredSymbol(declaration) switch
            {
                IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean, Parameters.Length: 0 } property => property,
                IMethodSymbol { ReturnType.SpecialType: SpecialType.System_Boolean, Parameters.Length: 0, MethodKind: MethodKind.Ordinary } method => method,
                _ => null,
            };
        }

        private static bool IsConnectedProperty(IPropertySymbol property, KnownTypes types)
        {
            var owner = property.ContainingType?.OriginalDefinition;
            return owner.Is(types.Socket) || owner.Is(types.TcpClient);
        }

        /// <summary>A <c>Connected</c> read that is itself a loop or branch condition inside the wrapper is reported there already.</summary>
        private static bool IsDecidedInside(IOperation read)
        {
            var (condition, _) = WalkUpToCondition(read);
            return condition.Parent switch
            {
                IConditionalOperation branch => branch.Condition == condition,
                IWhileLoopOperation loop => loop.Condition == condition,
                IForLoopOperation loop => loop.Condition == condition,
                _ => false,
            };
        }

        /// <summary><c>Poll</c>, a peek or zero-byte probe, any send or receive: the wrapper asks the connection, not a stale flag.</summary>
        private static bool Probes(IInvocationOperation invocation, KnownTypes types)
        {
            if (invocation.TargetMethod.Name == "Poll" && invocation.TargetMethod.ContainingType.IsOrDerivesFrom(types.Socket))
            {
                return true;
            }

            return TcpCallKinds.Classify(invocation, types) is TcpCallKind.Send or TcpCallKind.Receive;
        }
    }
}
