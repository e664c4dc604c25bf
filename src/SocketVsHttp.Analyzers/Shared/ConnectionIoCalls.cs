using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Which API family an I/O call belongs to: decides the exception type a dropped connection raises.</summary>
internal enum ConnectionFamily
{
    /// <summary><c>Socket</c>: <c>SocketException</c>.</summary>
    Socket = 1,

    /// <summary><c>NetworkStream</c>/<c>SslStream</c>: <c>IOException</c>.</summary>
    Stream = 2,

    /// <summary><c>WebSocket</c>: <c>WebSocketException</c>.</summary>
    WebSocket = 4,
}

/// <summary>A receive or send on a connection-oriented socket, a network stream or a WebSocket.</summary>
internal readonly struct ConnectionIoCall
{
    public ConnectionIoCall(IInvocationOperation invocation, bool isReceive, ConnectionFamily family)
    {
        Invocation = invocation;
        IsReceive = isReceive;
        Family = family;
    }

    public IInvocationOperation Invocation { get; }

    public bool IsReceive { get; }

    public ConnectionFamily Family { get; }
}

/// <summary>
/// Recognises, by symbol, the calls that fail when a connection drops: <c>Socket.Receive*</c>/<c>Send</c>/<c>SendAsync</c>
/// (not the datagram <c>*From</c>/<c>SendTo</c> forms, nor sockets known to be <c>SocketType.Dgram</c>), <c>Read</c>/<c>ReadAsync</c>/
/// <c>ReadExactly*</c>/<c>ReadAtLeast*</c>/<c>Write</c>/<c>WriteAsync</c> on a network stream (see <see cref="ReceiveCalls.IsNetworkStream"/>),
/// <c>WebSocket.ReceiveAsync</c>/<c>SendAsync</c>, and the reads and writes of a reader or writer over a network stream
/// (<c>StreamReader.ReadLine</c>, <c>BinaryReader.ReadInt32</c>, <c>StreamWriter.WriteLine</c>/<c>Flush</c>; see
/// <see cref="ReceiveCalls.IsNetworkReaderOrWriter(IOperation?, KnownTypes)"/>): they throw <c>IOException</c> when the connection drops.
/// </summary>
internal static class ConnectionIoCalls
{
    public static bool TryGet(IInvocationOperation invocation, KnownTypes types, out ConnectionIoCall call)
    {
        call = default;
        var method = invocation.TargetMethod;
        if (method is null || method.IsStatic)
        {
            return false;
        }

        var name = method.Name;
        if (types.Socket is not null && method.ContainingType.IsOrDerivesFrom(types.Socket))
        {
            var isReceive = name is "Receive" or "ReceiveAsync";
            if ((!isReceive && name is not ("Send" or "SendAsync")) || ReceiveCalls.IsKnownDatagramSocket(invocation.Instance, types))
            {
                return false;
            }

            call = new ConnectionIoCall(invocation, isReceive, ConnectionFamily.Socket);
            return true;
        }

        if (types.WebSocket is not null && method.ContainingType.IsOrDerivesFrom(types.WebSocket))
        {
            if (name is not ("ReceiveAsync" or "SendAsync"))
            {
                return false;
            }

            call = new ConnectionIoCall(invocation, name == "ReceiveAsync", ConnectionFamily.WebSocket);
            return true;
        }

        if (types.Stream is not null && method.ContainingType.IsOrDerivesFrom(types.Stream))
        {
            var isReceive = name is "Read" or "ReadAsync" or "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync";
            if ((!isReceive && name is not ("Write" or "WriteAsync")) || !ReceiveCalls.IsNetworkStream(invocation.Instance, types))
            {
                return false;
            }

            call = new ConnectionIoCall(invocation, isReceive, ConnectionFamily.Stream);
            return true;
        }

        if (ReaderOrWriterCall(method, types) is { } readerCallIsReceive && ReceiveCalls.IsNetworkReaderOrWriter(invocation.Instance, types))
        {
            call = new ConnectionIoCall(invocation, readerCallIsReceive, ConnectionFamily.Stream);
            return true;
        }

        return false;
    }

    /// <summary>
    /// True for a read of a reader (<c>TextReader.Read*</c>/<c>Peek</c>, <c>BinaryReader.Read*</c>), false for a write or flush of a
    /// writer (<c>TextWriter.Write*</c>/<c>Flush*</c>, <c>BinaryWriter.Write</c>/<c>Flush</c>), null for any other member
    /// (<c>Dispose</c>, <c>Close</c>, properties): the I/O a reader or writer passes through to its stream.
    /// </summary>
    private static bool? ReaderOrWriterCall(IMethodSymbol method, KnownTypes types)
    {
        var name = method.Name;
        var type = method.ContainingType;
        if (type.IsOrDerivesFrom(types.TextReader) || type.IsOrDerivesFrom(types.BinaryReader))
        {
            return name.StartsWith("Read", System.StringComparison.Ordinal) || name is "Peek" or "PeekChar" ? true : null;
        }

        if (type.IsOrDerivesFrom(types.TextWriter) || type.IsOrDerivesFrom(types.BinaryWriter))
        {
            return name.StartsWith("Write", System.StringComparison.Ordinal) || name.StartsWith("Flush", System.StringComparison.Ordinal) ? false : null;
        }

        return null;
    }
}
