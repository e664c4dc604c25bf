using System.Net.Sockets;

namespace SocketVsHttp.Harness.Scenarios.SVH207.Bad;

public sealed class PayloadSender
{
    private readonly Socket socket;

    public PayloadSender(Socket socket)
    {
        this.socket = socket;

        // Non-blocking so that a slow peer never stalls the caller.
        this.socket.Blocking = false;
    }

    public void Send(byte[] payload)
    {
        socket.Send(payload);
    }
}
