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
/// <c>Stream s = client.GetStream();</c>). A <c>Stream</c> parameter, field or property of unknown origin is not (precision first).
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
    /// (<c>new StreamReader(client.GetStream())</c>, <c>new BinaryReader(sslStream)</c>), or a local whose every assigned value is.
    /// Parameters, fields and properties of unknown origin are not (precision first).
    /// </summary>
    public static bool IsNetworkReaderOrWriter(IOperation? receiver, KnownTypes types) => IsNetworkReaderOrWriter(receiver, types, 0);

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
                if (assigned is null || assigned.Count == 0)
                {
                    return false;
                }

                foreach (var origin in assigned)
                {
                    if (!IsNetworkStream(origin, types, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Stream, AuthenticatedStream...: a declared type that a NetworkStream or SslStream converts to (MemoryStream does not).</summary>
    private static bool CanHoldNetworkStream(ITypeSymbol? declared, KnownTypes types) =>
        declared is INamedTypeSymbol named
        && (types.NetworkStream.IsOrDerivesFrom(named) || types.SslStream.IsOrDerivesFrom(named));

    private static bool IsNetworkReaderOrWriter(IOperation? receiver, KnownTypes types, int depth)
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
                return IsNetworkReaderOrWriter(conditional.WhenTrue, types, depth + 1) && IsNetworkReaderOrWriter(conditional.WhenFalse, types, depth + 1);
            case ICoalesceOperation coalesce:
                return IsNetworkReaderOrWriter(coalesce.Value, types, depth + 1) && IsNetworkReaderOrWriter(coalesce.WhenNull, types, depth + 1);
            case ILocalReferenceOperation local when IsReaderOrWriterType(local.Local.Type, types):
                var assigned = LocalOrigins.AssignedValues(local);
                if (assigned is null || assigned.Count == 0)
                {
                    return false;
                }

                foreach (var origin in assigned)
                {
                    if (!IsNetworkReaderOrWriter(origin, types, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
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
