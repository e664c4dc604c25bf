using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SocketVsHttp.Harness.Scenarios.SVH206.Fixed;

public sealed class LineSender : IDisposable
{
    private readonly IPEndPoint endPoint;
    private TcpClient? client;
    private NetworkStream? stream;

    public LineSender(IPEndPoint endPoint) => this.endPoint = endPoint;

    public void Send(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message + "\n");
        try
        {
            GetStream().Write(bytes, 0, bytes.Length);
        }
        catch (IOException)
        {
            // The kept connection broke: open a new one and send again.
            Reset();
            GetStream().Write(bytes, 0, bytes.Length);
        }
    }

    public void Dispose() => Reset();

    private NetworkStream GetStream()
    {
        if (stream is null)
        {
            client = new TcpClient();
            client.Connect(endPoint);
            stream = client.GetStream();
        }

        return stream;
    }

    private void Reset()
    {
        stream?.Dispose();
        client?.Dispose();
        stream = null;
        client = null;
    }
}
