using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH107.Fixed;

public sealed class TenantApi
{
    private readonly HttpClient client;

    public TenantApi(HttpClient client)
    {
        this.client = client;
    }

    public async Task<string> GetForTenantAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
