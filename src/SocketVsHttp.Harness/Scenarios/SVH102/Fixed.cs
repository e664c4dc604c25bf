using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH102.Fixed;

public static class RedirectResolver
{
    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public static async Task<Uri?> GetLocationAsync(Uri uri)
    {
        using var response = await SharedHttpClient.GetAsync(uri);
        return response.Headers.Location;
    }
}
