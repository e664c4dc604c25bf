using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    /// <summary>
    /// One type's (or one member body's) connection facts: the owners given keep-alive or a timeout, the values of its stream
    /// fields, the endless reads per owner, the reads of collection elements per collection field, and the fields its
    /// members store a connection parameter in. Immutable once collected.
    /// </summary>
    private sealed class TypeConnections
    {
        private readonly Dictionary<ISymbol, List<IOperation>> reads;
        private readonly Dictionary<IFieldSymbol, List<IOperation>> elementReads;
        private readonly Dictionary<IParameterSymbol, List<IFieldSymbol>> parameterFields;
        private readonly HashSet<IOperation> polledReads;
        private readonly Dictionary<IFieldSymbol, List<IOperation>> fieldArguments;
        private readonly HashSet<IMethodSymbol> polledMethods;
        private readonly Dictionary<IParameterSymbol, List<IOperation>> parameterArguments;
        private readonly HashSet<IOperation> chainReads;
        private readonly Dictionary<IPropertySymbol, IOperation> propertyFields;

        private TypeConnections(
            HashSet<ISymbol> protectedOwners,
            Dictionary<IFieldSymbol, List<IOperation>> fieldValues,
            Dictionary<ISymbol, List<IOperation>> reads,
            Dictionary<IFieldSymbol, List<IOperation>> elementReads,
            Dictionary<IParameterSymbol, List<IFieldSymbol>> parameterFields,
            Dictionary<IFieldSymbol, List<IOperation>> fieldArguments,
            HashSet<IOperation> polledReads,
            HashSet<IMethodSymbol> polledMethods,
            Dictionary<IParameterSymbol, List<IOperation>> parameterArguments,
            HashSet<IOperation> chainReads,
            Dictionary<IPropertySymbol, IOperation> propertyFields,
            bool needsTypeWide)
        {
            this.propertyFields = propertyFields;
            this.parameterArguments = parameterArguments;
            this.chainReads = chainReads;
            this.polledReads = polledReads;
            this.fieldArguments = fieldArguments;
            this.polledMethods = polledMethods;
            NeedsTypeWide = needsTypeWide;
            ProtectedOwners = protectedOwners;
            FieldValues = fieldValues;
            this.reads = reads;
            this.elementReads = elementReads;
            this.parameterFields = parameterFields;
        }

        public HashSet<ISymbol> ProtectedOwners { get; }

        public Dictionary<IFieldSymbol, List<IOperation>> FieldValues { get; }

        /// <summary>
        /// Collected from one member body but not complete there: the body stores a stream in a field (code elsewhere could reach
        /// the connection through it) or passes a token of a field's source (given a delay elsewhere or not).
        /// </summary>
        public bool NeedsTypeWide { get; }

        /// <summary>The endless reads of <paramref name="owner"/> that repeat on the connection <paramref name="created"/> makes.</summary>
        public void AddReadsOf(ISymbol owner, IOperation created, KnownTypes types, List<IOperation> into)
        {
            if (reads.TryGetValue(owner, out var found))
            {
                AddRepeated(found, created, types, into, accumulates: false);
            }
        }

        public void AddElementReadsOf(IFieldSymbol collection, IOperation created, KnownTypes types, List<IOperation> into)
        {
            if (elementReads.TryGetValue(collection, out var found))
            {
                AddRepeated(found, created, types, into, accumulates: true);
            }
        }

        /// <summary>
        /// A long-lived loop that also holds the creation makes a new connection per iteration (an accept loop, a reconnect
        /// loop): it does not read one connection forever. The read must be polled, or inside a long-lived loop that the
        /// creation is outside of.
        /// </summary>
        /// <param name="accumulates">The connections are kept (a collection): created per iteration, they still all stay.</param>
        private void AddRepeated(List<IOperation> found, IOperation created, KnownTypes types, List<IOperation> into, bool accumulates)
        {
            // Connect() and ReadReply() both called from the same polling loop: a connection per iteration, not one read forever.
            var createdPerIteration = !accumulates
                && polledMethods.Count > 0
                && created.SemanticModel?.GetEnclosingSymbol(created.Syntax.SpanStart) is IMethodSymbol creator
                && polledMethods.Contains(creator.OriginalDefinition);
            foreach (var read in found)
            {
                if ((polledReads.Contains(read) && !createdPerIteration) || chainReads.Contains(read) || HasLifetimeLoop(read, created, types))
                {
                    into.Add(read);
                }
            }
        }

        private static bool HasLifetimeLoop(IOperation read, IOperation created, KnownTypes types)
        {
            for (var loop = read.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
            {
                if (IsLifetimeLoop(loop, types)
                    && !(loop.Syntax.SyntaxTree == created.Syntax.SyntaxTree && loop.Syntax.Span.Contains(created.Syntax.Span)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The connection field, or a stream or reader field over it, passed as an argument (<c>new Thread(() =&gt; Receive(_client))</c>,
        /// <c>_reader.Setup(_binaryReader)</c>), as the argument values.
        /// </summary>
        public IEnumerable<IOperation> ArgumentUsesOf(IFieldSymbol field, KnownTypes types)
        {
            foreach (var pair in fieldArguments)
            {
                if (pair.Key.Is(field))
                {
                    foreach (var use in pair.Value)
                    {
                        yield return use;
                    }

                    continue;
                }

                if (SocketOwners.IsOwnerType(pair.Key.Type, types) || pair.Value.Count == 0)
                {
                    continue;
                }

                foreach (var owner in PossibleOwners(pair.Value[0], types, FieldValues, propertyFields))
                {
                    if (owner.Is(field))
                    {
                        foreach (var use in pair.Value)
                        {
                            yield return use;
                        }

                        break;
                    }
                }
            }
        }

        /// <summary>A connection parameter (or its stream or reader) handed on as an argument: <c>new Session(client)</c> inside <c>Add(TcpClient client)</c>.</summary>
        public IEnumerable<IOperation> ParameterUsesOf(IParameterSymbol parameter) =>
            parameterArguments.TryGetValue(parameter, out var uses) ? uses : (IEnumerable<IOperation>)System.Array.Empty<IOperation>();

        /// <summary>The reads keyed by <paramref name="owner"/> exist (a static field of another type read in a long-lived loop here).</summary>
        public bool HasReadsOf(ISymbol owner) => reads.ContainsKey(owner);

        public IEnumerable<IFieldSymbol> FieldsStoringParameter(IParameterSymbol parameter) =>
            parameterFields.TryGetValue(parameter, out var fields) ? fields : (IEnumerable<IFieldSymbol>)System.Array.Empty<IFieldSymbol>();

        /// <param name="type">The type the roots belong to (its methods called from a long-lived loop are "polled").</param>
        /// <param name="typeWide">The roots are the whole type: a field's facts are complete (a token source's too).</param>
        public static TypeConnections Collect(ImmutableArray<IOperation> roots, INamedTypeSymbol type, KnownTypes types, bool typeWide)
        {
            var fieldValues = new Dictionary<IFieldSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var parameterFields = new Dictionary<IParameterSymbol, List<IFieldSymbol>>(SymbolEqualityComparer.Default);
            var fieldArguments = new Dictionary<IFieldSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var parameterArguments = new Dictionary<IParameterSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var elementLocals = new Dictionary<ILocalSymbol, IFieldSymbol>(SymbolEqualityComparer.Default);
            var polledMethods = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var protectedReceivers = new List<IOperation>();
            var protectedCreations = new List<IObjectCreationOperation>();
            var candidates = new List<IInvocationOperation>();
            var helperReceivers = new Dictionary<IInvocationOperation, IOperation>();
            var chains = new CallbackChains();
            var sources = new TokenSources(types, typeWide);
            for (var index = 0; index < roots.Length; index++)
            {
                foreach (var operation in roots[index].Descendants())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            chains.AddInvocation(invocation, index, type, types);
                            AddInvocation(invocation, type, types, protectedReceivers, candidates, helperReceivers, polledMethods, sources);
                            break;
                        case IObjectCreationOperation creation:
                            sources.AddCreation(creation);
                            break;
                        case ISimpleAssignmentOperation assignment:
                            AddAssignment(assignment, types, fieldValues, parameterFields, protectedReceivers, protectedCreations, sources);
                            break;
                        case IForEachLoopOperation loop:
                            AddElementLocals(loop, types, elementLocals);
                            break;
                        case IArgumentOperation { Value: var argumentValue }:
                            AddArgument(argumentValue.WalkDownConversions(), types, fieldArguments, parameterArguments);
                            break;
                        case IReturnOperation { ReturnedValue: IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } returned }
                            when typeWide && IsConnectionValueType(returned.Type, types):
                            chains.AddReturn(returned, roots[index]);
                            break;
                    }
                }
            }

            var protectedOwners = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var receiver in protectedReceivers)
            {
                foreach (var owner in PossibleOwners(receiver, types, fieldValues, chains.PropertyFields))
                {
                    protectedOwners.Add(owner);
                }
            }

            foreach (var created in protectedCreations)
            {
                if (StoredInOwner(created, types, out _) is { } owner)
                {
                    protectedOwners.Add(owner.OriginalDefinition);
                }
            }

            foreach (var pair in elementLocals)
            {
                // foreach (var c in _clients) c.Client.SetSocketOption(..., KeepAlive, true): every element is given keep-alive.
                if (protectedOwners.Contains(pair.Key))
                {
                    protectedOwners.Add(pair.Value);
                }
            }

            // BeginRead/BeginReceive whose callback issues the same read again: an endless read of the connection.
            var chainReads = chains.EndlessReads(roots);
            foreach (var chainRead in chainReads)
            {
                candidates.Add((IInvocationOperation)chainRead);
            }

            var reads = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var polledReads = new HashSet<IOperation>();
            var elementReads = new Dictionary<IFieldSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var owners = new List<ISymbol>();
            foreach (var read in candidates)
            {
                // Owners first (cheap, and most reads of a file or memory stream have none), then the timeout (which may
                // look through the whole member for a race with a delay).
                owners.Clear();
                owners.AddRange(PossibleOwners(helperReceivers.TryGetValue(read, out var handed) ? handed : read.Instance, types, fieldValues, chains.PropertyFields));
                if (owners.Count == 0 || HasTimeout(read, sources))
                {
                    continue;
                }

                foreach (var owner in owners)
                {
                    AddRead(read, owner, types, polledMethods, elementLocals, reads, elementReads, polledReads, chainReads);
                }
            }

            return new TypeConnections(
                protectedOwners, fieldValues, reads, elementReads, parameterFields, fieldArguments, polledReads, polledMethods, parameterArguments, chainReads, chains.PropertyFields,
                fieldValues.Count > 0 || sources.NeedsTypeWide);
        }

        /// <summary>
        /// A connection, its stream or a reader over it passed as an argument: a field of the type (<c>Handle(_client)</c>,
        /// <c>reader.Setup(_reader)</c>) or a parameter handed on (<c>new Session(client)</c> inside <c>Add(TcpClient client)</c>).
        /// </summary>
        private static void AddArgument(
            IOperation value, KnownTypes types, Dictionary<IFieldSymbol, List<IOperation>> fieldArguments, Dictionary<IParameterSymbol, List<IOperation>> parameterArguments)
        {
            switch (value)
            {
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } passed when IsConnectionValueType(passed.Type, types):
                    Add(fieldArguments, passed.Field.OriginalDefinition, value);
                    break;
                case IParameterReferenceOperation parameter when IsConnectionValueType(parameter.Type, types):
                    Add(parameterArguments, parameter.Parameter.OriginalDefinition, value);
                    break;
            }
        }

        /// <summary>A socket, a <c>TcpClient</c>, a stream, or a text/binary reader (what carries a connection to its reader).</summary>
        internal static bool IsConnectionValueType(ITypeSymbol? type, KnownTypes types) =>
            SocketOwners.IsOwnerType(type, types) || type.IsOrDerivesFrom(types.Stream) || IsReader(type, types);

        /// <summary>
        /// The connection a receiver belongs to (<see cref="SocketOwners.Find"/>), or, for a stream field assigned the streams of
        /// different connections (<c>Connect()</c> stores a new client's stream, <c>Connect(TcpClient)</c> a given one's), each of
        /// them: the field reads whichever was stored last, so each creation that stores into it is read there, and keep-alive
        /// set through the field may be on any of them.
        /// </summary>
        internal static IEnumerable<ISymbol> PossibleOwners(
            IOperation? receiver, KnownTypes types, Dictionary<IFieldSymbol, List<IOperation>> fieldValues, Dictionary<IPropertySymbol, IOperation>? propertyFields) =>
            PossibleOwners(receiver, types, fieldValues, propertyFields, 0);

        private static IEnumerable<ISymbol> PossibleOwners(
            IOperation? receiver, KnownTypes types, Dictionary<IFieldSymbol, List<IOperation>> fieldValues, Dictionary<IPropertySymbol, IOperation>? propertyFields, int depth)
        {
            if (depth > 3 || receiver is null)
            {
                yield break;
            }

            var value = receiver.WalkDownConversions();
            if (value is IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.Length: 0 } property
                && propertyFields is not null && propertyFields.TryGetValue(property.Property.OriginalDefinition, out var aliased))
            {
                // public Stream Stream => _stream;
                value = aliased;
            }

            if (IsReader(value.Type, types))
            {
                // new StreamReader(client.GetStream()) / new BinaryReader(stream), in a local, a field or inline; a reader handed in.
                foreach (var created in ReaderValues(value, fieldValues))
                {
                    var each = created.WalkDownConversions();
                    if (each is IParameterReferenceOperation readerParameter)
                    {
                        yield return readerParameter.Parameter.OriginalDefinition;
                    }
                    else if (each is IObjectCreationOperation { Arguments.Length: > 0 } creation && IsReader(creation.Type, types))
                    {
                        foreach (var argument in creation.Arguments)
                        {
                            if (argument.Parameter?.Ordinal == 0)
                            {
                                foreach (var owner in PossibleOwners(argument.Value, types, fieldValues, propertyFields, depth + 1))
                                {
                                    yield return owner;
                                }
                            }
                        }
                    }
                }

                if (value is IFieldReferenceOperation { Instance: null } staticReader && !fieldValues.ContainsKey(staticReader.Field.OriginalDefinition))
                {
                    yield return staticReader.Field.OriginalDefinition;
                }

                yield break;
            }

            if (SocketOwners.Find(value, types, fieldValues) is { } found)
            {
                yield return found.OriginalDefinition;
                yield break;
            }

            switch (value)
            {
                case IParameterReferenceOperation streamParameter when value.Type.IsOrDerivesFrom(types.Stream):
                    // A stream handed in: its reads belong to whoever passes the stream.
                    yield return streamParameter.Parameter.OriginalDefinition;
                    break;
                case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when fieldValues.TryGetValue(field.Field.OriginalDefinition, out var values):
                    foreach (var assigned in values)
                    {
                        if (SocketOwners.Find(assigned, types, fieldValues) is { } each)
                        {
                            yield return each.OriginalDefinition;
                        }
                        else if (assigned.WalkDownConversions() is IParameterReferenceOperation handed)
                        {
                            yield return handed.Parameter.OriginalDefinition;
                        }
                    }

                    break;
                case IFieldReferenceOperation { Instance: null } staticStream when value.Type.IsOrDerivesFrom(types.Stream):
                    // Another type's static stream field (TCP_Connection.Stream): keyed by the field, looked up by its type.
                    yield return staticStream.Field.OriginalDefinition;
                    break;
                default:
                    if (MemberOwner(value, types) is { } member)
                    {
                        yield return member;
                    }

                    break;
            }
        }

        /// <summary>
        /// A connection held in a member of another object (<c>state.Socket</c>, <c>conn.Client.GetStream()</c> with <c>state</c>
        /// a local or parameter): the member, standing for the connection of any such object in the type.
        /// </summary>
        private static ISymbol? MemberOwner(IOperation value, KnownTypes types)
        {
            if (value is IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } client } && client.Type.IsOrDerivesFrom(types.TcpClient))
            {
                value = client.WalkDownConversions();
            }
            else if (value is IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner } && owner.Type.IsOrDerivesFrom(types.TcpClient))
            {
                value = owner.WalkDownConversions();
            }

            return value switch
            {
                IPropertyReferenceOperation { Arguments.Length: 0, Instance: ILocalReferenceOperation or IParameterReferenceOperation } property
                    when SocketOwners.IsOwnerType(property.Type, types) => property.Property.OriginalDefinition,
                IFieldReferenceOperation { Instance: ILocalReferenceOperation or IParameterReferenceOperation } field
                    when SocketOwners.IsOwnerType(field.Type, types) => field.Field.OriginalDefinition,
                _ => null,
            };
        }

        /// <summary><see cref="SocketOwners.StoredIn"/>, and a member of another object: <c>state.Socket = listener.EndAccept(result)</c>.</summary>
        internal static ISymbol? StoredInOwner(IOperation created, KnownTypes types, out IOperation? store)
        {
            if (SocketOwners.StoredIn(created, out store) is { } owner)
            {
                return owner;
            }

            var current = created.WalkUpConversions();
            if (current.Parent is IAwaitOperation awaited)
            {
                current = awaited.WalkUpConversions();
            }

            if (current.Parent is ISimpleAssignmentOperation assignment && assignment.Value == current
                && MemberOwner(assignment.Target.WalkDownConversions(), types) is { } member)
            {
                store = assignment;
                return member;
            }

            return null;
        }

        private static bool IsReader(ITypeSymbol? type, KnownTypes types) =>
            type.IsOrDerivesFrom(types.TextReader) || type.IsOrDerivesFrom(types.BinaryReader);

        private static IEnumerable<IOperation> ReaderValues(IOperation reader, Dictionary<IFieldSymbol, List<IOperation>> fieldValues) => reader switch
        {
            IObjectCreationOperation or IParameterReferenceOperation => new[] { reader },
            ILocalReferenceOperation local => (IEnumerable<IOperation>?)LocalOrigins.AssignedValues(local) ?? System.Array.Empty<IOperation>(),
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                when fieldValues.TryGetValue(field.Field.OriginalDefinition, out var values) => values,
            _ => System.Array.Empty<IOperation>(),
        };

        private static void AddRead(
            IInvocationOperation read,
            ISymbol owner,
            KnownTypes types,
            HashSet<IMethodSymbol> polledMethods,
            Dictionary<ILocalSymbol, IFieldSymbol> elementLocals,
            Dictionary<ISymbol, List<IOperation>> reads,
            Dictionary<IFieldSymbol, List<IOperation>> elementReads,
            HashSet<IOperation> polledReads,
            HashSet<IOperation> chainReads)
        {
            var isElement = owner is ILocalSymbol local && elementLocals.ContainsKey(local);
            if (chainReads.Contains(read) && !isElement)
            {
                Add(reads, owner, read);
                return;
            }

            // A field's connection outlives the call: a method called from a long-lived loop reads it again and again.
            // (A parameter or local is per call: an accept loop that calls a per-connection handler is not endless.)
            var polled = (isElement || owner is IFieldSymbol) && IsPolled(read, polledMethods);
            if (!polled && !IsInLongLivedLoop(read, types))
            {
                return;
            }

            if (polled)
            {
                polledReads.Add(read);
            }

            if (isElement)
            {
                Add(elementReads, elementLocals[(ILocalSymbol)owner], read);
            }
            else
            {
                Add(reads, owner, read);
            }
        }

        private static void AddInvocation(
            IInvocationOperation invocation,
            INamedTypeSymbol type,
            KnownTypes types,
            List<IOperation> protectedReceivers,
            List<IInvocationOperation> candidates,
            Dictionary<IInvocationOperation, IOperation> helperReceivers,
            HashSet<IMethodSymbol> polledMethods,
            TokenSources sources)
        {
            var method = invocation.TargetMethod;
            if (HelperReadArgument(invocation, type, types) is { } handed)
            {
                // SocketRead(newSocket, n): a helper of this type or a base type that reads the connection it is given.
                candidates.Add(invocation);
                helperReceivers[invocation] = handed;
            }

            if (IsKeepAliveCall(invocation, types))
            {
                protectedReceivers.Add(invocation.Instance!);
                return;
            }

            if (IsReadName(method.Name))
            {
                if (ConnectionIoCalls.TryGet(invocation, types, out var call))
                {
                    if (call.IsReceive && call.Family != ConnectionFamily.WebSocket)
                    {
                        candidates.Add(invocation);
                    }

                    return;
                }

                if (!method.IsStatic && (IsReader(method.ContainingType, types) || method.ContainingType.IsOrDerivesFrom(types.Stream)))
                {
                    // reader.ReadLine(), binary.ReadString(), or a read on a stream typed Stream (_stream = client.GetStream()): a
                    // read when the reader or stream is over a connection (decided by its owners).
                    candidates.Add(invocation);
                    return;
                }
            }

            if (method.ContainingType.Is(type) && method.MethodKind is MethodKind.Ordinary && IsInLongLivedLoop(invocation, types))
            {
                polledMethods.Add(method.OriginalDefinition);
                return;
            }

            sources.AddInvocation(invocation);
        }

        /// <summary>
        /// The connection argument of a call to a method of this type or of a base type, written in source, whose body
        /// reads from that parameter (<c>param.Receive(...)</c>, <c>param.Read(...)</c>, their async forms, or
        /// <c>param.GetStream()</c>) and sets no timeout or keep-alive of its own (syntax of the callee's body: it belongs
        /// to another member and is not bound here). Null otherwise.
        /// </summary>
        private static IOperation? HelperReadArgument(IInvocationOperation invocation, INamedTypeSymbol type, KnownTypes types)
        {
            var method = invocation.TargetMethod;
            if (method.MethodKind != MethodKind.Ordinary || invocation.Arguments.IsEmpty || !type.IsOrDerivesFrom(method.ContainingType))
            {
                return null;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || !SocketOwners.IsOwnerType(parameter.Type, types))
                {
                    continue;
                }

                foreach (var body in SourceBodies.Of(method))
                {
                    if (SourceBodies.AccessesOn(body, parameter.Name, "Receive", "ReceiveAsync", "Read", "ReadAsync", "GetStream")
                        && !SourceBodies.Mentions(body, "ReceiveTimeout", "ReadTimeout", "KeepAlive", "TcpKeepAliveTime", "CancelAfter", "WaitAsync"))
                    {
                        return argument.Value.WalkDownConversions();
                    }
                }
            }

            return null;
        }

        /// <summary>A string test before any symbol walk: the receives <see cref="ConnectionIoCalls"/> knows start with these.</summary>
        private static bool IsReadName(string name) =>
            name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Receive", System.StringComparison.Ordinal);

        /// <summary>The read's method is called from a long-lived loop of the type.</summary>
        private static bool IsPolled(IOperation read, HashSet<IMethodSymbol> polledMethods) =>
            polledMethods.Count > 0
            && read.SemanticModel?.GetEnclosingSymbol(read.Syntax.SpanStart) is IMethodSymbol method
            && polledMethods.Contains(method.OriginalDefinition);

        /// <summary><c>foreach (TcpClient c in _clients)</c> (also over <c>_clients.Values</c>, <c>.Keys</c>, <c>.ToList()</c>, <c>.ToArray()</c>).</summary>
        private static void AddElementLocals(IForEachLoopOperation loop, KnownTypes types, Dictionary<ILocalSymbol, IFieldSymbol> elementLocals)
        {
            if (CollectionField(loop.Collection) is not { } field)
            {
                return;
            }

            foreach (var local in loop.Locals)
            {
                if (SocketOwners.IsOwnerType(local.Type, types))
                {
                    elementLocals[local] = field;
                }
            }
        }

        private static IFieldSymbol? CollectionField(IOperation collection)
        {
            var value = collection.WalkDownConversions();
            for (var step = 0; step < 3; step++)
            {
                switch (value)
                {
                    case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field:
                        return field.Field.OriginalDefinition;
                    case IPropertyReferenceOperation { Property.Name: "Values" or "Keys", Instance: { } instance }:
                        value = instance.WalkDownConversions();
                        break;
                    case IInvocationOperation { TargetMethod.Name: "ToList" or "ToArray" } copy:
                        var source = copy.Instance ?? (copy.Arguments.Length > 0 ? copy.Arguments[0].Value : null);
                        if (source is null)
                        {
                            return null;
                        }

                        value = source.WalkDownConversions();
                        break;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>
        /// A positive receive/read timeout (on a receiver or in an object initializer), a value stored in a stream field (not
        /// <c>null</c>: clearing the field on dispose does not make it another connection's), a connection parameter stored
        /// in a field, a token source stored.
        /// </summary>
        private static void AddAssignment(
            ISimpleAssignmentOperation assignment,
            KnownTypes types,
            Dictionary<IFieldSymbol, List<IOperation>> fieldValues,
            Dictionary<IParameterSymbol, List<IFieldSymbol>> parameterFields,
            List<IOperation> protectedReceivers,
            List<IObjectCreationOperation> protectedCreations,
            TokenSources sources)
        {
            var target = assignment.Target.WalkDownConversions();
            if (target is IPropertyReferenceOperation property && IsTimeoutProperty(property.Property, types) && IsPositiveTimeout(assignment.Value))
            {
                if (property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                    && assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation created })
                {
                    // new TcpClient { ReceiveTimeout = 5000 }
                    protectedCreations.Add(created);
                }
                else if (property.Instance is not null)
                {
                    protectedReceivers.Add(property.Instance);
                }

                return;
            }

            if (target is not IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field)
            {
                sources.AddAssignment(assignment);
                return;
            }

            var value = assignment.Value.WalkDownConversions();
            if (value is ICoalesceOperation { WhenNull: var whenNull } coalesce && whenNull.WalkDownConversions() is IThrowOperation)
            {
                // _client = client ?? throw new ArgumentNullException(nameof(client));
                value = coalesce.Value.WalkDownConversions();
            }

            if (field.Type.IsOrDerivesFrom(types.Stream) || IsReader(field.Type, types))
            {
                if (!(value.ConstantValue.HasValue && value.ConstantValue.Value is null))
                {
                    Add(fieldValues, field.Field.OriginalDefinition, value);
                }
            }
            else if (SocketOwners.IsOwnerType(field.Type, types) && value is IParameterReferenceOperation parameter)
            {
                // this._client = client; (in a constructor or a Start(TcpClient) method)
                Add(parameterFields, parameter.Parameter.OriginalDefinition, field.Field.OriginalDefinition);
            }
            else
            {
                sources.AddAssignment(assignment);
            }
        }

        private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> lists, TKey key, TValue value)
            where TKey : notnull
        {
            if (!lists.TryGetValue(key, out var list))
            {
                list = new List<TValue>();
                lists.Add(key, list);
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }
    }

    /// <summary><c>SetSocketOption(..., KeepAlive / TcpKeepAlive*, ...)</c> (not with false/0) or <c>IOControl(IOControlCode.KeepAliveValues, ...)</c>.</summary>
    private static bool IsKeepAliveCall(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (invocation.Instance is null || !method.ContainingType.IsOrDerivesFrom(types.Socket) || method.Name is not ("SetSocketOption" or "IOControl"))
        {
            return false;
        }

        var isKeepAlive = false;
        IOperation? lastValue = null;
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IFieldReferenceOperation field
                && ((field.Field.ContainingType.Is(types.SocketOptionName) && field.Field.Name.StartsWith("KeepAlive", System.StringComparison.Ordinal))
                    || (field.Field.ContainingType.Is(types.SocketOptionName) && field.Field.Name.StartsWith("TcpKeepAlive", System.StringComparison.Ordinal))
                    || (field.Field.ContainingType.Is(types.IOControlCode) && field.Field.Name == "KeepAliveValues")))
            {
                isKeepAlive = true;
            }

            if (argument.Parameter?.Ordinal == method.Parameters.Length - 1)
            {
                lastValue = value;
            }
        }

        // SetSocketOption(Socket, KeepAlive, false) turns it off.
        return isKeepAlive
            && !(method.Name == "SetSocketOption" && lastValue is { ConstantValue: { HasValue: true, Value: false or 0 } });
    }

    private static bool IsTimeoutProperty(IPropertySymbol property, KnownTypes types) => property.Name switch
    {
        "ReceiveTimeout" => property.ContainingType.IsOrDerivesFrom(types.Socket) || property.ContainingType.IsOrDerivesFrom(types.TcpClient),
        "ReadTimeout" => property.ContainingType.IsOrDerivesFrom(types.Stream),
        _ => false,
    };

    /// <summary>Anything but a constant &lt;= 0 (0 and -1 mean "wait forever").</summary>
    private static bool IsPositiveTimeout(IOperation value) =>
        !(value.ConstantValue.HasValue && value.ConstantValue.Value is int milliseconds && milliseconds <= 0);

    private static bool IsInLongLivedLoop(IOperation operation, KnownTypes types)
    {
        for (var loop = operation.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
        {
            if (IsLifetimeLoop(loop, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A long-lived loop (<see cref="LongLivedLoops.IsLongLived"/>), or a read-until-closed loop that is also bound to the
    /// owner's lifetime: <c>while ((line = reader.ReadLine()) != null &amp;&amp; _connected)</c>. Such a loop leaves when
    /// the peer closes, but a peer that vanishes without closing keeps it waiting in the read for the life of the session.
    /// (A bare <c>while ((n = stream.Read(...)) &gt; 0)</c> is not: it may read one response to its end.)
    /// </summary>
    private static bool IsLifetimeLoop(ILoopOperation loop, KnownTypes types)
    {
        if (LongLivedLoops.IsLongLived(loop, types))
        {
            return true;
        }

        var condition = loop.Condition();
        return condition?.WalkDownConversions() is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and
            && (LongLivedLoops.IsLongLivedCondition(and.LeftOperand, types) || LongLivedLoops.IsLongLivedCondition(and.RightOperand, types))
            && LongLivedLoops.IsReceiveUntilClosed(loop, types);
    }
}
