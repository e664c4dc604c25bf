namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>(c) The catalog's bad patterns (after the harness's Bad.cs scenarios and the analyzer tests' positives), one or more per rule.</summary>
public static class BadTemplates
{
    public static readonly Func<TemplateContext, string>[] All =
    [
        ClientPerCall, HandlerPerCall, StaticDefaultClient, UndisposedStreamedResponse, BlockingWait, AcceptAnyCertificate,
        SharedClientMutated, FactoryClientInStatic, TokenNotPassed, LegacyWebClient, ReceiveIgnoresZero, CountDiscarded,
        BackgroundLoopWithoutCatch, ConnectedAsLiveness, NoKeepAlive, ConnectionPerMessage, NonBlockingSendIgnored,
        SocketLeakedOnFailure, WebSocketIgnoresClose, WebSocketPerFrame, ControllerOwnsClient,
    ];

    // SVH101
    private static string ClientPerCall(TemplateContext c) => $$"""
        public static class {{c.Name("StatusClient")}}
        {
        {{c.Repeat(1, 3, i => $$"""
            public static async Task<string> GetStatus{{i}}Async(Uri uri)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync(uri);
            }

            public static async Task<int> Count{{i}}Async(IEnumerable<string> urls)
            {
                var total = 0;
                foreach (var url in urls)
                {
                    var client = new HttpClient { Timeout = TimeSpan.FromSeconds({{c.Int(5, 30)}}) };
                    total += (await client.GetStringAsync(url)).Length;
                    client.Dispose();
                }

                return total;
            }

        """)}}
        }

        """;

    // SVH102
    private static string HandlerPerCall(TemplateContext c) => $$"""
        public sealed class {{c.Name("Downloader")}}
        {
            public async Task<string> GetAsync(Uri uri, ICredentials credentials)
            {
                var handler = new HttpClientHandler { Credentials = credentials, AllowAutoRedirect = {{(c.Int(0, 2) == 0 ? "true" : "false")}} };
                using var client = new HttpClient(handler);
                return await client.GetStringAsync(uri);
            }

            public async Task<byte[]> PooledAsync(Uri uri)
            {
                using var client = new HttpClient(new SocketsHttpHandler(), disposeHandler: true);
                return await client.GetByteArrayAsync(uri);
            }
        }

        """;

    // SVH103
    private static string StaticDefaultClient(TemplateContext c) => $$"""
        public static class {{c.Name("Registry")}}
        {
            private static readonly HttpClient Client = new HttpClient();
            private static readonly HttpClient Legacy = new HttpClient(new HttpClientHandler { UseCookies = false });

            public static Task<string> LookupAsync(string name, CancellationToken ct) => Client.GetStringAsync("{{c.Host}}" + name, ct);

            public static Task<string> LegacyAsync(string name, CancellationToken ct) => Legacy.GetStringAsync("{{c.Host}}" + name, ct);
        }

        """;

    // SVH104
    private static string UndisposedStreamedResponse(TemplateContext c) => $$"""
        public sealed class {{c.Name("Mirror")}}
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<long> MeasureAsync(string url, CancellationToken ct)
            {
                var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
                var headers = response.Headers.Count();
                return headers + (response.Content.Headers.ContentLength ?? 0);
            }

            public async Task<int> FirstByteAsync(string url, CancellationToken ct)
            {
                var response = await Client.GetAsync(url, ct);
                var stream = await response.Content.ReadAsStreamAsync(ct);
                return stream.ReadByte();
            }
        }

        """;

    // SVH105
    private static string BlockingWait(TemplateContext c) => $$"""
        public sealed class {{c.Name("SyncFacade")}}
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public string Get(string url) => Client.GetStringAsync(url).Result;

            public byte[] GetBytes(string url) => Client.GetByteArrayAsync(url).GetAwaiter().GetResult();

            public async Task<int> MixedAsync(string url)
            {
                using var response = await Client.GetAsync(url);
                var text = response.Content.ReadAsStringAsync().Result;
                return text.Length + {{c.Int(0, 9)}};
            }
        }

        """;

    // SVH106
    private static string AcceptAnyCertificate(TemplateContext c) => $$"""
        public static class {{c.Name("Insecure")}}
        {
            public static HttpClient Create() => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true,
            });

            public static HttpClient CreateDangerous() => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });

            public static async Task<SslStream> WrapAsync(Stream inner, string host)
            {
                var tls = new SslStream(inner, false, (sender, certificate, chain, errors) => true);
                await tls.AuthenticateAsClientAsync(host);
                return tls;
            }
        }

        """;

    // SVH107
    private static string SharedClientMutated(TemplateContext c) => $$"""
        public sealed class {{c.Name("Proxy")}}
        {
            private static readonly HttpClient _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> CallAsync(string token, string path, CancellationToken ct)
            {
                _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                _client.DefaultRequestHeaders.Add("X-Request-{{c.Id}}", path);
                _client.Timeout = TimeSpan.FromSeconds({{c.Int(5, 60)}});
                return await _client.GetStringAsync(path, ct);
            }
        }

        """;

    // SVH108
    private static string FactoryClientInStatic(TemplateContext c) => $$"""
        public sealed class {{c.Name("Cache")}}
        {
            private static HttpClient? s_client;

            public {{c.Name("Cache")}}(IHttpClientFactory factory)
            {
                s_client = factory.CreateClient("{{c.Noun.ToLowerInvariant()}}");
            }

            public static Task<string> GetAsync(string url, CancellationToken ct) => s_client!.GetStringAsync(url, ct);
        }

        """;

    // SVH109
    private static string TokenNotPassed(TemplateContext c) => $$"""
        public sealed class {{c.Name("Poller")}}
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };

            public async Task<string> PollAsync(string url, CancellationToken ct)
            {
                using var response = await Client.GetAsync(url);
                var text = await response.Content.ReadAsStringAsync();
                return text + await Client.GetStringAsync(url + "/{{c.Id}}");
            }
        }

        """;

    // SVH110
    private static string LegacyWebClient(TemplateContext c) => $$"""
        public static class {{c.Name("Legacy")}}
        {
        #pragma warning disable SYSLIB0014 // obsolete on purpose: the corpus holds the legacy pattern
            public static string Download(string url)
            {
                using var client = new WebClient();
                return client.DownloadString(url);
            }

            public static WebResponse Open(string url) => WebRequest.Create(url).GetResponse();
        #pragma warning restore SYSLIB0014
        }

        """;

    // SVH201
    private static string ReceiveIgnoresZero(TemplateContext c) => $$"""
        public static class {{c.Name("MessageReader")}}
        {
            public static void ReadAll(NetworkStream stream, Action<byte[], int> onData)
            {
                var buffer = new byte[{{c.Int(256, 4096)}}];
                while (true)
                {
                    int n = stream.Read(buffer, 0, buffer.Length);
                    onData(buffer, n);
                }
            }

            public static async Task PumpAsync(Socket socket, Action<int> onData, CancellationToken ct)
            {
                var buffer = new byte[{{c.Int(256, 4096)}}];
                while (!ct.IsCancellationRequested)
                {
                    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                    onData(received);
                }
            }
        }

        """;

    // SVH202
    private static string CountDiscarded(TemplateContext c) => $$"""
        public static class {{c.Name("Header")}}
        {
            public static int ReadLength(NetworkStream stream)
            {
                var header = new byte[{{c.Int(4, 16)}}];
                stream.Read(header, 0, header.Length);
                return BitConverter.ToInt32(header, 0);
            }

            public static async Task<byte[]> ReadBodyAsync(Socket socket, int length)
            {
                var body = new byte[length];
                await socket.ReceiveAsync(body, SocketFlags.None);
                return body;
            }
        }

        """;

    // SVH203
    private static string BackgroundLoopWithoutCatch(TemplateContext c) => $$"""
        public sealed class {{c.Name("Listener")}}
        {
            private readonly TcpClient _client = new TcpClient();

            public void Start(Action<int> onData) => Task.Run(async () =>
            {
                var stream = _client.GetStream();
                var buffer = new byte[{{c.Int(256, 4096)}}];
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        break;
                    }

                    onData(n);
                }
            });
        }

        """;

    // SVH204
    private static string ConnectedAsLiveness(TemplateContext c) => $$"""
        public static class {{c.Name("Heartbeat")}}
        {
            public static void Run(TcpClient client, byte[] ping)
            {
                var stream = client.GetStream();
                while (client.Connected)
                {
                    stream.Write(ping, 0, ping.Length);
                    Thread.Sleep({{c.Int(100, 5000)}});
                }
            }

            public static bool IsAlive(Socket socket) => socket.Connected ? true : false;
        }

        """;

    // SVH205
    private static string NoKeepAlive(TemplateContext c) => $$"""
        public sealed class {{c.Name("Subscriber")}}
        {
            private readonly TcpClient _client = new TcpClient();

            public async Task ListenAsync(string host, Action<int> onData)
            {
                await _client.ConnectAsync(host, {{c.Port}});
                var stream = _client.GetStream();
                var buffer = new byte[{{c.Int(256, 4096)}}];
                try
                {
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            return;
                        }

                        onData(n);
                    }
                }
                catch (IOException)
                {
                }
            }
        }

        """;

    // SVH206
    private static string ConnectionPerMessage(TemplateContext c) => $$"""
        public static class {{c.Name("Notifier")}}
        {
            public static void SendAll(string host, IEnumerable<byte[]> messages)
            {
                foreach (var message in messages)
                {
                    using var client = new TcpClient();
                    client.Connect(host, {{c.Port}});
                    client.GetStream().Write(message, 0, message.Length);
                }
            }

            public static async Task SendAsync(string host, byte[] message)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, {{c.Port}});
                await client.GetStream().WriteAsync(message);
            }
        }

        """;

    // SVH207
    private static string NonBlockingSendIgnored(TemplateContext c) => $$"""
        public static class {{c.Name("Sender")}}
        {
            public static void Blast(Socket socket, byte[] payload)
            {
                socket.Blocking = false;
                socket.Send(payload);
            }

            public static void WithTimeout(Socket socket, byte[] payload)
            {
                socket.SendTimeout = {{c.Int(100, 5000)}};
                socket.Send(payload, SocketFlags.None);
            }
        }

        """;

    // SVH208
    private static string SocketLeakedOnFailure(TemplateContext c) => $$"""
        public static class {{c.Name("Probe")}}
        {
            public static void Ping(EndPoint endPoint, byte[] data)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Send(data);
                socket.Close();
            }

            public static int Ask(string host, byte[] question)
            {
                var client = new TcpClient(host, {{c.Port}});
                var stream = client.GetStream();
                stream.Write(question, 0, question.Length);
                var answer = stream.ReadByte();
                client.Close();
                return answer;
            }
        }

        """;

    // SVH301
    private static string WebSocketIgnoresClose(TemplateContext c) => $$"""
        public static class {{c.Name("FeedListener")}}
        {
            public static async Task ListenAsync(Uri uri, Action<string> onMessage, CancellationToken ct)
            {
                using var ws = new ClientWebSocket();
                await ws.ConnectAsync(uri, ct);
                var buffer = new byte[{{c.Int(1024, 8192)}}];
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    onMessage(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
            }
        }

        """;

    // SVH302 (and SVH301)
    private static string WebSocketPerFrame(TemplateContext c) => $$"""
        public static class {{c.Name("Ticker")}}
        {
            public static async Task RunAsync(WebSocket ws, Action<string> onMessage, CancellationToken ct)
            {
                var buffer = new byte[{{c.Int(256, 4096)}}];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    onMessage(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
            }
        }

        """;

    // SVH101 in a type the framework creates per request
    private static string ControllerOwnsClient(TemplateContext c) => $$"""
        public sealed class {{c.Name("ApiController")}} : ControllerBase
        {
            private readonly HttpClient _client = new HttpClient();

            [HttpGet]
            public async Task<string> Get(CancellationToken cancellationToken) => await _client.GetStringAsync("{{c.Host}}", cancellationToken);
        }

        """;
}
