using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH108.Bad;

public sealed class CatalogClient
{
    private static HttpClient? client;

    public CatalogClient(IHttpClientFactory factory)
    {
        client ??= factory.CreateClient("catalog");
    }

    public Task<string> GetItemAsync(Uri uri) => client!.GetStringAsync(uri);
}
