using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH101.Fixed;

public static class StatusClient
{
    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public static async Task<string> GetStatusAsync(Uri uri)
    {
        return await SharedHttpClient.GetStringAsync(uri);
    }
}
