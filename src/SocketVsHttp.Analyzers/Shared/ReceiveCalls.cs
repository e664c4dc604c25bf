using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>A recognised receive/read call on a socket or a network stream.</summary>
internal readonly struct ReceiveCall
{
    public ReceiveCall(IInvocationOperation invocation, bool isSocket, bool returnsCount, bool isAwaitable, bool isDatagram, IOperation? countValue, string displayName)
    {
        Invocation = invocation;
        IsSocket = isSocket;
        ReturnsCount = returnsCount;
        IsAwaitable = isAwaitable;
        IsDatagram = isDatagram;
        CountValue = countValue;
        DisplayName = displayName;
    }

    public IInvocationOperation Invocation { get; }

    /// <summary>True for <c>Socket.Receive*</c>; false for <c>Read</c>/<c>ReadAsync</c> on a network stream.</summary>
    public bool IsSocket { get; }

    /// <summary>The call returns the byte count: <c>int</c>, <c>Task&lt;int&gt;</c> or <c>ValueTask&lt;int&gt;</c>.</summary>
    public bool ReturnsCount { get; }

    /// <summary>The call returns <c>Task&lt;int&gt;</c> / <c>ValueTask&lt;int&gt;</c> (the count arrives through an await).</summary>
    public bool IsAwaitable { get; }

    /// <summary>A connectionless receive (<c>ReceiveFrom*</c>, <c>ReceiveMessageFrom*</c>, or a socket known to be <c>SocketType.Dgram</c>): a 0-byte datagram is valid data.</summary>
    public bool IsDatagram { get; }

    /// <summary>
    /// The operation whose value is the byte count: the invocation itself, or the <c>await</c> / <c>.Result</c> /
    /// <c>.GetAwaiter().GetResult()</c> that unwraps it (through <c>ConfigureAwait</c>). Null when the task is not unwrapped where it is created.
    /// </summary>
    public IOperation? CountValue { get; }

    /// <summary>Short form for messages, e.g. <c>NetworkStream.Read</c>, <c>Socket.ReceiveAsync</c>.</summary>
    public string DisplayName { get; }
}

/// <summary>
/// Recognises receive/read calls by symbol: <c>Socket.Receive</c>/<c>ReceiveAsync</c>/<c>ReceiveFrom*</c>/<c>ReceiveMessageFrom*</c>,
/// and <c>Read</c>/<c>ReadAsync</c> (byte[], Span, Memory overloads) on a network stream. A stream is a network stream when its
/// static type is <c>NetworkStream</c>/<c>SslStream</c>, or it is a local whose every assigned value is one (e.g.
/// <c>Stream s = client.GetStream();</c>; a <c>null</c> start value aside). A <c>Stream</c> parameter, field or property of unknown origin is not (precision first).
/// <c>ReadExactly</c>/<c>ReadAtLeast</c> are not receive calls here: they throw on close.
/// </summary>
internal static class ReceiveCalls
{
    private const int MaxTraceDepth = 4;

    /// <summary>A receive call whose result is a byte count (int / Task&lt;int&gt; / ValueTask&lt;int&gt;).</summary>
    public static bool TryGetCountingRead(IInvocationOperation invocation, KnownTypes types, out ReceiveCall read) =>
        TryGetReceive(invocation, types, out read) && read.ReturnsCount;

    /// <summary>Any receive call on a socket or a network stream, counting or not (e.g. <c>ReceiveFromAsync</c> returns a result struct).</summary>
    public static bool TryGetReceive(IInvocationOperation invocation, KnownTypes types, out ReceiveCall read)
    {
        read = default;
        var method = invocation.TargetMethod;
        if (method is null || method.IsStatic)
        {
            return false;
        }

        bool isSocket;
        bool isDatagram;
        if (types.Socket is not null && method.ContainingType.IsOrDerivesFrom(types.Socket))
        {
            if (!IsSocketReceiveName(method.Name))
            {
                return false;
            }

            isSocket = true;
            isDatagram = method.Name.StartsWith("ReceiveFrom", System.StringComparison.Ordinal)
                || method.Name.StartsWith("ReceiveMessageFrom", System.StringComparison.Ordinal)
                || IsKnownDatagramSocket(invocation.Instance, types);
        }
        else if (types.Stream is not null && method.ContainingType.IsOrDerivesFrom(types.Stream))
        {
            if (method.Name is not ("Read" or "ReadAsync") || !IsNetworkStream(invocation.Instance, types))
            {
                return false;
            }

            isSocket = false;
            isDatagram = false;
        }
        else
        {
            return false;
        }

        var returnsInt = method.ReturnType.SpecialType == SpecialType.System_Int32;
        var isAwaitable = !returnsInt && IsTaskOfInt(method.ReturnType, types);
        var returnsCount = returnsInt || isAwaitable;
        IOperation? countValue = returnsInt ? invocation : isAwaitable ? UnwrapTask(invocation, types) : null;
        read = new ReceiveCall(invocation, isSocket, returnsCount, isAwaitable, isDatagram, countValue, DisplayName(invocation, method));
        return true;
    }

