using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    /// <summary>
    /// Lock-step request/response: every iteration of the long-lived loop writes to the connection (directly, or through a
    /// method of the same type that writes to it) before it reads the reply, unconditionally. A dead peer then surfaces
    /// through the retransmission timeout of the pending request: nothing idles waiting for the peer to speak first.
    /// Collected during the walk of one type's (or member's) operations, resolved once the stream fields are known.
    /// </summary>
    private sealed class LockStepWrites
    {
        private readonly INamedTypeSymbol type;
        private readonly KnownTypes types;
        private readonly List<IInvocationOperation> writes = new();
        private readonly Dictionary<IFieldSymbol, List<IOperation>> writerValues = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, List<IInvocationOperation>> polledCalls = new(SymbolEqualityComparer.Default);
        private Dictionary<IInvocationOperation, HashSet<ISymbol>>? writeOwners;
        private Dictionary<IMethodSymbol, HashSet<ISymbol>>? methodWriteOwners;
        private Dictionary<IFieldSymbol, List<IOperation>>? fieldValues;
        private Dictionary<IPropertySymbol, IOperation>? propertyFields;

        public LockStepWrites(INamedTypeSymbol type, KnownTypes types)
        {
            this.type = type;
            this.types = types;
        }

        /// <summary>A write (<c>Write*</c>/<c>Send*</c>) on a socket, client, stream or writer; its owners are resolved later.</summary>
        public void AddInvocation(IInvocationOperation invocation)
        {
            var name = invocation.TargetMethod.Name;
            if (invocation.Instance is { } instance
                && (name.StartsWith("Write", System.StringComparison.Ordinal) || name.StartsWith("Send", System.StringComparison.Ordinal))
                && (SocketOwners.IsOwnerType(instance.Type, types) || instance.Type.IsOrDerivesFrom(types.Stream) || IsWriter(instance.Type)))
            {
                writes.Add(invocation);
            }
        }

        /// <summary><c>_writer = new StreamWriter(_client.GetStream())</c>: a writer field and what it writes to.</summary>
        public void AddAssignment(ISimpleAssignmentOperation assignment)
        {
            if (assignment.Target.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                && IsWriter(field.Type)
                && assignment.Value.WalkDownConversions() is IObjectCreationOperation creation)
            {
                Add(writerValues, field.Field.OriginalDefinition, creation);
            }
        }

        /// <summary>A call of a method of this type from a long-lived loop (the method's reads are "polled").</summary>
        public void AddPolledCall(IInvocationOperation call) => Add(polledCalls, call.TargetMethod.OriginalDefinition, call);

        public void Resolve(Dictionary<IFieldSymbol, List<IOperation>> values, Dictionary<IPropertySymbol, IOperation> properties)
        {
            fieldValues = values;
            propertyFields = properties;
        }

        /// <summary>Every long-lived-loop call of the method holding <paramref name="read"/> writes to <paramref name="owner"/> first.</summary>
        public bool IsLockStepPolled(IOperation read, ISymbol owner)
        {
            if (read.SemanticModel?.GetEnclosingSymbol(read.Syntax.SpanStart) is not IMethodSymbol method
                || !polledCalls.TryGetValue(method.OriginalDefinition, out var calls))
            {
                return false;
            }

            foreach (var call in calls)
            {
                if (InnermostLifetimeLoop(call) is not { } loop || !WritesBefore(call, loop, owner))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The read sits in a long-lived loop whose iteration writes to <paramref name="owner"/> before reaching it.</summary>
        public bool IsLockStepInLoop(IOperation read, ISymbol owner) =>
            InnermostLifetimeLoop(read) is { } loop && WritesBefore(read, loop, owner);

        private ILoopOperation? InnermostLifetimeLoop(IOperation operation)
        {
            for (var loop = operation.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
            {
                if (IsLifetimeLoop(loop, types))
                {
                    return loop;
                }
            }

            return null;
        }

        /// <summary>
        /// A statement of a block between the loop and <paramref name="at"/>, before the statement holding it, that is a plain
        /// expression or declaration (runs unconditionally) and writes to the owner.
        /// </summary>
        private bool WritesBefore(IOperation at, ILoopOperation loop, ISymbol owner)
        {
            IOperation current = at;
            while (current.Parent is { } parent && parent != loop)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }

                if (parent is IBlockOperation block)
                {
                    foreach (var statement in block.Operations)
                    {
                        if (statement == current)
                        {
                            break;
                        }

                        if (statement is IExpressionStatementOperation or IVariableDeclarationGroupOperation && Writes(statement, owner))
                        {
                            return true;
                        }
                    }
                }

                current = parent;
            }

            return false;
        }

        private bool Writes(IOperation statement, ISymbol owner)
        {
            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                if (WriteOwners().TryGetValue(invocation, out var direct) && direct.Contains(owner))
                {
                    return true;
                }

                if (invocation.TargetMethod.ContainingType.OriginalDefinition.Is(type.OriginalDefinition)
                    && MethodWriteOwners().TryGetValue(invocation.TargetMethod.OriginalDefinition, out var helper)
                    && helper.Contains(owner))
                {
                    return true;
                }
            }

            return false;
        }

        private Dictionary<IInvocationOperation, HashSet<ISymbol>> WriteOwners()
        {
            if (writeOwners is not null)
            {
                return writeOwners;
            }

            writeOwners = new Dictionary<IInvocationOperation, HashSet<ISymbol>>();
            foreach (var write in writes)
            {
                var owners = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var target in WriteTargets(write.Instance!))
                {
                    foreach (var owner in TypeConnections.PossibleOwners(target, types, fieldValues!, propertyFields))
                    {
                        owners.Add(owner);
                    }
                }

                if (owners.Count > 0)
                {
                    writeOwners[write] = owners;
                }
            }

            return writeOwners;
        }

        private Dictionary<IMethodSymbol, HashSet<ISymbol>> MethodWriteOwners()
        {
            if (methodWriteOwners is not null)
            {
                return methodWriteOwners;
            }

            methodWriteOwners = new Dictionary<IMethodSymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
            foreach (var pair in WriteOwners())
            {
                if (pair.Key.SemanticModel?.GetEnclosingSymbol(pair.Key.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.Ordinary } method
                    && method.ContainingType.OriginalDefinition.Is(type.OriginalDefinition))
                {
                    if (!methodWriteOwners.TryGetValue(method.OriginalDefinition, out var set))
                    {
                        set = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                        methodWriteOwners.Add(method.OriginalDefinition, set);
                    }

                    set.UnionWith(pair.Value);
                }
            }

            return methodWriteOwners;
        }

        /// <summary>What a write goes to: the socket, client or stream itself, or the stream a writer was created over.</summary>
        private IEnumerable<IOperation> WriteTargets(IOperation instance)
        {
            var value = instance.WalkDownConversions();
            if (!IsWriter(value.Type))
            {
                yield return value;
                yield break;
            }

            var created = value switch
            {
                IObjectCreationOperation creation => new List<IOperation> { creation },
                ILocalReferenceOperation local => LocalOrigins.AssignedValues(local),
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when writerValues.TryGetValue(field.Field.OriginalDefinition, out var values) => values,
                _ => null,
            };
            if (created is null)
            {
                yield break;
            }

            foreach (var each in created)
            {
                if (each.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: > 0 } writer && IsWriter(writer.Type))
                {
                    foreach (var argument in writer.Arguments)
                    {
                        if (argument.Parameter?.Ordinal == 0)
                        {
                            yield return argument.Value;
                        }
                    }
                }
            }
        }

        private bool IsWriter(ITypeSymbol? candidate) => candidate.IsOrDerivesFrom(types.TextWriter) || candidate.IsOrDerivesFrom(types.BinaryWriter);

        private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> lists, TKey key, TValue value)
            where TKey : notnull
        {
            if (!lists.TryGetValue(key, out var list))
            {
                list = new List<TValue>();
                lists.Add(key, list);
            }

            list.Add(value);
        }
    }
}
