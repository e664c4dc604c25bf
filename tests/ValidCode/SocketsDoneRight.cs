using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace ValidCode.Sockets;

/// <summary>A receive loop that stops on 0 (peer closed) and on connection errors, with keep-alive set.</summary>
public sealed class LineReader
{
    private readonly TcpClient _client;

    public LineReader(TcpClient client)
    {
        _client = client;
        _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
    }

    public async Task<long> PumpAsync(Action<ReadOnlyMemory<byte>> onData, CancellationToken cancellationToken)
    {
        var stream = _client.GetStream();
        var buffer = new byte[4096];
        long total = 0;
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                onData(buffer.AsMemory(0, read));
                total += read;
            }
        }
        catch (IOException)
        {
            // connection dropped: the caller reconnects
        }

        return total;
    }
}

/// <summary>Socket.Receive with an explicit close test and a receive timeout.</summary>
public static class RawSocket
{
    public static int Drain(Socket socket, byte[] buffer)
    {
        socket.ReceiveTimeout = 30_000;
        var total = 0;
        try
        {
            while (true)
            {
                var received = socket.Receive(buffer);
                if (received == 0)
                {
                    break;
                }

                total += received;
            }
        }
        catch (SocketException)
        {
            // reset or timed out
        }

        return total;
    }

    public static void ReadHeader(NetworkStream stream, byte[] header) => stream.ReadExactly(header);

    public static async Task ReadHeaderAsync(NetworkStream stream, Memory<byte> header, CancellationToken cancellationToken) =>
        await stream.ReadExactlyAsync(header, cancellationToken);

    public static void SendAll(Socket socket, byte[] payload) => socket.Send(payload);
}

/// <summary>A background service with a reconnect loop that handles disconnects and cancellation.</summary>
public sealed class FeedService : BackgroundService
{
    private readonly EndPoint _endPoint = new IPEndPoint(IPAddress.Loopback, 9000);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                await socket.ConnectAsync(_endPoint, stoppingToken);
                var buffer = new byte[1024];
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stoppingToken);
                    if (n == 0)
                    {
                        break;
                    }
                }
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}

/// <summary>A TLS stream with the default certificate validation.</summary>
public static class TlsClient
{
    public static async Task<int> ReadGreetingAsync(TcpClient client, string host, CancellationToken cancellationToken)
    {
        using var tls = new SslStream(client.GetStream(), false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
        var buffer = new byte[256];
        var n = await tls.ReadAsync(buffer, cancellationToken);
        return n;
    }
}

/// <summary>A server accepting connections, one connection per client.</summary>
public static class EchoServer
{
    public static async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(cancellationToken);
            var stream = client.GetStream();
            var buffer = ArrayPool<byte>.Shared.Rent(1024);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(buffer.AsMemory(0, 1024), cancellationToken)) != 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                }
            }
            catch (IOException)
            {
                // the client went away
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}

/// <summary>Connected read for status only.</summary>
public static class Status
{
    public static string Describe(TcpClient client) => "connected: " + client.Connected;
}

/// <summary>A server handing each accepted client to a handler that owns it and closes it when done.</summary>
public sealed class GreetingServer
{
    public async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(cancellationToken);
            _ = GreetAsync(client, cancellationToken);
        }
    }

    public void RunOnThreadPool(TcpListener listener)
    {
        var client = listener.AcceptTcpClient();
        ThreadPool.QueueUserWorkItem(Greet, client);
    }

    private static async Task GreetAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        {
            await client.GetStream().WriteAsync(new byte[] { 72, 73, 10 }, cancellationToken);
        }
    }

    private static void Greet(object? state)
    {
        using var client = (TcpClient)state!;
        client.GetStream().Write(new byte[] { 72, 73, 10 });
    }
}

/// <summary>A connection held for the life of an object that closes it when disposed.</summary>
public sealed class QuoteLink : IDisposable
{
    private readonly TcpClient client = new TcpClient();

    public void Connect(IPEndPoint server) => client.Connect(server);

    public void Dispose() => client.Dispose();
}

/// <summary>A connect that closes the socket when it fails and hands it to the caller when it works.</summary>
public static class Connector
{
    public static Socket? TryConnect(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endPoint);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }
    }
}
