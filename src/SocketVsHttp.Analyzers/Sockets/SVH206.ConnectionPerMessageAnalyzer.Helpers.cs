using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Same-type helpers: a connection (or its stream) handed to a method of the same type that only writes to it or returns
/// its stream is still the caller's connection (when the caller closes it on every path); and a send-all loop
/// (<c>while (sent &lt; n) sent += socket.Send(...)</c>) is one message, not a session.
/// </summary>
public sealed partial class ConnectionPerMessageAnalyzer
{
    private static HelperBodies HelpersFor(OperationAnalysisContext context, IOperation from, TypeFactsCache<TypeMethods> bodies) =>
        new(context.ContainingSymbol.EnclosingType(), from, context.Compilation, bodies, context.CancellationToken);

    /// <summary>
    /// <c>while (sent &lt; n) sent += socket.Send(buffer, sent, n - sent, flags);</c> (also <c>do</c>/<c>for</c>, awaited sends,
    /// <c>sent = sent + ...</c>): the loop only finishes one message. True when the send's count is added to a variable that the
    /// loop's condition reads, and the loop is directly inside <paramref name="outer"/> (the creation's own loop or none).
    /// </summary>
    private static bool IsSendAllLoop(IInvocationOperation send, ILoopOperation? outer)
    {
        var loop = send.EnclosingLoop();
        if (loop is null || loop.EnclosingLoop() != outer)
        {
            return false;
        }

        IOperation count = send.WalkUpConversions();
        if (count.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == count)
        {
            count = configureAwait.WalkUpConversions();
        }

        if (count.Parent is IAwaitOperation awaited)
        {
            count = awaited.WalkUpConversions();
        }

        ISymbol? total = count.Parent switch
        {
            ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Value == count => Referenced(add.Target),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Parent: ISimpleAssignmentOperation assignment } => Referenced(assignment.Target),
            _ => null,
        };
        var condition = loop.Condition();
        if (total is null || condition is null)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (Referenced(operation) is { } symbol && symbol.Is(total))
            {
                return true;
            }
        }

        return false;
    }

    private static ISymbol? Referenced(IOperation operation) => operation.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        _ => null,
    };

    /// <summary>Inside the <c>finally</c> of a <c>try</c> (within the same function).</summary>
    private static bool InFinally(IOperation operation)
    {
        var previous = operation;
        for (var current = operation.Parent; current is not null; previous = current, current = current.Parent)
        {
            switch (current)
            {
                case ITryOperation { Finally: { } block } when block == previous:
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The method bodies of one type (by method) and its calls of its own methods, built once per type when asked.</summary>
    private sealed partial class TypeMethods
    {
        private readonly Dictionary<IMethodSymbol, IOperation> bodies = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, List<IInvocationOperation>> callers = new(SymbolEqualityComparer.Default);

        /// <summary>The creations the type stores into fields or properties (initializers and assignments).</summary>
        public List<IObjectCreationOperation> FieldCreations { get; } = new();

        private ImmutableArray<IOperation> roots;

        public static TypeMethods From(ImmutableArray<IOperation> roots)
        {
            var methods = new TypeMethods { roots = roots };
            foreach (var root in roots)
            {
                if (root.SemanticModel?.GetDeclaredSymbol(root.Syntax) is IMethodSymbol method)
                {
                    methods.bodies[method.OriginalDefinition] = root;
                }
            }

            foreach (var root in roots)
            {
                foreach (var operation in root.Descendants())
                {
                    if (operation is IObjectCreationOperation creation && SocketCallFacts.StoredInto(creation) is IFieldSymbol or IPropertySymbol)
                    {
                        methods.FieldCreations.Add(creation);
                    }
                    else if (operation is IInvocationOperation invocation && methods.bodies.ContainsKey(invocation.TargetMethod.OriginalDefinition))
                    {
                        var key = invocation.TargetMethod.OriginalDefinition;
                        if (!methods.callers.TryGetValue(key, out var list))
                        {
                            methods.callers[key] = list = new List<IInvocationOperation>();
                        }

                        list.Add(invocation);
                    }
                }
            }

            return methods;
        }

        /// <summary>Every reference to <paramref name="field"/> in the type (nested types excluded) is inside <paramref name="body"/>, and the type has no nested class or struct.</summary>
        public bool OnlyUsedIn(ISymbol field, IOperation body)
        {
            if (field.ContainingType is not { } type)
            {
                return false;
            }

            foreach (var nested in type.GetTypeMembers())
            {
                if (nested.TypeKind is not (TypeKind.Delegate or TypeKind.Enum))
                {
                    return false;
                }
            }

            foreach (var root in roots)
            {
                if (root == body.MemberRoot())
                {
                    continue;
                }

                foreach (var operation in root.Descendants())
                {
                    if (operation is IFieldReferenceOperation reference && reference.Field.OriginalDefinition.Is(field))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        public IOperation? BodyOf(IMethodSymbol method) => bodies.TryGetValue(method.OriginalDefinition, out var body) ? body : null;

        public IReadOnlyList<IInvocationOperation> CallersOf(IMethodSymbol method) =>
            callers.TryGetValue(method.OriginalDefinition, out var list) ? list : (IReadOnlyList<IInvocationOperation>)System.Array.Empty<IInvocationOperation>();
    }

    /// <summary>The analyzed member's type and its method bodies, fetched only when a same-type helper call turns up.</summary>
    private sealed class HelperBodies
    {
        private readonly IOperation from;
        private readonly Compilation compilation;
        private readonly TypeFactsCache<TypeMethods> cache;
        private readonly System.Threading.CancellationToken cancellationToken;
        private TypeMethods? methods;

        public HelperBodies(INamedTypeSymbol? type, IOperation from, Compilation compilation, TypeFactsCache<TypeMethods> cache, System.Threading.CancellationToken cancellationToken)
        {
            Type = type;
            this.from = from;
            this.compilation = compilation;
            this.cache = cache;
            this.cancellationToken = cancellationToken;
        }

        public INamedTypeSymbol? Type { get; }

        public TypeMethods? Methods => Type is null ? null : methods ??= cache.Get(Type, from, compilation, cancellationToken);

        /// <summary>A method declared in the analyzed type itself, called on this instance (or static).</summary>
        public bool IsOwnMethod(IInvocationOperation call) =>
            Type is not null
            && call.TargetMethod.ContainingType.OriginalDefinition.Is(Type.OriginalDefinition)
            && call.TargetMethod.MethodKind == MethodKind.Ordinary
            && call.Instance?.WalkDownConversions() is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance or InstanceReferenceKind.ImplicitReceiver };
    }

    private sealed partial class ConnectionUsage
    {
        private readonly HelperBodies? helpers;
        private readonly Dictionary<IInvocationOperation, IInvocationOperation> helperSendSites = new();
        private IInvocationOperation? currentHelperCall;
        private int helperDepth;
        private bool helperReturns;
        private bool passedToHelper;

        /// <summary>
        /// The send writes data the analyzed method was given: from one of its parameters; for a send inside a helper, the
        /// helper writes its own parameter's data and the call passes the method's parameter data to it.
        /// </summary>
        public bool SendsGivenData(IInvocationOperation send, IOperation body)
        {
            if (!helperSendSites.TryGetValue(send, out var call))
            {
                return SendsParameterData(send, body);
            }

            if (!SendsParameterData(send, send.EnclosingBody()))
            {
                return false;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && IsPayloadParameter(parameter) && FlowsFromParameter(argument.Value, body, depth: 3))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsSameTypeHelper(IInvocationOperation call) =>
            helperDepth == 0 && helpers is not null && helpers.IsOwnMethod(call);

        /// <summary>
        /// The connection (or its stream, reader, writer) is an argument of a method of the same type: follow the parameter
        /// in that method's body (one level). Writes there count as this connection's sends; returning it continues at the
        /// call site; anything else there (stored, passed on) is an escape.
        /// </summary>
        private void VisitHelper(IInvocationOperation call, IArgumentOperation argument)
        {
            if (argument.Parameter is not { RefKind: RefKind.None, IsParams: false } parameter
                || helpers!.Methods?.BodyOf(call.TargetMethod) is not { } body)
            {
                escapes = true;
                return;
            }

            passedToHelper = true;
            currentHelperCall = call;
            var (savedFunction, savedLoop) = (function, loop);
            (function, loop) = (null, null);
            helperDepth++;
            helperReturns = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is ILocalReferenceOperation local)
                {
                    localReferences.Add(local);
                }
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is IParameterReferenceOperation reference && reference.Parameter.OriginalDefinition.Is(parameter.OriginalDefinition))
                {
                    if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                    {
                        escapes = true;
                    }
                    else if (reference.EnclosingFunction() is not null)
                    {
                        // Captured by a lambda in the helper.
                        escapes = true;
                    }
                    else
                    {
                        Visit(reference);
                    }
                }
            }

            helperDepth--;
            currentHelperCall = null;
            (function, loop) = (savedFunction, savedLoop);
            if (helperReturns)
            {
                helperReturns = false;
                Visit(call);
            }
        }
    }
}
