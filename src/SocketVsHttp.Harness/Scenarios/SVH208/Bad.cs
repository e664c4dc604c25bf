using System.Net;
using System.Net.Sockets;

namespace SocketVsHttp.Harness.Scenarios.SVH208.Bad;

public static class MessageSender
{
    public static int Send(IPEndPoint endPoint, byte[] data)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endPoint);
        var sent = socket.Send(data);
        socket.Close();
        return sent;
    }
}
