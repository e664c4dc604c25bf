using System;
using System.Net;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH110.Fixed;

public static class StatusClient
{
    private static readonly System.Net.Http.HttpClient SharedHttpClient = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public static async Task<string> GetStatusAsync(Uri uri)
    {
#pragma warning disable SYSLIB0014 // WebClient is obsolete: this is the legacy code the rule reports.
#pragma warning restore SYSLIB0014
        return await SharedHttpClient.GetStringAsync(uri);
    }
}
