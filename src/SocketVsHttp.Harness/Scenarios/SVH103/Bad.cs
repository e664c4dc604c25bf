using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH103.Bad;

public static class CatalogClient
{
    public static readonly HttpClient Client = new HttpClient();

    public static Task<string> GetItemAsync(Uri uri) => Client.GetStringAsync(uri);
}
