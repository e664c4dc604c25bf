namespace SocketVsHttp;

public static partial class Descriptors
{
    /// <summary>
    /// The tag every SocketVsHttp descriptor carries, so hosts and tools can select the package's rules as a group
    /// (the categories are the generic ones shared with the SDK's rules, so they cannot).
    /// </summary>
    public const string PackageTag = "SocketVsHttp";

    // A property, not a field: the descriptors in the other part of this class are initialized first, and would see
    // a field of this part still null.
    private static string[] CustomTags => new[] { PackageTag };

    /// <summary>
    /// The full description of each rule (SARIF's fullDescription, the IDE's rule details): what the rule flags and why
    /// it matters, in one or two sentences. The message says what was seen; the doc page says the rest.
    /// </summary>
    private static string Description(string id) => id switch
    {
        "SVH101" => "An HttpClient created per call, per loop iteration or per request-scoped object opens its own connections: every request pays a TCP (and TLS) handshake and leaves a socket in TIME_WAIT, until the machine runs out of ports. Share one long-lived client (static, singleton, or IHttpClientFactory).",
        "SVH102" => "Every HttpClientHandler or SocketsHttpHandler owns a connection pool; one created per operation throws the pool away after one request. Build the handler once and share the client built on it.",
        "SVH103" => "A static or singleton HttpClient on the default handler keeps its pooled connections forever, so it never resolves the host name again and never follows a DNS change. Build it on SocketsHttpHandler with a PooledConnectionLifetime.",
        "SVH104" => "A response requested with ResponseHeadersRead, or whose content is read as a stream, holds its pooled connection until it is disposed. Undisposed, the pool runs dry and later requests wait for a connection.",
        "SVH105" => "Blocking on an HttpClient task with .Result, .Wait() or GetAwaiter().GetResult() holds a thread for the whole network call; under load the thread pool starves and can deadlock under a synchronization context. Await the task.",
        "SVH106" => "A certificate validation callback that always returns true, or DangerousAcceptAnyServerCertificateValidator, accepts any certificate, so any machine on the network path can impersonate the server. Keep the default validation, or check the chain or a pinned certificate.",
        "SVH107" => "HttpClient's BaseAddress, Timeout, MaxResponseContentBufferSize and DefaultRequestHeaders are not thread-safe and may not change once a request was sent. Changing them per request on a shared client races with other requests or throws; put per-request values on an HttpRequestMessage.",
        "SVH108" => "A client from IHttpClientFactory stored in a static field keeps its handler for the process lifetime, so the factory can never rotate it and it never sees DNS changes. Ask the factory for a client where it is used.",
        "SVH109" => "An HttpClient whose Timeout is infinite, or a call that drops the cancellation token in scope, can wait forever on a peer that never answers. Keep a finite timeout and pass the token.",
        "SVH110" => "WebClient and WebRequest are legacy APIs: on .NET they build a new HttpClient per request and block the calling thread. Use a shared HttpClient.",
        "SVH111" => "A GrpcChannel owns an HTTP/2 connection (and its TLS session) to its address and multiplexes every call over it. A channel created per call, per loop iteration or per request-scoped object pays a new connection each time and throws it away. Create one channel per address and share it (static, singleton, or the gRPC client factory).",
        "SVH112" => "On .NET Core and .NET 5+, HttpClient (SocketsHttpHandler) never reads ServicePointManager: its connection limit, certificate callback, Expect: 100-continue, Nagle and DNS/idle timeouts change nothing for HttpClient requests (only the legacy HttpWebRequest reads some of them). Set the matching SocketsHttpHandler property on the handler that builds the client.",
        "SVH201" => "Read and Receive return 0, and ReadLine returns null, when the peer has closed the connection. A receive loop that never tests for it spins forever, processes empty data or throws NullReferenceException after the peer is gone; leave the loop on 0 or null.",
        "SVH202" => "Read and Receive may return fewer bytes than the buffer holds. Code that discards the count assumes a full buffer and parses stale or partial data; use ReadExactly or loop until the expected bytes arrived.",
        "SVH203" => "A long-lived receive or send loop with no catch for connection errors ends with an unobserved exception when the connection drops, and the owner never learns of it; run inline by a server's accept loop, it ends the server for every client. Catch the connection errors, close the connection and report or reconnect.",
        "SVH204" => "Socket.Connected and TcpClient.Connected report the state as of the last I/O operation; they do not tell whether the peer is still there. Detect the close by a 0-byte read or a failed send, and a dead peer by keep-alive or a timeout.",
        "SVH205" => "A long-lived TCP read with no keep-alive, receive timeout or timed cancellation waits forever when the peer vanishes without closing (a half-open connection). Turn on TCP keep-alive or bound the read.",
        "SVH206" => "Opening a TCP connection to send one message pays a handshake per message and leaves a socket in TIME_WAIT each time; at a high message rate the machine runs out of ports. Keep one connection, or a pool.",
        "SVH207" => "On a non-blocking socket or one with a send timeout, Send may send fewer bytes than asked. Discarding its count loses the rest of the message; loop until every byte is sent.",
        "SVH208" => "A socket closed only on the success path leaks its handle when connecting or sending throws. Dispose it with 'using' or in a finally block.",
        "SVH209" => "Redis ConnectionMultiplexer, a RabbitMQ connection, CosmosClient, ServiceBusClient and NpgsqlDataSource each own a long-lived connection (or a pool of them) with background timers or threads, and their vendors say to create one and share it. One created per call, per loop iteration or per request-scoped object connects again every time and leaves its connections and threads behind. Keep one instance (static, singleton, or a DI registration).",
        "SVH210" => "A connection that no path closes keeps its socket handle, and on the server side the peer's connection sits in CLOSE_WAIT, until the finalizer runs: an accepted client handed to a handler that never closes it, a connection held in a field of a type that is never disposed, or a failed connect whose catch moves on. Close it where its owner ends.",
        "SVH301" => "A WebSocket receive loop that never checks for a Close message, or answers it but never leaves, does not stop after the close: it throws or spins. Answer the Close and leave the loop.",
        "SVH302" => "A WebSocket message may arrive in several frames. Handling each received buffer without checking EndOfMessage processes fragmented messages in broken pieces; accumulate until EndOfMessage.",
        _ => string.Empty,
    };
}
