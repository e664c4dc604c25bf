using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH107.Bad;

public sealed class TenantApi
{
    private readonly HttpClient client;

    public TenantApi(HttpClient client)
    {
        this.client = client;
    }

    public async Task<string> GetForTenantAsync(string url, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.GetAsync(url);
        return await response.Content.ReadAsStringAsync();
    }
}
