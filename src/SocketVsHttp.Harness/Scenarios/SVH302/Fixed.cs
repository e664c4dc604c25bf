using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH302.Fixed;

public static class MessageListener
{
    public static async Task ListenAsync(Uri uri, Action<string> onMessage, CancellationToken ct)
    {
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(uri, ct);
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                break;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                onMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                message.SetLength(0);
            }
        }
    }
}
