using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace NetworkMistakes;

/// <summary>HTTP short connections done wrong.</summary>
public static class HttpMistakes
{
    // SVH101: a new HttpClient per call. Each one opens its own connections, and every disposed one leaves
    // sockets in TIME_WAIT: under load the machine runs out of ports. Share one long-lived client instead.
    public static async Task<string> GetForecastAsync(Uri forecastService, string city)
    {
        using var client = new HttpClient();
        return await client.GetStringAsync(new Uri(forecastService, "forecast?city=" + Uri.EscapeDataString(city)));
    }

    // SVH101: the same mistake inside a loop: one client, and so one new connection, per item.
    public static async Task<List<int>> CheckAllAsync(IEnumerable<Uri> endpoints)
    {
        var statusCodes = new List<int>();
        foreach (var endpoint in endpoints)
        {
            using (var client = new HttpClient())
            {
                using var response = await client.GetAsync(endpoint);
                statusCodes.Add((int)response.StatusCode);
            }
        }

        return statusCodes;
    }

    // SVH102 (and SVH101 for the client around it): a new handler per call. The handler owns the connection pool,
    // so a handler per call means a pool per call: no connection is ever reused.
    public static async Task<int> PingAsync(Uri endpoint)
    {
        using var client = new HttpClient(new HttpClientHandler());
        using var response = await client.GetAsync(endpoint);
        return (int)response.StatusCode;
    }
}
