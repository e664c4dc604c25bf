using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>
/// Kestrel on 127.0.0.1 with an OS-assigned port. Counts the TCP connections it accepts.
/// No configuration files, no logging providers, no file watchers.
/// </summary>
public sealed partial class LoopbackHttpServer : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication app;
    private int accepted;

    private LoopbackHttpServer(Func<WebApplicationBuilder, WebApplication> build, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0, listenOptions =>
            {
                listenOptions.Protocols = protocols;
                listenOptions.Use(next => async connection =>
                {
                    Interlocked.Increment(ref accepted);
                    await next(connection).ConfigureAwait(false);
                });
            });
        });
        app = build(builder);
    }

    /// <summary>TCP connections accepted so far.</summary>
    public int AcceptedConnections => Volatile.Read(ref accepted);

    /// <summary>The port the OS assigned.</summary>
    public int Port { get; private set; }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts a server that answers every request with <paramref name="handler"/>.</summary>
    public static Task<LoopbackHttpServer> StartAsync(RequestDelegate handler, CancellationToken ct = default)
        => StartAsync(
            builder =>
            {
                var app = builder.Build();
                app.Run(handler);
                return app;
            },
            ct);

    /// <summary>Starts a server whose pipeline the caller builds (middleware, WebSockets...).</summary>
    public static Task<LoopbackHttpServer> StartAsync(Func<WebApplicationBuilder, WebApplication> build, CancellationToken ct = default)
        => StartAsync(build, HttpProtocols.Http1AndHttp2, ct);

    /// <summary>
    /// Starts a server that speaks only <paramref name="protocols"/>: <see cref="HttpProtocols.Http2"/> for cleartext
    /// HTTP/2 with prior knowledge (gRPC over http://), which an Http1AndHttp2 endpoint without TLS does not offer.
    /// </summary>
    public static async Task<LoopbackHttpServer> StartAsync(Func<WebApplicationBuilder, WebApplication> build, HttpProtocols protocols, CancellationToken ct = default)
    {
        var server = new LoopbackHttpServer(build, protocols);
        await server.app.StartAsync(ct).ConfigureAwait(false);
        var address = server.app.Urls.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(StopTimeout))
        {
            try
            {
                await app.StopAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stop is bounded; the dispose below tears down what is left.
            }
        }

        await app.DisposeAsync().ConfigureAwait(false);
    }
}
