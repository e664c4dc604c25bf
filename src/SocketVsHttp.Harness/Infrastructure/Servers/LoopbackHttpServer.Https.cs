using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>The same loopback Kestrel, serving HTTPS with a certificate the scenario provides.</summary>
public sealed partial class LoopbackHttpServer
{
    private LoopbackHttpServer(X509Certificate2 certificate, RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0, listenOptions =>
            {
                // Counts TCP connections, before the TLS handshake (a client that refuses the certificate still connects).
                listenOptions.Use(next => async connection =>
                {
                    Interlocked.Increment(ref accepted);
                    await next(connection).ConfigureAwait(false);
                });
                listenOptions.UseHttps(certificate);
            });
        });
        app = builder.Build();
        app.Run(handler);
    }

    /// <summary>https://127.0.0.1:port/ (for a server started with <see cref="StartHttpsAsync"/>).</summary>
    public Uri HttpsBaseUri => new($"https://127.0.0.1:{Port}/");

    /// <summary>Starts an HTTPS server with <paramref name="certificate"/> that answers every request with <paramref name="handler"/>.</summary>
    public static async Task<LoopbackHttpServer> StartHttpsAsync(X509Certificate2 certificate, RequestDelegate handler, CancellationToken ct = default)
    {
        var server = new LoopbackHttpServer(certificate, handler);
        await server.app.StartAsync(ct).ConfigureAwait(false);
        server.Port = new Uri(server.app.Urls.First()).Port;
        return server;
    }
}
