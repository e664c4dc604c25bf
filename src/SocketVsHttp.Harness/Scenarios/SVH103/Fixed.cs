using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH103.Fixed;

public static class CatalogClient
{
    public static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public static Task<string> GetItemAsync(Uri uri) => Client.GetStringAsync(uri);
}
