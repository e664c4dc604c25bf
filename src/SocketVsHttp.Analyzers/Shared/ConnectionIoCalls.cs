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
/// and <c>WebSocket.ReceiveAsync</c>/<c>SendAsync</c>.
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

        return false;
    }
}
