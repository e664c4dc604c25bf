using System;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ValidCode.WebSockets;

/// <summary>A receive loop that handles Close, accumulates fragments until EndOfMessage, and catches disconnects.</summary>
public static class Receiver
{
    public static async Task ReceiveAllAsync(ClientWebSocket ws, Action<string> onMessage, CancellationToken ct)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        try
        {
            while (ws.State == WebSocketState.Open)
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
        catch (WebSocketException)
        {
            // the peer went away without a close handshake
        }
    }

    public static async Task ReceiveWithMemoryAsync(WebSocket ws, CancellationToken ct)
    {
        var buffer = new byte[1024];
        try
        {
            while (!ws.CloseStatus.HasValue)
            {
                var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        return;
                    case WebSocketMessageType.Binary when result.EndOfMessage:
                        Console.WriteLine(result.Count);
                        break;
                }
            }
        }
        catch (WebSocketException)
        {
        }
    }
}
