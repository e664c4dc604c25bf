using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>
/// TcpListener on 127.0.0.1 with an OS-assigned port. Each accepted connection is handed to the
/// scenario's script; the server closes the connection when the script returns. Counts accepts.
/// </summary>
public sealed class LoopbackTcpServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly TcpListener listener;
    private readonly Func<TcpClient, CancellationToken, Task> script;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> sessions = new();
    private readonly Task acceptLoop;
    private int accepted;

    private LoopbackTcpServer(Func<TcpClient, CancellationToken, Task> script)
        : this(StartedOnLoopback(), script)
    {
    }

    private LoopbackTcpServer(TcpListener started, Func<TcpClient, CancellationToken, Task> script)
    {
        this.script = script;
        listener = started;
        var local = (IPEndPoint)listener.LocalEndpoint;
        Port = local.Port;
        EndPoint = new IPEndPoint(local.Address, local.Port);
        acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public IPEndPoint EndPoint { get; }

    public int AcceptedConnections => Volatile.Read(ref accepted);

    /// <summary>Starts listening; <paramref name="script"/> runs once per accepted connection.</summary>
    public static LoopbackTcpServer Start(Func<TcpClient, CancellationToken, Task> script) => new(script);

    /// <summary>
    /// Serves on a listener that is already started, e.g. one bound inside another network namespace
    /// (<see cref="VanishingPeer"/>); disposing the server stops it.
    /// </summary>
    public static LoopbackTcpServer StartOn(TcpListener started, Func<TcpClient, CancellationToken, Task> script) => new(started, script);

    private static TcpListener StartedOnLoopback()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            Interlocked.Increment(ref accepted);
            lock (sessions)
            {
                sessions.Add(RunSessionAsync(client));
            }
        }
    }

    private async Task RunSessionAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await script(client, stopping.Token).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Server is stopping.
            }
            catch (IOException)
            {
                // The client went away.
            }
            catch (SocketException)
            {
                // The client went away.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        Task[] pending;
        lock (sessions)
        {
            pending = sessions.ToArray();
        }

        var all = Task.WhenAll(acceptLoop, Task.WhenAll(pending));
        if (await Task.WhenAny(all, Task.Delay(StopTimeout)).ConfigureAwait(false) == all)
        {
            stopping.Dispose();
        }
    }
}
