using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>
    /// Follows one connection from a value (an accepted socket, a field read, a local) through everything that holds it:
    /// locals it is copied or wrapped into (<c>GetStream()</c>, <c>Client</c>, <c>new StreamReader(stream)</c>, casts and
    /// patterns), and the parameters of same-type methods it is passed to (directly, or as the state of
    /// <c>ThreadPool.QueueUserWorkItem</c> / <c>Thread.Start</c>). It ends as soon as something closes it (a close call, a
    /// <c>using</c>) or hands it to another owner (stored, returned, passed to another type or to a method that may be
    /// overridden, used in a way not understood): precision first, anything unknown counts as handed on.
    /// </summary>
    private sealed class OwnershipWalk
    {
        private const int MaxHandlerDepth = 3;

        private readonly KnownTypes types;
        private readonly TypeMethods methods;
        private readonly bool relateOwnFields;
        private readonly IFieldSymbol? trackedField;

        /// <summary>Locals that hold the connection (or a stream, reader or writer over it), each followed once.</summary>
        private readonly HashSet<ISymbol> holders = new(SymbolEqualityComparer.Default);

        private readonly HashSet<IParameterSymbol> visitedParameters = new(SymbolEqualityComparer.Default);

        /// <param name="relateOwnFields">
        /// Storing the connection (or what derives from it) into an instance field of the same object lists the field in
        /// <see cref="RelatedFields"/> instead of handing the connection on: the caller then judges those fields.
        /// </param>
        /// <param name="trackedField">The field the walk follows (its own writes are not a relation).</param>
        public OwnershipWalk(KnownTypes types, TypeMethods methods, bool relateOwnFields = false, IFieldSymbol? trackedField = null)
        {
            this.types = types;
            this.methods = methods;
            this.relateOwnFields = relateOwnFields;
            this.trackedField = trackedField;
        }

        public bool Closed { get; private set; }

        public bool HandedOff { get; private set; }

        /// <summary>A lambda or local function of the method the walk started in holds the connection: it may outlive that method.</summary>
        public bool CapturedAtStart { get; private set; }

        /// <summary>A lambda or local function inside a handler holds the connection: it may outlive the handler.</summary>
        public bool CapturedInHandler { get; private set; }

        /// <summary>The parameter of the first handler the connection was passed to.</summary>
        public IParameterSymbol? HandlerParameter { get; private set; }

        /// <summary>Same-type methods the connection was passed to, in the order they were entered.</summary>
        public List<IMethodSymbol> Handlers { get; } = new();

        public List<IFieldSymbol> RelatedFields { get; } = new();

        /// <summary>
        /// With relateOwnFields: collection fields of this type the connection was put in (<c>clients.Add(client)</c>,
        /// <c>sessions[id] = client</c>); the caller judges whether anything closes their elements.
        /// </summary>
        public List<IFieldSymbol> RelatedCollections { get; } = new();

        public bool Released => Closed || HandedOff;

        /// <summary>Where the value goes: <paramref name="value"/> is an expression that evaluates to the connection.</summary>
        public void Follow(IOperation value, int depth = 0)
        {
            if (Released)
            {
                return;
            }

            var current = value.WalkUpConversions();
            while (true)
            {
                if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
                {
                    current = configureAwait.WalkUpConversions();
                    continue;
                }

                if (current.Parent is IAwaitOperation awaited)
                {
                    current = awaited.WalkUpConversions();
                    continue;
                }

                break;
            }

            if (current.EnclosingFunction() is not null)
            {
                if (depth == 0)
                {
                    CapturedAtStart = true;
                }
                else
                {
                    CapturedInHandler = true;
                }
            }

            switch (current.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == current:
                    OnCall(invocation, depth);
                    return;
                case IArgumentOperation { Parent: IInvocationOperation call, Parameter.Ordinal: 0 } when call.TargetMethod.IsExtensionMethod:
                    OnCall(call, depth);
                    return;
                case IConditionalAccessOperation conditional when conditional.Operation == current:
                    // x?.Close(), x?.Client?.Close(), x?.GetStream()...
                    if (ClosesAnywhere(conditional.WhenNotNull))
                    {
                        Closed = true;
                    }
                    else if (conditional.WhenNotNull is IInvocationOperation { TargetMethod.Name: "GetStream" } or IPropertyReferenceOperation { Property.Name: "Client" })
                    {
                        Follow(conditional, depth);
                    }

                    return;
                case IPropertyReferenceOperation { Property.Name: "Client" } client when client.Instance == current
                    && client.Property.ContainingType.IsOrDerivesFrom(types.TcpClient):
                    Follow(client, depth);
                    return;
                case IPropertyReferenceOperation or IFieldReferenceOperation or IEventReferenceOperation:
                case IBinaryOperation or IInterpolationOperation or IExpressionStatementOperation:
                    // Options, state and endpoint reads, null tests, logging: the connection stays where it is.
                    return;
                case ISimpleAssignmentOperation assignment when assignment.Target == current:
                    return;
                case IIsPatternOperation pattern:
                    foreach (var operation in pattern.Pattern.DescendantsAndSelf())
                    {
                        if (operation is IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local })
                        {
                            Hold(local, pattern, depth);
                        }
                    }

                    return;
                case IArgumentOperation { Parent: IObjectCreationOperation creation } when IsWrapper(creation.Type):
                    Follow(creation, depth);
                    return;
                case IArgumentOperation { Parent: IInvocationOperation call } argument when relateOwnFields && CollectionStoredInto(call, argument) is { } collection:
                    Relate(RelatedCollections, collection);
                    return;
                case IArgumentOperation { Parent: IInvocationOperation call, Parameter.Name: "state" } when !methods.ReadsAsyncState && IsBeginOnConnection(call):
                    // The state object of BeginConnect/BeginRead...: only IAsyncResult.AsyncState gives it back, and no member
                    // of this type reads AsyncState, so the callback cannot close what it was given.
                    return;
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    OnArgument(call, argument, depth);
                    return;
                case IInvalidOperation invalid when CandidateName(invalid, current) is { } name:
                    // A call on the connection whose argument did not bind (a type from an assembly the build cannot see):
                    // the method's name is known, so it is judged like a bound call on it (a close, or a use that keeps it here).
                    if (name is "Close" or "Dispose" or "DisposeAsync")
                    {
                        Closed = true;
                    }

                    return;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    if (UsingDeclarations.IsUsingDeclared(declarator))
                    {
                        Closed = true;
                        return;
                    }

                    Hold(declarator.Symbol, declarator, depth);
                    return;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    OnStore(assignment, depth);
                    return;
                case IUsingOperation:
                    Closed = true;
                    return;
                default:
                    // Returned, put in a collection or tuple, coalesced, thrown...: someone else's now.
                    HandedOff = true;
                    return;
            }
        }

        /// <summary>
        /// <c>receiver.M(...)</c> that did not bind, with <paramref name="receiver"/> as its receiver and candidates that all
        /// share one name (overloads and overrides of <c>WriteLine</c> on a writer): that name, else null. Unlike
        /// <see cref="CandidateInvocation"/>, the candidates may come from a type and its base (StreamWriter, TextWriter).
        /// </summary>
        private static string? CandidateName(IInvalidOperation invalid, IOperation receiver)
        {
            if (invalid.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation
                || receiver.Syntax != access.Expression || invocation.ContainsDiagnostics || invalid.SemanticModel is not { } model)
            {
                return null;
            }

            var info = model.GetSymbolInfo(invocation, CancellationToken.None);
            if (info.Symbol is not null || info.CandidateReason is not (CandidateReason.OverloadResolutionFailure or CandidateReason.Ambiguous))
            {
                return null;
            }

            string? name = null;
            foreach (var candidate in info.CandidateSymbols)
            {
                if (candidate is not IMethodSymbol method || (name is not null && method.Name != name))
                {
                    return null;
                }

                name = method.Name;
            }

            return name;
        }

        /// <summary><c>BeginConnect</c>, <c>BeginRead</c>, <c>BeginReceive</c>... on a socket, a client or a stream.</summary>
        private bool IsBeginOnConnection(IInvocationOperation call) =>
            call.TargetMethod.Name.StartsWith("Begin", System.StringComparison.Ordinal)
            && (SocketOwners.IsOwnerType(call.TargetMethod.ContainingType, types) || call.TargetMethod.ContainingType.IsOrDerivesFrom(types.Stream));

        private bool IsClose(IInvocationOperation invocation) =>
            invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync" || TcpCallKinds.Classify(invocation, types) == TcpCallKind.Close;

        private bool ClosesAnywhere(IOperation operation)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IInvocationOperation invocation && IsClose(invocation))
                {
                    return true;
                }
            }

            return false;
        }

        private void OnCall(IInvocationOperation invocation, int depth)
        {
            if (IsClose(invocation))
            {
                Closed = true;
                return;
            }

            if (invocation.TargetMethod.Name == "GetStream" && invocation.TargetMethod.ContainingType.IsOrDerivesFrom(types.TcpClient))
            {
                // Disposing the stream closes the client: follow it too.
                Follow(invocation, depth);
            }
        }

        private void OnArgument(IInvocationOperation call, IArgumentOperation argument, int depth)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind != ArgumentKind.Explicit)
            {
                HandedOff = true;
                return;
            }

            if (StateHandler(call, parameter) is { } stateHandler)
            {
                Enter(stateHandler, depth);
                return;
            }

            var target = call.TargetMethod;
            if (target.MethodKind != MethodKind.Ordinary || !methods.Owns(target) || parameter.RefKind != RefKind.None || parameter.IsParams)
            {
                HandedOff = true;
                return;
            }

            Enter(target.OriginalDefinition.Parameters[parameter.Ordinal], depth);
        }

        /// <summary>
        /// <c>ThreadPool.QueueUserWorkItem(Handle, connection)</c> and <c>new Thread(Handle).Start(connection)</c>: the
        /// same-type method that receives the state object, or null.
        /// </summary>
        private IParameterSymbol? StateHandler(IInvocationOperation call, IParameterSymbol parameter)
        {
            IOperation? callback = null;
            switch (call.TargetMethod.Name)
            {
                case "QueueUserWorkItem" when call.TargetMethod.ContainingType.IsOrDerivesFrom(types.ThreadPool) && parameter.Ordinal == 1:
                    foreach (var other in call.Arguments)
                    {
                        if (other.Parameter?.Ordinal == 0)
                        {
                            callback = other.Value;
                        }
                    }

                    break;
                case "Start" when call.TargetMethod.ContainingType.IsOrDerivesFrom(types.Thread) && call.Instance is { } thread:
                    var threadValue = thread.WalkDownConversions();
                    if (threadValue is ILocalReferenceOperation threadLocal && LocalOrigins.AssignedValues(threadLocal) is { Count: 1 } origins)
                    {
                        threadValue = origins[0].WalkDownConversions();
                    }

                    if (threadValue is IObjectCreationOperation { Arguments.Length: > 0 } threadCreation)
                    {
                        callback = threadCreation.Arguments[0].Value;
                    }

                    break;
            }

            // new ParameterizedThreadStart(Handle) or the method group converted to the delegate type.
            var method = callback?.WalkDownConversions() switch
            {
                IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            return method is { Parameters.Length: 1 } && methods.Owns(method) ? method.OriginalDefinition.Parameters[0] : null;
        }

        private void Enter(IParameterSymbol parameter, int depth)
        {
            if (depth >= MaxHandlerDepth || parameter.ContainingSymbol is not IMethodSymbol method || methods.Body(method) is not { } body)
            {
                HandedOff = true;
                return;
            }

            if (!visitedParameters.Add(parameter))
            {
                return;
            }

            Handlers.Add(method);
            HandlerParameter ??= parameter;
            foreach (var operation in body.Descendants())
            {
                if (Released)
                {
                    return;
                }

                if (operation is IParameterReferenceOperation reference && reference.Parameter.OriginalDefinition.Is(parameter))
                {
                    Follow(reference, depth + 1);
                }
            }
        }

        private void OnStore(ISimpleAssignmentOperation assignment, int depth)
        {
            switch (assignment.Target.WalkDownConversions())
            {
                case ILocalReferenceOperation local:
                    Hold(local.Local, assignment, depth);
                    return;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when relateOwnFields && !field.Field.IsStatic:
                    var definition = field.Field.OriginalDefinition;
                    if (!definition.Is(trackedField) && !RelatedFields.Contains(definition))
                    {
                        RelatedFields.Add(definition);
                    }

                    return;
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer when relateOwnFields && OwnCollectionField(indexer.Instance) is { } collection:
                    // sessions[id] = client
                    Relate(RelatedCollections, collection);
                    return;
                default:
                    HandedOff = true;
                    return;
            }
        }

        private static void Relate(List<IFieldSymbol> related, IFieldSymbol field)
        {
            if (!related.Contains(field))
            {
                related.Add(field);
            }
        }

        /// <summary>Follows every use of a local that holds the connection (a foreach variable over a collection of them).</summary>
        public void FollowLocal(ILocalSymbol local, IOperation declaredIn) => Hold(local, declaredIn, 0);

        /// <summary>Follows every use of a lambda's parameter that receives the connection (<c>list.ForEach(c => ...)</c>).</summary>
        public void FollowParameter(IParameterSymbol parameter, IOperation body)
        {
            foreach (var operation in body.Descendants())
            {
                if (Released)
                {
                    return;
                }

                if (operation is IParameterReferenceOperation reference && reference.Parameter.Is(parameter))
                {
                    Follow(reference, 1);
                }
            }
        }

        /// <summary>The local now holds the connection: follow its every use in the body that declares it.</summary>
        private void Hold(ILocalSymbol local, IOperation store, int depth)
        {
            if (local.IsRef)
            {
                HandedOff = true;
                return;
            }

            if (!holders.Add(local))
            {
                return;
            }

            foreach (var operation in store.MemberRoot().Descendants())
            {
                if (Released)
                {
                    return;
                }

                if (operation is ILocalReferenceOperation { IsDeclaration: false } reference && reference.Local.Is(local))
                {
                    Follow(reference, depth);
                }
            }
        }

        private bool IsWrapper(ITypeSymbol? type) => type is not null && IsStreamOrWrapper(type, types);
    }

    /// <summary>The bodies of a type's ordinary methods, by symbol: where a connection handed to a same-type method goes.</summary>
    private sealed class TypeMethods
    {
        private readonly INamedTypeSymbol type;
        private readonly Dictionary<IMethodSymbol, IOperation> bodies = new(SymbolEqualityComparer.Default);

        private TypeMethods(INamedTypeSymbol type) => this.type = type;

        public INamedTypeSymbol Type => type;

        private readonly Dictionary<IMethodSymbol, int> uses = new(SymbolEqualityComparer.Default);

        public static TypeMethods Collect(INamedTypeSymbol type, IEnumerable<IOperation> roots)
        {
            var methods = new TypeMethods(type);
            foreach (var root in roots)
            {
                if (root is IMethodBodyOperation && root.SemanticModel?.GetDeclaredSymbol(root.Syntax) is IMethodSymbol method)
                {
                    methods.bodies[method.OriginalDefinition] = root;
                }

                foreach (var operation in root.Descendants())
                {
                    var target = operation switch
                    {
                        IInvocationOperation invocation => invocation.TargetMethod,
                        IMethodReferenceOperation reference => reference.Method,
                        _ => null,
                    };
                    if (operation is IPropertyReferenceOperation { Property.Name: "AsyncState" })
                    {
                        methods.ReadsAsyncState = true;
                    }

                    if (target is not null && SymbolEqualityComparer.Default.Equals(target.ContainingType?.OriginalDefinition, type))
                    {
                        var key = target.OriginalDefinition;
                        methods.uses[key] = methods.uses.TryGetValue(key, out var count) ? count + 1 : 1;
                    }
                }
            }

            return methods;
        }

        /// <summary>A member of the type reads <c>IAsyncResult.AsyncState</c> (a Begin/End callback may get its state object back).</summary>
        public bool ReadsAsyncState { get; private set; }

        /// <summary>How many calls and method-group references in the type name <paramref name="method"/>.</summary>
        public int UsesOf(IMethodSymbol method) => uses.TryGetValue(method.OriginalDefinition, out var count) ? count : 0;

        /// <summary>
        /// A method of this type whose body is in view and cannot be replaced by an override (not virtual, abstract or
        /// override-able, not partial without a body).
        /// </summary>
        public bool Owns(IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            return SymbolEqualityComparer.Default.Equals(definition.ContainingType, type)
                && !definition.IsVirtual && !definition.IsAbstract && !definition.IsOverride && !definition.IsExtern
                && bodies.ContainsKey(definition);
        }

        public IOperation? Body(IMethodSymbol method) =>
            Owns(method) && bodies.TryGetValue(method.OriginalDefinition, out var body) ? body : null;
    }
}
