using System;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH210.Bad;

public static class EchoServer
{
    public static async Task ServeAsync(TcpListener listener, int connections)
    {
        for (var i = 0; i < connections; i++)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = HandleAsync(client);
        }
    }

    private static async Task HandleAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var buffer = new byte[64];
        var n = await stream.ReadAsync(buffer);
        if (n == 0)
        {
            return;
        }

        await stream.WriteAsync(buffer.AsMemory(0, n));
    }
}
