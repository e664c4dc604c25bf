using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH112.Fixed;

/// <summary>The report server's certificate is its own (self-signed): this check trusts that subject, and counts its calls.</summary>
public static class ReportCertificate
{
    public const string Subject = "CN=reports.internal";

    private static int checks;

    public static int Checks => Volatile.Read(ref checks);

    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors)
    {
        Interlocked.Increment(ref checks);
        return errors == SslPolicyErrors.None || certificate?.Subject == Subject;
    }
}

public sealed class ReportClient : IDisposable
{
    private readonly HttpClient client;

    public ReportClient()
    {
        // At most two connections to the report server, and trust its own certificate.
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2, SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => ReportCertificate.IsTrusted(certificate, errors) } });
    }

    public Task<string> GetReportAsync(Uri uri) => client.GetStringAsync(uri);

    public void Dispose() => client.Dispose();
}
