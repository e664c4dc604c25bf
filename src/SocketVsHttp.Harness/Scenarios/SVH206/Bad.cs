using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketVsHttp.Harness.Scenarios.SVH206.Bad;

public sealed class LineSender : IDisposable
{
    private readonly IPEndPoint endPoint;

    public LineSender(IPEndPoint endPoint) => this.endPoint = endPoint;

    public void Send(string message)
    {
        using var client = new TcpClient();
        client.Connect(endPoint);
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        client.GetStream().Write(bytes, 0, bytes.Length);
    }

    public void Dispose()
    {
    }
}
