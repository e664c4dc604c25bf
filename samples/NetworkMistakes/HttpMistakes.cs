using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace NetworkMistakes;

/// <summary>HTTP short connections done wrong.</summary>
public static class HttpMistakes
{
    // SVH101: a new HttpClient per call. Each one opens its own connections, and every disposed one leaves
    // sockets in TIME_WAIT: under load the machine runs out of ports. Share one long-lived client instead.
    public static async Task<string> GetForecastAsync(Uri forecastService, string city)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri(forecastService, "forecast?city=" + Uri.EscapeDataString(city)));
    }

    // SVH101: the same mistake inside a loop: one client, and so one new connection, per item.
    public static async Task<List<int>> CheckAllAsync(IEnumerable<Uri> endpoints)
    {
        var statusCodes = new List<int>();
        foreach (var endpoint in endpoints)
        {
            using (var client = new HttpClient())
            {
                using var response = await client.GetAsync(endpoint);
                statusCodes.Add((int)response.StatusCode);
            }
        }

        return statusCodes;
    }

    // SVH102 (and SVH101 for the client around it): a new handler per call. The handler owns the connection pool,
    // so a handler per call means a pool per call: no connection is ever reused.
    public static async Task<int> PingAsync(Uri endpoint)
    {
        using var client = new HttpClient(new HttpClientHandler());
        using var response = await client.GetAsync(endpoint);
        return (int)response.StatusCode;
    }

    // SVH104: a headers-read response holds its connection until it is disposed. When EnsureSuccessStatusCode throws
    // (or the copy fails), nothing disposes it, and the connection stays checked out of the pool.
    public static async Task DownloadAsync(HttpClient client, Uri file, Stream destination)
    {
        var response = await client.GetAsync(file, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await response.Content.CopyToAsync(destination);
    }

    // SVH105: .Result blocks the calling thread until the response arrives. Under load, every blocked thread-pool
    // thread is one fewer to complete the I/O: the pool starves and requests queue up (or deadlock on a UI thread).
    public static bool IsHealthy(HttpClient client, Uri healthEndpoint)
    {
        using var response = client.GetAsync(healthEndpoint).Result;
        return response.IsSuccessStatusCode;
    }

    // SVH106: a validation callback that always returns true accepts any certificate, so anyone on the path can
    // read and change the traffic. "Only for the test server" callbacks end up in production.
    public static HttpClientHandler CreateHandlerForSelfSignedServer()
    {
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true,
        };
    }

    // SVH109: the caller's token is in scope but not passed on: when the caller gives up (request aborted, shutdown),
    // this call keeps waiting for the server until the client's timeout, or forever with an infinite one.
    public static async Task<string> GetProfileAsync(HttpClient client, Uri profile, CancellationToken cancellationToken)
    {
        return await client.GetStringAsync(profile);
    }

    // SVH112: on .NET Core and .NET 5+ HttpClient never reads ServicePointManager: this limit changes nothing for the
    // clients above (it belongs on their SocketsHttpHandler, as MaxConnectionsPerServer).
    public static void LimitConnections()
    {
#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete: showing it is the point of this method.
        ServicePointManager.DefaultConnectionLimit = 4;
#pragma warning restore SYSLIB0014
    }

    // SVH110: WebClient opens and blocks per request and is obsolete; HttpClient replaces it.
    public static async Task<int> CountChangelogLinesAsync(Uri changelog)
    {
#pragma warning disable SYSLIB0014 // WebClient is obsolete: showing it is the point of this method.
        using var client = new WebClient();
#pragma warning restore SYSLIB0014
        var text = await client.DownloadStringTaskAsync(changelog);
        return text.Split('\n').Length;
    }
}

// SVH103: a static client lives as long as the process, but with the default handler its pooled connections are
// never renewed, so it never notices a DNS change (a fail-over, a blue/green switch) and keeps calling the old address.
public static class CatalogApi
{
    private static readonly HttpClient Client = new HttpClient { BaseAddress = new Uri("https://catalog.example.com/") };

    public static Task<string> GetProductAsync(int productId) => Client.GetStringAsync("products/" + productId);
}

// SVH107: one client serves every caller. Setting a header on it per request is a race (two callers overwrite each
// other's token) and throws once a request was already sent with the old headers.
public sealed class OrdersApi
{
    private readonly HttpClient client;

    public OrdersApi(HttpClient client) => this.client = client;

    public async Task<string> GetOrderAsync(string orderId, string accessToken)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.GetAsync("orders/" + Uri.EscapeDataString(orderId));
        return await response.Content.ReadAsStringAsync();
    }
}

// SVH108: the factory rotates its handlers (and so follows DNS changes) only for clients it hands out again. A
// factory-made client kept in a static is used for the life of the process, and its handler is never renewed.
public static class GitHubApi
{
    private static HttpClient? client;

    public static Task<string> GetUserAsync(IHttpClientFactory factory, string login)
    {
        client ??= factory.CreateClient("github");
        return client.GetStringAsync("users/" + Uri.EscapeDataString(login));
    }
}
