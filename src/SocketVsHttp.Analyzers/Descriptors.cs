using Microsoft.CodeAnalysis;

namespace SocketVsHttp;

/// <summary>Every diagnostic SocketVsHttp reports: IDs, titles, messages, severities and help links live here only.</summary>
public static partial class Descriptors
{
    public const string HelpLinkBase = "https://github.com/socketvshttp/socketvshttp/blob/main/docs/rules/";

    private const string Reliability = "Reliability";
    private const string Performance = "Performance";
    private const string Security = "Security";

    // HTTP: short connections done wrong (SVH1xx)

    public static readonly DiagnosticDescriptor SVH101 = Create(
        "SVH101", "HttpClient is created per operation",
        "A new HttpClient is created {0}: each one opens its own connections and leaves sockets in TIME_WAIT; share one long-lived client",
        Performance, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH102 = Create(
        "SVH102", "HttpMessageHandler is created per operation",
        "A new {0} is created per operation and handed to an HttpClient: each handler owns its own connection pool; build the handler once",
        Performance, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH103 = Create(
        "SVH103", "Long-lived HttpClient never refreshes DNS",
        "Long-lived HttpClient '{0}' keeps its pooled connections forever and never sees DNS changes; build it on SocketsHttpHandler with PooledConnectionLifetime",
        Reliability, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SVH104 = Create(
        "SVH104", "HttpResponseMessage is not disposed",
        "The response from '{0}' is not disposed on every path: its connection stays checked out of the pool until the garbage collector runs",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH105 = Create(
        "SVH105", "Blocking wait on an HttpClient call",
        "'{0}' blocks a thread until '{1}' completes: await it instead",
        Performance, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH106 = Create(
        "SVH106", "Server certificate validation is disabled",
        "{0} accepts every server certificate: any machine on the path can impersonate the server",
        Security, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH107 = Create(
        "SVH107", "Shared HttpClient is changed per request",
        "'{0}' changes the shared HttpClient {1} outside its construction: not thread-safe, and throws once a request was sent; set it on an HttpRequestMessage",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH108 = Create(
        "SVH108", "Factory-made HttpClient is captured for the process lifetime",
        "The HttpClient from IHttpClientFactory is stored in static '{0}': its handler is never rotated and never sees DNS changes",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH109 = Create(
        "SVH109", "HTTP call can wait forever",
        "{0} {1}: {2}",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH110 = Create(
        "SVH110", "Legacy WebClient / WebRequest in new code",
        "'{0}' {1}: use a shared HttpClient",
        Performance, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SVH111 = Create(
        "SVH111", "GrpcChannel is created per operation",
        "A new GrpcChannel is created {0}: each channel opens its own HTTP/2 connection (and TLS handshake) and drops it with the channel; share one channel per address",
        Performance, DiagnosticSeverity.Warning);
    /// <summary>Reported at compilation end: whether the compilation uses HttpClient is known only then.</summary>
    public static readonly DiagnosticDescriptor SVH112 = Create(
        "SVH112", "ServicePointManager setting has no effect on HttpClient",
        "ServicePointManager.{0} has no effect on HttpClient on .NET Core and .NET 5+: {1}",
        Reliability, DiagnosticSeverity.Info, WellKnownDiagnosticTags.CompilationEnd);

    // Sockets: long connections done wrong (SVH2xx)

    public static readonly DiagnosticDescriptor SVH201 = Create(
        "SVH201", "Receive loop ignores the peer's close",
        "The {0} returned by '{1}' {2}: {3}",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH202 = Create(
        "SVH202", "Received byte count is discarded",
        "The count returned by '{0}' is {1}: a read may return fewer bytes than the buffer holds",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH203 = Create(
        "SVH203", "Long-lived connection has no disconnect handling",
        "This {0} loop ({1}) {2} with no catch for connection errors: {3}",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH204 = Create(
        "SVH204", "Socket.Connected is used as a liveness check",
        "'{0}' only reports the state as of the last I/O: it does not tell whether the peer is still there",
        Reliability, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SVH205 = Create(
        "SVH205", "Long-lived TCP connection has no keep-alive or timeout",
        "'{0}' is read in a long-lived loop with no keep-alive, receive timeout or idle timeout: a half-open connection hangs it forever",
        Reliability, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SVH206 = Create(
        "SVH206", "A TCP connection is opened per message",
        "A new {0} is connected to send one message: every message pays a handshake and leaves a socket in TIME_WAIT; keep one connection",
        Performance, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH207 = Create(
        "SVH207", "Socket.Send result ignored on a non-blocking socket",
        "The count returned by '{0}' is discarded on a socket that may send fewer bytes than asked: loop until all are sent",
        Reliability, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor SVH208 = Create(
        "SVH208", "Socket is not closed when connecting or talking fails",
        "'{0}' is closed only on the success path: a failed connect or send leaks the handle; use 'using'",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH209 = Create(
        "SVH209", "Client that owns a long-lived connection is created per operation",
        "A new {0} is created {1}: it owns {2}, opened again and thrown away every time; create one and share it",
        Performance, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH210 = Create(
        "SVH210", "Connection is never closed",
        "{0}: the socket handle stays open until the finalizer runs",
        Reliability, DiagnosticSeverity.Warning);

    // WebSockets: long connections (SVH3xx)

    public static readonly DiagnosticDescriptor SVH301 = Create(
        "SVH301", "WebSocket receive loop ignores Close",
        "This loop over '{0}' {1}: after the peer closes it {2}",
        Reliability, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SVH302 = Create(
        "SVH302", "WebSocket message handled per frame",
        "The received buffer is handled without checking EndOfMessage: a fragmented message is processed in broken pieces",
        Reliability, DiagnosticSeverity.Info);

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: Description(id), helpLinkUri: HelpLink(id), customTags: CustomTags);

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string extraTag) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description: Description(id), helpLinkUri: HelpLink(id), customTags: new[] { PackageTag, extraTag });
}
