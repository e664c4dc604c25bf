using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>Certificates made in memory for loopback TLS servers. Nothing is written to a certificate store.</summary>
public static class TestCertificates
{
    /// <summary>
    /// A self-signed server certificate for <paramref name="subjectName"/> (e.g. "CN=not-the-host"), valid for a day:
    /// no default validation accepts it (untrusted root, and the name does not match 127.0.0.1).
    /// </summary>
    public static X509Certificate2 SelfSigned(string subjectName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // Round-trip through PKCS#12 so the private key is usable by SslStream on every OS.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
