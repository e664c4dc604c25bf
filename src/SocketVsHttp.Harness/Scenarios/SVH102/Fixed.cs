using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH102.Fixed;

public static class RedirectResolver
{
    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

    public static async Task<Uri?> GetLocationAsync(Uri uri)
    {
        var client = SharedHttpClient;
        using var response = await client.GetAsync(uri);
        return response.Headers.Location;
    }
}
