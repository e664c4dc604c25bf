using System;
using System.Net;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH110.Bad;

public static class StatusClient
{
    public static async Task<string> GetStatusAsync(Uri uri)
    {
#pragma warning disable SYSLIB0014 // WebClient is obsolete: this is the legacy code the rule reports.
        using var client = new WebClient();
#pragma warning restore SYSLIB0014
        return await client.DownloadStringTaskAsync(uri);
    }
}
