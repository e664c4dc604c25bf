using System;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH112.Bad;

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
#pragma warning disable SYSLIB0014 // ServicePointManager is obsolete
        ServicePointManager.DefaultConnectionLimit = 2;
        ServicePointManager.ServerCertificateValidationCallback = (_, certificate, _, errors) => ReportCertificate.IsTrusted(certificate, errors);
#pragma warning restore SYSLIB0014
        client = new HttpClient();
    }

    public Task<string> GetReportAsync(Uri uri) => client.GetStringAsync(uri);

    public void Dispose() => client.Dispose();
}