    /// <summary>True when <paramref name="receiver"/> is a network stream (see the type's summary for what is understood).</summary>
    public static bool IsNetworkStream(IOperation? receiver, KnownTypes types) => IsNetworkStream(receiver, types, 0);

    /// <summary>
    /// True when <paramref name="receiver"/> is a reader or writer over a network stream: a <c>TextReader</c>/<c>TextWriter</c>/
    /// <c>BinaryReader</c>/<c>BinaryWriter</c> (<c>StreamReader</c>, <c>StreamWriter</c>...) created right there from one
    /// (<c>new StreamReader(client.GetStream())</c>, <c>new BinaryReader(sslStream)</c>), a local whose every assigned value is
    /// (a <c>null</c> start value aside), or a private field of the type (this or static) whose every value, in all of the type's
    /// code, is (see <see cref="ReaderFields"/>). Parameters, properties and other fields are not (precision first).
    /// </summary>
    public static bool IsNetworkReaderOrWriter(IOperation? receiver, KnownTypes types) => IsNetworkReaderOrWriter(receiver, types, 0, allowFields: true);

    /// <summary>A text/binary reader or writer type: <c>TextReader</c>, <c>TextWriter</c>, <c>BinaryReader</c>, <c>BinaryWriter</c> or a type derived from one.</summary>
    public static bool IsReaderOrWriterType(ITypeSymbol? type, KnownTypes types) =>
        type.IsOrDerivesFrom(types.TextReader) || type.IsOrDerivesFrom(types.TextWriter)
        || type.IsOrDerivesFrom(types.BinaryReader) || type.IsOrDerivesFrom(types.BinaryWriter);

    /// <summary>
    /// <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a network reader (see <see cref="IsNetworkReaderOrWriter(IOperation?, KnownTypes)"/>):
    /// <paramref name="lineValue"/> is the operation whose value is the line (the call, or the <c>await</c>/<c>.Result</c>/
    /// <c>.GetAwaiter().GetResult()</c> that unwraps it; null when the task is not unwrapped where it is created).
    /// A null line is the peer's close.
    /// </summary>
    public static bool TryGetLineRead(IInvocationOperation invocation, KnownTypes types, out IOperation? lineValue, out string displayName)
    {
        lineValue = null;
        displayName = string.Empty;
        var method = invocation.TargetMethod;
        if (method is null || method.IsStatic || method.Name is not ("ReadLine" or "ReadLineAsync")
            || !method.ContainingType.IsOrDerivesFrom(types.TextReader)
            || !IsNetworkReaderOrWriter(invocation.Instance, types))
        {
            return false;
        }

        lineValue = method.Name == "ReadLine" ? invocation : UnwrapTask(invocation, types);
        displayName = DisplayName(invocation, method);
        return true;
    }

    /// <summary>True when the socket is known to be connectionless: <c>UdpClient.Client</c>, <c>new Socket(..., SocketType.Dgram, ...)</c>, or a local assigned from one.</summary>
    public static bool IsKnownDatagramSocket(IOperation? receiver, KnownTypes types) => IsKnownDatagramSocket(receiver, types, 0);

    private static bool IsSocketReceiveName(string name) =>
        name is "Receive" or "ReceiveAsync" or "ReceiveFrom" or "ReceiveFromAsync" or "ReceiveMessageFrom" or "ReceiveMessageFromAsync";

