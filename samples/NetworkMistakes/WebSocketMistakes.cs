using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NetworkMistakes;

/// <summary>WebSocket long connections done wrong.</summary>
public static class WebSocketMistakes
{
    // SVH301: the server's Close message is never looked at. The loop keeps calling ReceiveAsync on a closing
    // socket (which then throws), and the close handshake is never answered.
    public static async Task ReceiveNotificationsAsync(ClientWebSocket socket, Action<string> onNotification, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken);
            onNotification(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    // SVH302: each frame is decoded on its own: a message split over several frames arrives as broken pieces
    // (and a multi-byte character split across frames is garbled).
    public static async Task PrintMessagesAsync(ClientWebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                break;
            }

            Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}
