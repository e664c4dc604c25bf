using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH205.Bad;

public static class FeedReader
{
    public static async Task ReadAllAsync(IPEndPoint server, Action<TcpClient> onConnected, Action<int> onData)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server);
        onConnected(client);
        var stream = client.GetStream();
        var buffer = new byte[1024];
        while (true)
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            onData(n);
        }
    }
}
