using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH102.Bad;

public static class RedirectResolver
{
    public static async Task<Uri?> GetLocationAsync(Uri uri)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var response = await client.GetAsync(uri);
        return response.Headers.Location;
    }
}
