using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH105.Bad;

public static class PageClient
{
#pragma warning disable CS1998 // CS1998 is expected in Bad.cs: the method blocks on .Result instead of awaiting (SVH105).
    public static async Task<int> GetLengthAsync(HttpClient client, Uri uri)
    {
        var text = client.GetStringAsync(uri).Result;
        return text.Length;
    }
#pragma warning restore CS1998
}
