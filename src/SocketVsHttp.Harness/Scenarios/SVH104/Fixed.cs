using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH104.Fixed;

public static class StatusProbe
{
    public static async Task<int> GetStatusCodeAsync(HttpClient client, Uri uri)
    {
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        return (int)response.StatusCode;
    }
}
