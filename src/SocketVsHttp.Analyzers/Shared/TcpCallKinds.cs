using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>What a call does to a TCP connection or to a stream, reader or writer over it.</summary>
internal enum TcpCallKind
{
    Other,
    Connect,
    Send,
    Receive,
    Close,
    GetStream,
    Accept,
}

/// <summary>
/// Classifies calls on <c>Socket</c>, <c>TcpClient</c>, <c>TcpListener</c>, <c>Stream</c> and the readers/writers that
/// wrap a stream, by the receiver's type symbol and the member name (extension methods such as the .NET Framework
/// <c>SocketTaskExtensions</c> count by their first parameter).
/// </summary>
internal static class TcpCallKinds
{
    public static TcpCallKind Classify(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        var receiverType = method.IsExtensionMethod && method.Parameters.Length > 0 ? method.Parameters[0].Type : method.ContainingType;
        if (receiverType is null)
        {
            return TcpCallKind.Other;
        }

        var name = method.Name;
        if (receiverType.IsOrDerivesFrom(types.Socket))
        {
            return SocketCall(name);
        }

        if (receiverType.IsOrDerivesFrom(types.TcpClient))
        {
            return name switch
            {
                "Connect" or "ConnectAsync" or "BeginConnect" or "EndConnect" => TcpCallKind.Connect,
                "GetStream" => TcpCallKind.GetStream,
                "Close" or "Dispose" => TcpCallKind.Close,
                _ => TcpCallKind.Other,
            };
        }

        if (receiverType.IsOrDerivesFrom(types.TcpListener))
        {
            return name.StartsWith("Accept", System.StringComparison.Ordinal) ? TcpCallKind.Accept : TcpCallKind.Other;
        }

        if (receiverType.IsOrDerivesFrom(types.Stream))
        {
            return name switch
            {
                "Write" or "WriteAsync" or "BeginWrite" or "WriteByte" => TcpCallKind.Send,
                "Read" or "ReadAsync" or "BeginRead" or "ReadByte" or "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync"
                    or "CopyTo" or "CopyToAsync" => TcpCallKind.Receive,
                "Close" or "Dispose" or "DisposeAsync" => TcpCallKind.Close,
                _ => TcpCallKind.Other,
            };
        }

        if (receiverType.IsOrDerivesFrom(types.TextWriter) || receiverType.IsOrDerivesFrom(types.BinaryWriter))
        {
            return name.StartsWith("Write", System.StringComparison.Ordinal) ? TcpCallKind.Send : CloseOrOther(name);
        }

        if (receiverType.IsOrDerivesFrom(types.TextReader) || receiverType.IsOrDerivesFrom(types.BinaryReader))
        {
            return name.StartsWith("Read", System.StringComparison.Ordinal) || name == "Peek" ? TcpCallKind.Receive : CloseOrOther(name);
        }

        return TcpCallKind.Other;
    }

    /// <summary>The object the call acts on: the instance, or the first argument of an extension method.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation)
    {
        if (invocation.Instance is not null)
        {
            return invocation.Instance;
        }

        return invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null;
    }

    /// <summary>True when <paramref name="value"/> is the object <paramref name="invocation"/> acts on (instance or extension receiver).</summary>
    public static bool IsReceiverOf(IOperation value, IInvocationOperation invocation)
    {
        var receiver = Receiver(invocation);
        return receiver is not null && receiver.WalkDownConversions() == value.WalkDownConversions();
    }

    private static TcpCallKind SocketCall(string name)
    {
        switch (name)
        {
            case "Connect" or "ConnectAsync" or "BeginConnect" or "EndConnect":
                return TcpCallKind.Connect;
            case "Send" or "SendAsync" or "SendTo" or "SendToAsync" or "BeginSend" or "BeginSendTo" or "SendFile" or "SendFileAsync"
                or "BeginSendFile" or "SendPacketsAsync":
                return TcpCallKind.Send;
            case "Receive" or "ReceiveAsync" or "ReceiveFrom" or "ReceiveFromAsync" or "ReceiveMessageFrom" or "ReceiveMessageFromAsync"
                or "BeginReceive" or "BeginReceiveFrom" or "BeginReceiveMessageFrom":
                return TcpCallKind.Receive;
            case "Close" or "Dispose" or "Shutdown" or "Disconnect" or "DisconnectAsync" or "BeginDisconnect":
                return TcpCallKind.Close;
            default:
                return name.StartsWith("Accept", System.StringComparison.Ordinal) || name == "BeginAccept" ? TcpCallKind.Accept : TcpCallKind.Other;
        }
    }

    private static TcpCallKind CloseOrOther(string name) =>
        name is "Close" or "Dispose" or "DisposeAsync" ? TcpCallKind.Close : TcpCallKind.Other;
}
