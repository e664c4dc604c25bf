using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace NetworkMistakes;

/// <summary>Socket long connections done wrong.</summary>
public static class SocketMistakes
{
    // SVH201: Read returns 0 when the peer closes the connection. Nothing here tests for 0, so after the peer
    // goes away this loop spins at full CPU, handing empty chunks to the callback forever.
    public static void PumpTelemetry(TcpClient client, Action<byte[], int> onChunk)
    {
        NetworkStream stream = client.GetStream();
        var buffer = new byte[4096];
        while (true)
        {
            int read = stream.Read(buffer, 0, buffer.Length);
            onChunk(buffer, read);
        }
    }

    // SVH201: the same with a raw Socket and async I/O: a closed peer turns this echo loop into a busy loop.
    public static async Task EchoAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
            await socket.SendAsync(buffer.AsMemory(0, received), SocketFlags.None, cancellationToken);
        }
    }

    // SVH204: Connected only reports the state as of the last I/O. Nothing is read or written here, so it stays true
    // long after the server went away: this watchdog never notices.
    public static void WaitForServerLoss(TcpClient client, Action onServerLost)
    {
        while (client.Connected)
        {
            Thread.Sleep(1000);
        }

        onServerLost();
    }

    // SVH206: a new TCP connection for every line: a handshake per message, and each closed connection leaves a
    // socket in TIME_WAIT. Logging a few thousand lines a second exhausts the ephemeral ports.
    public static void SendLogLine(IPEndPoint collector, string line)
    {
        using var client = new TcpClient();
        client.Connect(collector);
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        client.GetStream().Write(bytes, 0, bytes.Length);
    }

    // SVH202: Read returns what has arrived, which may be less than the 16-byte header: the rest of the buffer is stale.
    public static int ReadHeaderLength(NetworkStream stream)
    {
        var header = new byte[16];
        stream.Read(header, 0, header.Length);
        return BitConverter.ToInt32(header, 0);
    }

    // SVH202 on a Socket: the same partial read. (With the .NET SDK's analyzers on, CA2022 reports the stream read
    // above and SVH202 leaves it to CA2022; Socket.Receive is not a Stream, so only SVH202 reports this one.)
    public static int ReceiveHeaderLength(Socket socket)
    {
        var header = new byte[16];
        socket.Receive(header);
        return BitConverter.ToInt32(header, 0);
    }

    // SVH207: a non-blocking Send may queue only part of the payload; the count that says so is thrown away.
    public static void SendSnapshot(Socket socket, byte[] snapshot)
    {
        socket.Blocking = false;
        socket.Send(snapshot);
    }

    // SVH208: when Connect or Send throws, the socket is never closed: the handle leaks until the finalizer runs.
    public static void Ping(IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(endPoint);
        socket.Send(Encoding.ASCII.GetBytes("PING\n"));
        socket.Close();
    }

    // SVH209: a ConnectionMultiplexer per call connects (two sockets, a handshake, a heartbeat timer) for one read and
    // throws it all away; share one for the process.
    public static string? ReadSetting(string key)
    {
        using var redis = StackExchange.Redis.ConnectionMultiplexer.Connect("localhost:6379");
        return redis.GetDatabase().StringGet(key);
    }

    // SVH210: every accepted client is handed to a handler that never closes it: the server keeps each finished
    // connection open (CLOSE_WAIT) until the finalizer runs, and the client never sees the end of the reply.
    public static async Task ServeGreetings(TcpListener listener)
    {
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = GreetAsync(client);
        }
    }

    private static async Task GreetAsync(TcpClient client)
    {
        var greeting = Encoding.ASCII.GetBytes("HELLO\n");
        await client.GetStream().WriteAsync(greeting);
    }
}

// SVH203 + SVH205: a background feed reader. SVH203: nothing catches IOException/SocketException, so when the server
// resets the connection the loop's task faults unobserved and the owner never learns the feed is gone.
// SVH205: no keep-alive, receive timeout or cancellation on the reads: a half-open connection blocks it forever.
// SVH210: nothing ever closes _client and QuoteFeed is not IDisposable: its owner has no way to release the connection.
public sealed class QuoteFeed
{
    private readonly TcpClient _client = new TcpClient();

    public void Start(IPEndPoint server, Action<string> onQuote)
    {
        _client.Connect(server);
        _ = Task.Run(async () =>
        {
            var stream = _client.GetStream();
            var buffer = new byte[512];
            while (true)
            {
                int n = await stream.ReadAsync(buffer, 0, buffer.Length);
                if (n == 0)
                {
                    break;
                }

                onQuote(Encoding.ASCII.GetString(buffer, 0, n));
            }
        });
    }
}

