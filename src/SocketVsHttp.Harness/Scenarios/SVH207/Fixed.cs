using System.Net.Sockets;

namespace SocketVsHttp.Harness.Scenarios.SVH207.Fixed;

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
        var sent = 0;
        while (sent < payload.Length)
        {
            socket.Poll(-1, SelectMode.SelectWrite);
            sent += socket.Send(payload, sent, payload.Length - sent, SocketFlags.None);
        }
    }
}
