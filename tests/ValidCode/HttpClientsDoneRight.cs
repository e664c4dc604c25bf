using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace ValidCode.Http;

/// <summary>One static client per process, rotating its connections so DNS changes are seen.</summary>
public static class SharedClient
{
    private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await Client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Per-request headers go on the request, not on the shared client.</summary>
    public static async Task<int> PostWithTokenAsync(Uri uri, string token, string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(body),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    public static async Task CopyToAsync(Uri uri, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await Client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    public static async Task<HttpResponseMessage> ForwardAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public static async Task<string[]> GetManyAsync(Uri first, Uri second, CancellationToken cancellationToken)
    {
        var a = Client.GetStringAsync(first, cancellationToken);
        var b = Client.GetStringAsync(second, cancellationToken);
        await Task.WhenAll(a, b);
        return new[] { a.Result, b.Result };
    }
}

/// <summary>A lazily built static client.</summary>
public static class LazyClient
{
    private static readonly Lazy<HttpClient> Client = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }));
    private static HttpClient? fallback;

    public static Task<string> GetAsync(Uri uri, CancellationToken cancellationToken) => Client.Value.GetStringAsync(uri, cancellationToken);

    public static Task<string> GetFallbackAsync(Uri uri, CancellationToken cancellationToken)
    {
        fallback ??= new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        return fallback.GetStringAsync(uri, cancellationToken);
    }
}

/// <summary>A typed client: the factory owns the handler; the client is configured once in the constructor.</summary>
public sealed class GitHubClient
{
    private readonly HttpClient _client;

    public GitHubClient(HttpClient client)
    {
        _client = client;
        _client.BaseAddress = new Uri("https://api.github.com/");
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("valid-code/1.0");
    }

    public async Task<string> GetUserAsync(string name, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync("users/" + name, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

/// <summary>Named clients from IHttpClientFactory, registered with their configuration.</summary>
public sealed class FactoryUser
{
    private readonly IHttpClientFactory _factory;

    public FactoryUser(IHttpClientFactory factory) => _factory = factory;

    public static void Register(IServiceCollection services)
    {
        services.AddHttpClient("weather", c => c.BaseAddress = new Uri("https://weather.example/"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
    }

    public async Task<string> GetAsync(string path, CancellationToken cancellationToken)
    {
        var client = _factory.CreateClient("weather");
        using var response = await client.GetAsync(path, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }
}

/// <summary>A long-lived owner: the client lives as long as the service and is disposed with it.</summary>
public sealed class WeatherService : IDisposable
{
    private readonly HttpClient _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public Task<string> GetAsync(Uri uri, CancellationToken cancellationToken) => _client.GetStringAsync(uri, cancellationToken);

    public void Dispose() => _client.Dispose();
}

/// <summary>A controller that uses the factory (the framework creates it per request).</summary>
public sealed class ForecastController : ControllerBase
{
    private readonly IHttpClientFactory _factory;

    public ForecastController(IHttpClientFactory factory) => _factory = factory;

    public async Task<string> Get(CancellationToken cancellationToken)
    {
        var client = _factory.CreateClient("weather");
        return await client.GetStringAsync("forecast", cancellationToken);
    }
}

/// <summary>Certificate validation that actually validates: pinning on top of the default checks.</summary>
public static class PinnedTls
{
    private const string Thumbprint = "0123456789ABCDEF0123456789ABCDEF01234567";

    public static HttpClient Create() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None &&
                certificate?.GetCertHashString() == Thumbprint,
        },
    });
}

/// <summary>A one-shot tool: one client for the life of the program.</summary>
public static class Tool
{
    public static async Task<int> Main(string[] args)
    {
        using var client = new HttpClient();
        foreach (var url in args)
        {
            Console.WriteLine(await client.GetStringAsync(url));
        }

        return 0;
    }

    public static List<Uri> Parse(IEnumerable<string> urls)
    {
        var list = new List<Uri>();
        foreach (var url in urls)
        {
            list.Add(new Uri(url));
        }

        return list;
    }
}
