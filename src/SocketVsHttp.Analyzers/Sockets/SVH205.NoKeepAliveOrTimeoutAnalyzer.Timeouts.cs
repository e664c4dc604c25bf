using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    /// <summary>What a cancellation token passed to a read is known to be.</summary>
    private enum TokenKind
    {
        /// <summary><c>default</c>, <c>CancellationToken.None</c>, <c>new CancellationToken()</c>.</summary>
        None,

        /// <summary>A token that is known to fire only when someone cancels: a parameter passed straight through (the caller's shutdown token), a source created without a delay and never given one.</summary>
        ShutdownOnly,

        /// <summary>A token that fires after a delay: <c>CancelAfter</c>, <c>new CancellationTokenSource(TimeSpan)</c>, a linked source over one.</summary>
        Timeout,

        /// <summary>Anything else (a property of another object, a method's result): trusted as a timeout (precision first).</summary>
        Unknown,
    }

    /// <summary>
    /// The read gets a timeout of its own: a token argument that is not known to be shutdown-only, <c>.WaitAsync(...)</c> /
    /// <c>.Wait(...)</c> on its task (also after <c>.AsTask()</c>) with a delay or such a token, or its task raced with a
    /// <c>Task.Delay</c> in <c>Task.WhenAny</c>.
    /// </summary>
    private static bool HasTimeout(IInvocationOperation invocation, TokenSources sources)
    {
        if (HasTimeoutArgument(invocation, sources))
        {
            return true;
        }

        // stream.ReadAsync(buffer).AsTask().WaitAsync(timeout), socket.ReceiveAsync(...).WaitAsync(idle.Token), .Wait(5000)
        IOperation current = invocation;
        for (var step = 0; step < 2; step++)
        {
            var use = current.WalkUpConversions();
            if (IsRacedWithDelay(use, sources))
            {
                return true;
            }

            if (use.Parent is not IInvocationOperation next || next.Instance != use)
            {
                return false;
            }

            if (next.TargetMethod.Name is "WaitAsync" or "Wait")
            {
                return HasTimeoutArgument(next, sources);
            }

            if (next.TargetMethod.Name != "AsTask")
            {
                return false;
            }

            current = next;
        }

        return false;
    }

    /// <summary>
    /// <c>await Task.WhenAny(read, Task.Delay(timeout))</c>, directly or through the local the read's task is stored in (also
    /// <c>pending.Wait(timeout)</c> on that local): the caller stops waiting after the delay.
    /// </summary>
    private static bool IsRacedWithDelay(IOperation task, TokenSources sources)
    {
        if (IsWhenAnyWithDelay(task))
        {
            return true;
        }

        if (task.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        foreach (var operation in task.MemberRoot().Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(declarator.Symbol))
            {
                continue;
            }

            // var pending = socket.ReceiveAsync(...); ... Task.WhenAny(pending, Task.Delay(...)) / pending.Wait(30_000)
            var use = reference.WalkUpConversions();
            if (IsWhenAnyWithDelay(use)
                || (use.Parent is IInvocationOperation { TargetMethod.Name: "Wait" or "WaitAsync" } wait && wait.Instance == use && HasTimeoutArgument(wait, sources)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWhenAnyWithDelay(IOperation task)
    {
        var argument = task.Parent as IArgumentOperation;
        if (argument is null && task.Parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array })
        {
            argument = array.WalkUpConversions().Parent as IArgumentOperation;
        }

        if (argument?.Parent is not IInvocationOperation { TargetMethod: { Name: "WhenAny", IsStatic: true } } whenAny)
        {
            return false;
        }

        foreach (var operation in whenAny.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { Name: "Delay", IsStatic: true, ContainingType.Name: "Task" } })
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTimeoutArgument(IInvocationOperation invocation, TokenSources sources)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.Is(sources.Types.CancellationToken))
            {
                if (sources.Classify(argument.Value, 0) is TokenKind.Timeout or TokenKind.Unknown)
                {
                    return true;
                }
            }
            else if (parameter.Type.Name == "TimeSpan" || (invocation.TargetMethod.Name is "WaitAsync" or "Wait" && parameter.Type.SpecialType == SpecialType.System_Int32))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The token sources of a type (or member body): which are given a delay, which are known to have none.</summary>
    private sealed class TokenSources
    {
        private const int MaxDepth = 4;

        private readonly bool typeWide;
        private readonly HashSet<ISymbol> timed = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> unknown = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<ISymbol, List<IOperation>> linkedFrom = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> created = new(SymbolEqualityComparer.Default);

        public TokenSources(KnownTypes types, bool typeWide)
        {
            Types = types;
            this.typeWide = typeWide;
        }

        public KnownTypes Types { get; }

        /// <summary>A token of a field's source was classified from member-body facts only.</summary>
        public bool NeedsTypeWide { get; private set; }

        /// <summary><c>cts.CancelAfter(...)</c>; <c>CreateLinkedTokenSource(...)</c> stored in a local or field.</summary>
        public void AddInvocation(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (!method.ContainingType.IsOrDerivesFrom(Types.CancellationTokenSource))
            {
                return;
            }

            if (method.Name == "CancelAfter" && Symbol(invocation.Instance) is { } source)
            {
                timed.Add(source);
            }
            else if (method.Name == "CreateLinkedTokenSource" && SocketOwners.StoredIn(invocation, out _) is { } linked)
            {
                created.Add(linked.OriginalDefinition);
                if (!linkedFrom.TryGetValue(linked.OriginalDefinition, out var tokens))
                {
                    tokens = new List<IOperation>();
                    linkedFrom.Add(linked.OriginalDefinition, tokens);
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } array })
                    {
                        tokens.AddRange(array.ElementValues);
                    }
                    else
                    {
                        tokens.Add(argument.Value);
                    }
                }
            }
        }

        /// <summary><c>new CancellationTokenSource()</c> (no delay) or <c>new CancellationTokenSource(delay)</c> stored in a local or field.</summary>
        public void AddCreation(IObjectCreationOperation creation)
        {
            if (!creation.Type.IsOrDerivesFrom(Types.CancellationTokenSource) || SocketOwners.StoredIn(creation, out _) is not { } source)
            {
                return;
            }

            created.Add(source.OriginalDefinition);
            if (creation.Arguments.Length > 0)
            {
                timed.Add(source.OriginalDefinition);
            }
        }

        /// <summary>A token source assigned something other than a creation: its origin is unknown.</summary>
        public void AddAssignment(ISimpleAssignmentOperation assignment)
        {
            if (!assignment.Target.Type.IsOrDerivesFrom(Types.CancellationTokenSource))
            {
                return;
            }

            var value = assignment.Value.WalkDownConversions();
            var isKnown = value is IObjectCreationOperation
                || (value is IInvocationOperation { TargetMethod.Name: "CreateLinkedTokenSource" })
                || (value.ConstantValue.HasValue && value.ConstantValue.Value is null);
            if (!isKnown && Symbol(assignment.Target) is { } source)
            {
                unknown.Add(source);
            }
        }

        public TokenKind Classify(IOperation token, int depth)
        {
            if (depth > MaxDepth)
            {
                return TokenKind.Unknown;
            }

            var value = token.WalkDownConversions();
            switch (value)
            {
                case IDefaultValueOperation:
                case IPropertyReferenceOperation { Property.Name: "None", Instance: null }:
                case IObjectCreationOperation { Arguments.Length: 0 }:
                    return TokenKind.None;
                case IParameterReferenceOperation:
                    // A token handed in by the caller and passed straight to a read in a long-lived loop: it ends the loop on
                    // shutdown; it says nothing about how long the peer may stay silent.
                    return TokenKind.ShutdownOnly;
                case IPropertyReferenceOperation { Property.Name: "Token", Instance: { } instance } when instance.Type.IsOrDerivesFrom(Types.CancellationTokenSource):
                    return Symbol(instance) is { } source ? ClassifySource(source, depth) : TokenKind.Unknown;
                case ILocalReferenceOperation local when LocalOrigins.AssignedValues(local) is { Count: > 0 } values:
                    var kind = TokenKind.None;
                    foreach (var assigned in values)
                    {
                        kind = Combine(kind, Classify(assigned, depth + 1));
                    }

                    return kind;
                default:
                    return TokenKind.Unknown;
            }
        }

        private TokenKind ClassifySource(ISymbol source, int depth)
        {
            if (timed.Contains(source))
            {
                return TokenKind.Timeout;
            }

            if (source is IFieldSymbol && !typeWide)
            {
                // Known only when the whole type is seen: the member-body facts are not enough.
                NeedsTypeWide = true;
            }

            // A field's source is known only when the whole type was seen; a parameter's or another object's never.
            if (unknown.Contains(source) || !created.Contains(source) || (source is IFieldSymbol && !typeWide) || source is not (ILocalSymbol or IFieldSymbol))
            {
                return TokenKind.Unknown;
            }

            var kind = TokenKind.ShutdownOnly;
            if (linkedFrom.TryGetValue(source, out var tokens))
            {
                foreach (var linked in tokens)
                {
                    kind = Combine(kind, Classify(linked, depth + 1));
                }
            }

            return kind;
        }

        /// <summary>A timeout anywhere wins; then an unknown; a shutdown-only token stays one.</summary>
        private static TokenKind Combine(TokenKind first, TokenKind second)
        {
            if (first == TokenKind.Timeout || second == TokenKind.Timeout)
            {
                return TokenKind.Timeout;
            }

            if (first == TokenKind.Unknown || second == TokenKind.Unknown)
            {
                return TokenKind.Unknown;
            }

            return first == TokenKind.ShutdownOnly || second == TokenKind.ShutdownOnly ? TokenKind.ShutdownOnly : TokenKind.None;
        }

        private static ISymbol? Symbol(IOperation? operation) => operation?.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
            _ => null,
        };
    }
}