    private static bool IsTask1(ITypeSymbol type, KnownTypes types) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.Task1)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.ValueTask1));

    private static bool IsTaskOfInt(ITypeSymbol type, KnownTypes types) =>
        type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
        && named.TypeArguments[0].SpecialType == SpecialType.System_Int32
        && (SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.Task1)
            || SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, types.ValueTask1));

    /// <summary>The await / .Result / .GetAwaiter().GetResult() that turns the task into its value (the count, the line), through ConfigureAwait.</summary>
    private static IOperation? UnwrapTask(IOperation task, KnownTypes types)
    {
        var current = task.WalkUpConversions();
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
        {
            current = configureAwait.WalkUpConversions();
        }

        switch (current.Parent)
        {
            case IAwaitOperation await:
                return await;
            case IPropertyReferenceOperation { Property.Name: "Result" } result when IsTask1(result.Property.ContainingType, types):
                return result;
            case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter when getAwaiter.Instance == current:
                return getAwaiter.WalkUpConversions().Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult
                    && getResult.Instance == getAwaiter.WalkUpConversions()
                    ? getResult
                    : null;
            default:
                return null;
        }
    }

    private static string DisplayName(IInvocationOperation invocation, IMethodSymbol method)
    {
        // Prefer the receiver's static type (NetworkStream.Read rather than Stream.Read when the override is not what binds).
        var receiverType = invocation.Instance?.WalkDownConversions().Type;
        var typeName = receiverType is INamedTypeSymbol named && named.IsOrDerivesFrom(method.ContainingType) ? named.Name : method.ContainingType.Name;
        return typeName + "." + method.Name;
    }

    private static bool IsNetworkStream(IOperation? receiver, KnownTypes types, int depth)
    {
        if (receiver is null || depth > MaxTraceDepth)
        {
            return false;
        }

        var value = receiver.WalkDownConversions();
        if (value.Type.IsOrDerivesFrom(types.NetworkStream) || value.Type.IsOrDerivesFrom(types.SslStream))
        {
            return true;
        }

        switch (value)
        {
            case IConditionalOperation conditional:
                return IsNetworkStream(conditional.WhenTrue, types, depth + 1) && IsNetworkStream(conditional.WhenFalse, types, depth + 1);
            case ICoalesceOperation coalesce:
                return IsNetworkStream(coalesce.Value, types, depth + 1) && IsNetworkStream(coalesce.WhenNull, types, depth + 1);
            case ILocalReferenceOperation local when CanHoldNetworkStream(local.Local.Type, types):
                var assigned = LocalOrigins.AssignedValues(local);
                if (assigned is null)
                {
                    return false;
                }

                // A null start value (`Stream s = null;` before a try) is no other kind of stream; one real origin is needed.
                var any = false;
                foreach (var origin in assigned)
                {
                    if (origin.WalkDownConversions().ConstantValue is { HasValue: true, Value: null })
                    {
                        continue;
                    }

                    if (!IsNetworkStream(origin, types, depth + 1))
                    {
                        return false;
                    }

                    any = true;
                }

                return any;
            default:
                return false;
        }
    }

    /// <summary>Stream, AuthenticatedStream...: a declared type that a NetworkStream or SslStream converts to (MemoryStream does not).</summary>
    private static bool CanHoldNetworkStream(ITypeSymbol? declared, KnownTypes types) =>
        declared is INamedTypeSymbol named
        && (types.NetworkStream.IsOrDerivesFrom(named) || types.SslStream.IsOrDerivesFrom(named));

    private static bool IsNetworkReaderOrWriter(IOperation? receiver, KnownTypes types, int depth, bool allowFields)
    {
        if (receiver is null || depth > MaxTraceDepth)
        {
            return false;
        }

        var value = receiver.WalkDownConversions();
        switch (value)
        {
            case IObjectCreationOperation creation when IsReaderOrWriterType(creation.Type, types):
                // new StreamReader(stream, Encoding.UTF8, ...): the Stream argument decides.
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter is { } parameter && parameter.Type.Is(types.Stream))
                    {
                        return IsNetworkStream(argument.Value, types, depth + 1);
                    }
                }

                return false;
            case IConditionalOperation conditional:
                return IsNetworkReaderOrWriter(conditional.WhenTrue, types, depth + 1, allowFields) && IsNetworkReaderOrWriter(conditional.WhenFalse, types, depth + 1, allowFields);
            case ICoalesceOperation coalesce:
                return IsNetworkReaderOrWriter(coalesce.Value, types, depth + 1, allowFields) && IsNetworkReaderOrWriter(coalesce.WhenNull, types, depth + 1, allowFields);
            case ILocalReferenceOperation local when IsReaderOrWriterType(local.Local.Type, types):
                return AllNetworkReaders(LocalOrigins.AssignedValues(local), types, depth, allowFields);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                when allowFields && field.Field.DeclaredAccessibility == Accessibility.Private && IsReaderOrWriterType(field.Field.Type, types)
                    && field.SemanticModel is { } model:
                return ReaderFields.IsNetworkReaderOrWriter(field.Field, field, model.Compilation, types);
            default:
                return false;
        }
    }

    /// <summary>Every value is a network reader/writer, except <c>null</c> start values; at least one value is one.</summary>
    internal static bool AllNetworkReaders(List<IOperation>? values, KnownTypes types, int depth, bool allowFields)
    {
        if (values is null)
        {
            return false;
        }

        var any = false;
        foreach (var origin in values)
        {
            if (origin.WalkDownConversions().ConstantValue is { HasValue: true, Value: null })
            {
                continue;
            }

            if (!IsNetworkReaderOrWriter(origin, types, depth + 1, allowFields))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    private static bool IsKnownDatagramSocket(IOperation? receiver, KnownTypes types, int depth)
    {
        if (receiver is null || depth > MaxTraceDepth)
        {
            return false;
        }

        var value = receiver.WalkDownConversions();
        switch (value)
        {
            case IPropertyReferenceOperation { Property.Name: "Client" } property:
                return types.UdpClient is not null && property.Property.ContainingType.IsOrDerivesFrom(types.UdpClient);
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "Dgram" } field
                        && field.Field.ContainingType.Is(types.SocketType))
                    {
                        return true;
                    }
                }

                return false;
            case IConditionalOperation conditional:
                return IsKnownDatagramSocket(conditional.WhenTrue, types, depth + 1) || IsKnownDatagramSocket(conditional.WhenFalse, types, depth + 1);
            case ILocalReferenceOperation local:
                var assigned = LocalOrigins.AssignedValues(local);
                if (assigned is null)
                {
                    return false;
                }

                // Precision first: any datagram origin makes a zero-byte receive plausible data.
                foreach (var origin in assigned)
                {
                    if (IsKnownDatagramSocket(origin, types, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }
}

/// <summary>
/// "Is this private reader/writer field always a reader or writer over a network stream?" From all of the declaring type's code
/// (<see cref="TypeBodies"/>), computed once per type and compilation the first time a read through such a field is asked about:
/// every value stored in the field (initializer and <c>=</c> assignments, <c>null</c> aside) must be a reader/writer created over
/// a network stream right there or through a local (<c>_reader = new StreamReader(_client.GetStream());</c>). A field also
/// written another way (<c>ref</c>/<c>out</c>, deconstruction, <c>??=</c>) is not. Values are not traced through other fields.
/// </summary>
internal sealed class ReaderFields
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, TypeFactsCache<ReaderFields>> PerCompilation = new();

    private readonly HashSet<IFieldSymbol> networkFields = new(SymbolEqualityComparer.Default);

    public static bool IsNetworkReaderOrWriter(IFieldSymbol field, IOperation from, Compilation compilation, KnownTypes types)
    {
        var cache = PerCompilation.GetValue(compilation, _ => new TypeFactsCache<ReaderFields>((type, roots) => Compute(roots, types)));
        return cache.Get(field.ContainingType, from, compilation, System.Threading.CancellationToken.None).networkFields.Contains(field.OriginalDefinition);
    }

    private static ReaderFields Compute(System.Collections.Immutable.ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var values = new Dictionary<IFieldSymbol, List<IOperation>?>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            if (root is IFieldInitializerOperation initializer)
            {
                foreach (var initialized in initializer.InitializedFields)
                {
                    Add(values, initialized, initializer.Value, types);
                }
            }

            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment:
                        Add(values, target.Field, assignment.Value, types);
                        break;
                    case IFieldReferenceOperation reference when IsWrittenOtherwise(reference) && ReceiveCalls.IsReaderOrWriterType(reference.Field.Type, types):
                        values[reference.Field.OriginalDefinition] = null;
                        break;
                }
            }
        }

        var facts = new ReaderFields();
        foreach (var pair in values)
        {
            if (ReceiveCalls.AllNetworkReaders(pair.Value, types, 0, allowFields: false))
            {
                facts.networkFields.Add(pair.Key);
            }
        }

        return facts;
    }

    private static void Add(Dictionary<IFieldSymbol, List<IOperation>?> values, IFieldSymbol field, IOperation value, KnownTypes types)
    {
        if (!ReceiveCalls.IsReaderOrWriterType(field.Type, types))
        {
            return;
        }

        var key = field.OriginalDefinition;
        if (!values.TryGetValue(key, out var list))
        {
            values[key] = list = new List<IOperation>();
        }

        list?.Add(value);
    }

    private static bool IsWrittenOtherwise(IFieldReferenceOperation reference)
    {
        var use = reference.WalkUpConversions();
        return use.Parent switch
        {
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref,
            ICompoundAssignmentOperation compound => compound.Target == use,
            ICoalesceAssignmentOperation coalesce => coalesce.Target == use,
            ITupleOperation tuple => tuple.Parent is IDeconstructionAssignmentOperation,
            _ => false,
        };
    }
}
