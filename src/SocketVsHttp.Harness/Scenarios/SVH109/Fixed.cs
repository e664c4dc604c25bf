using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH109.Fixed;

public sealed class PriceClient : IDisposable
{
    private readonly HttpClient client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<string> GetPriceAsync(Uri uri, CancellationToken cancellationToken)
    {
        return await client.GetStringAsync(uri, cancellationToken);
    }

    public void Dispose() => client.Dispose();
}
