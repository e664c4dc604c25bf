using System;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>How the server saw a WebSocket end after it sent its Close frame.</summary>
public sealed record CloseObservation(bool Clean, WebSocketCloseStatus? ClientCloseStatus, WebSocketState FinalState, string Description);

/// <summary>
/// Kestrel + UseWebSockets on 127.0.0.1 with an OS-assigned port. Every WebSocket request is accepted
/// and handed to the scenario's script, which plays the server side.
/// </summary>
public sealed class LoopbackWebSocketServer : IAsyncDisposable
{
    private readonly LoopbackHttpServer http;

    private LoopbackWebSocketServer(LoopbackHttpServer http) => this.http = http;

    public int Port => http.Port;

    public int AcceptedConnections => http.AcceptedConnections;

    /// <summary>ws://127.0.0.1:port/</summary>
    public Uri Uri => new($"ws://127.0.0.1:{Port}/");

    /// <summary>Starts the server; <paramref name="script"/> runs once per accepted WebSocket.</summary>
    public static async Task<LoopbackWebSocketServer> StartAsync(
        Func<WebSocket, CancellationToken, Task> script,
        CancellationToken ct = default)
    {
        var http = await LoopbackHttpServer.StartAsync(
            builder =>
            {
                var app = builder.Build();
                app.UseWebSockets();
                app.Run(async context =>
                {
                    if (!context.WebSockets.IsWebSocketRequest)
                    {
                        context.Response.StatusCode = StatusCodes.Status400BadRequest;
                        return;
                    }

                    using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                    await script(socket, context.RequestAborted).ConfigureAwait(false);
                });
                return app;
            },
            ct).ConfigureAwait(false);
        return new LoopbackWebSocketServer(http);
    }

    /// <summary>Sends one text message.</summary>
    public static Task SendTextAsync(WebSocket socket, string text, CancellationToken ct)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>
    /// Sends a Close frame with <paramref name="status"/> and waits (at most <paramref name="timeout"/>) for the
    /// client's Close frame. Clean = the client answered with its own Close frame; otherwise the client aborted
    /// the connection or never answered.
    /// </summary>
    public static async Task<CloseObservation> CloseAndObserveAsync(
        WebSocket socket,
        WebSocketCloseStatus status,
        TimeSpan timeout,
        CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await socket.CloseAsync(status, "server done", cts.Token).ConfigureAwait(false);
            var clean = socket.State == WebSocketState.Closed && socket.CloseStatus is not null;
            return new CloseObservation(
                clean,
                socket.CloseStatus,
                socket.State,
                clean ? $"client answered Close ({socket.CloseStatus})" : $"close completed in state {socket.State}");
        }
        catch (OperationCanceledException)
        {
            return new CloseObservation(false, null, socket.State, "no Close frame from the client (timed out)");
        }
        catch (WebSocketException ex)
        {
            return new CloseObservation(false, null, socket.State, $"client aborted ({ex.WebSocketErrorCode})");
        }
    }

    public ValueTask DisposeAsync() => http.DisposeAsync();
}
