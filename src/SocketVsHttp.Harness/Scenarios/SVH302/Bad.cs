using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH302.Bad;

public static class MessageListener
{
    public static async Task ListenAsync(Uri uri, Action<string> onMessage, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(uri, ct);
        var buffer = new byte[4096];
        while (true)
        {
            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                break;
            }

            onMessage(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
