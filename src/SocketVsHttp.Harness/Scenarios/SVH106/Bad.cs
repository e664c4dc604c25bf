using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH106.Bad;

public sealed class ReportClient : IDisposable
{
    private readonly HttpClient client;

    public ReportClient()
    {
        var handler = new HttpClientHandler();
        // The test server has a self-signed certificate.
        handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
        client = new HttpClient(handler);
    }

    public Task<string> GetReportAsync(Uri uri) => client.GetStringAsync(uri);

    public void Dispose() => client.Dispose();
}
