using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH108.Fixed;

public sealed class CatalogClient
{
    private readonly HttpClient client;

    public CatalogClient(IHttpClientFactory factory)
    {
        client = factory.CreateClient("catalog");
    }

    public Task<string> GetItemAsync(Uri uri) => client.GetStringAsync(uri);
}
