using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH101.Bad;

public static class StatusClient
{
    public static async Task<string> GetStatusAsync(Uri uri)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(uri);
    }
}
