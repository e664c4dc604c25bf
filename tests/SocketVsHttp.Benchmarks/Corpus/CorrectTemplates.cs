namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>(b) Networking done right (after tests/ValidCode): none of these may be reported by any SocketVsHttp rule.</summary>
public static class CorrectTemplates
{
    public static readonly Func<TemplateContext, string>[] All =
    [
        SharedClient, TypedClient, FactoryUser, LineReader, RawSocketDrain, ReconnectService, TlsClient, EchoServer,
        WebSocketReceiver, WebSocketSwitch, FactoryController,
    ];

    private static string SharedClient(TemplateContext c) => $$"""
        public static class {{c.Name("Api")}}
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes({{c.Int(1, 10)}}),
                AutomaticDecompression = DecompressionMethods.All,
            })
            {
                BaseAddress = new Uri("{{c.Host}}"),
                Timeout = TimeSpan.FromSeconds({{c.Int(5, 60)}}),
            };

            public static async Task<string> GetAsync(string path, CancellationToken cancellationToken)
            {
                using var response = await Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }

            public static async Task<int> PostWithTokenAsync(string path, string token, string body, CancellationToken cancellationToken)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await Client.SendAsync(request, cancellationToken);
                return (int)response.StatusCode;
            }

            public static async Task CopyToAsync(string path, Stream destination, CancellationToken cancellationToken)
            {
                using var response = await Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await body.CopyToAsync(destination, cancellationToken);
            }
        {{c.Repeat(1, 3, i => $$"""

            public static async Task<string[]> GetMany{{i}}Async(string first, string second, CancellationToken cancellationToken)
            {
                var a = Client.GetStringAsync(first, cancellationToken);
                var b = Client.GetStringAsync(second, cancellationToken);
                await Task.WhenAll(a, b);
                return new[] { a.Result, b.Result };
            }
        """)}}
        }

        """;

    private static string TypedClient(TemplateContext c) => $$"""
        public sealed class {{c.Name("Client")}}
        {
            private readonly HttpClient _client;

            public {{c.Name("Client")}}(HttpClient client)
            {
                _client = client;
                _client.BaseAddress = new Uri("{{c.Host}}");
                _client.DefaultRequestHeaders.UserAgent.ParseAdd("bench/{{c.Int(1, 9)}}.0");
            }
        {{c.Repeat(1, 4, i => $$"""

            public async Task<string> {{c.Verb}}{{i}}Async(string id, CancellationToken cancellationToken)
            {
                using var response = await _client.GetAsync("items/{{i}}/" + id, cancellationToken);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
        """)}}
        }

        """;

    private static string FactoryUser(TemplateContext c) => $$"""
        public sealed class {{c.Name("Gateway")}}
        {
            private readonly IHttpClientFactory _factory;

            public {{c.Name("Gateway")}}(IHttpClientFactory factory) => _factory = factory;

            public static void Register(IServiceCollection services)
            {
                services.AddHttpClient("{{c.Noun.ToLowerInvariant()}}{{c.Id}}", client => client.BaseAddress = new Uri("{{c.Host}}"))
                    .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            }

            public async Task<string> GetAsync(string path, CancellationToken cancellationToken)
            {
                var client = _factory.CreateClient("{{c.Noun.ToLowerInvariant()}}{{c.Id}}");
                using var response = await client.GetAsync(path, cancellationToken);
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
        }

        """;

    private static string LineReader(TemplateContext c) => $$"""
        public sealed class {{c.Name("Reader")}}
        {
            private readonly TcpClient _client;

            public {{c.Name("Reader")}}(TcpClient client)
            {
                _client = client;
                _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, {{c.Int(10, 60)}});
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, {{c.Int(1, 10)}});
            }

            public async Task<long> PumpAsync(Action<ReadOnlyMemory<byte>> onData, CancellationToken cancellationToken)
            {
                var stream = _client.GetStream();
                var buffer = new byte[{{c.Int(512, 8192)}}];
                long total = 0;
                try
                {
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        onData(buffer.AsMemory(0, read));
                        total += read;
                    }
                }
                catch (IOException)
                {
                    // connection dropped: the caller reconnects
                }

                return total;
            }
        }

        """;

    private static string RawSocketDrain(TemplateContext c) => $$"""
        public static class {{c.Name("Socket")}}
        {
            public static int Drain(Socket socket, byte[] buffer)
            {
                socket.ReceiveTimeout = {{c.Int(1000, 60000)}};
                var total = 0;
                try
                {
                    while (true)
                    {
                        var received = socket.Receive(buffer);
                        if (received == 0)
                        {
                            break;
                        }

                        total += received;
                    }
                }
                catch (SocketException)
                {
                    // reset or timed out
                }

                return total;
            }

            public static void ReadHeader(NetworkStream stream, byte[] header) => stream.ReadExactly(header);

            public static async Task ReadHeaderAsync(NetworkStream stream, Memory<byte> header, CancellationToken cancellationToken) =>
                await stream.ReadExactlyAsync(header, cancellationToken);
        }

        """;

    private static string ReconnectService(TemplateContext c) => $$"""
        public sealed class {{c.Name("Service")}} : BackgroundService
        {
            private readonly EndPoint _endPoint = new IPEndPoint(IPAddress.Loopback, {{c.Port}});

            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    try
                    {
                        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        await socket.ConnectAsync(_endPoint, stoppingToken);
                        var buffer = new byte[{{c.Int(256, 4096)}}];
                        while (true)
                        {
                            var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stoppingToken);
                            if (n == 0)
                            {
                                break;
                            }
                        }
                    }
                    catch (SocketException)
                    {
                        await Task.Delay(TimeSpan.FromSeconds({{c.Int(1, 5)}}), stoppingToken);
                    }
                }
            }
        }

        """;

    private static string TlsClient(TemplateContext c) => $$"""
        public static class {{c.Name("Tls")}}
        {
            public static async Task<int> ReadGreetingAsync(TcpClient client, string host, CancellationToken cancellationToken)
            {
                using var tls = new SslStream(client.GetStream(), false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
                var buffer = new byte[{{c.Int(128, 1024)}}];
                var n = await tls.ReadAsync(buffer, cancellationToken);
                return n;
            }

            public static HttpClient CreatePinned(string thumbprint) => new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                SslOptions =
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                        errors == SslPolicyErrors.None && certificate?.GetCertHashString() == thumbprint,
                },
            });
        }

        """;

    private static string EchoServer(TemplateContext c) => $$"""
        public static class {{c.Name("Echo")}}
        {
            public static async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                    var stream = client.GetStream();
                    var buffer = ArrayPool<byte>.Shared.Rent({{c.Int(512, 4096)}});
                    try
                    {
                        int n;
                        while ((n = await stream.ReadAsync(buffer.AsMemory(0, 512), cancellationToken)) != 0)
                        {
                            await stream.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
                        }
                    }
                    catch (IOException)
                    {
                        // the client went away
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }

        """;

    private static string WebSocketReceiver(TemplateContext c) => $$"""
        public static class {{c.Name("Feed")}}
        {
            public static async Task ReceiveAllAsync(ClientWebSocket ws, Action<string> onMessage, CancellationToken ct)
            {
                var buffer = new byte[{{c.Int(1024, 8192)}}];
                using var message = new MemoryStream();
                try
                {
                    while (ws.State == WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                        }

                        message.Write(buffer, 0, result.Count);
                        if (result.EndOfMessage)
                        {
                            onMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                            message.SetLength(0);
                        }
                    }
                }
                catch (WebSocketException)
                {
                    // the peer went away without a close handshake
                }
            }
        }

        """;

    private static string WebSocketSwitch(TemplateContext c) => $$"""
        public static class {{c.Name("Channel")}}
        {
            public static async Task ReceiveAsync(WebSocket ws, Action<int> onBinary, CancellationToken ct)
            {
                var buffer = new byte[{{c.Int(256, 4096)}}];
                try
                {
                    while (!ws.CloseStatus.HasValue)
                    {
                        var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                        switch (result.MessageType)
                        {
                            case WebSocketMessageType.Close:
                                await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                                return;
                            case WebSocketMessageType.Binary when result.EndOfMessage:
                                onBinary(result.Count);
                                break;
                        }
                    }
                }
                catch (WebSocketException)
                {
                }
            }
        }

        """;

    private static string FactoryController(TemplateContext c) => $$"""
        public sealed class {{c.Name("Controller")}} : ControllerBase
        {
            private readonly IHttpClientFactory _factory;

            public {{c.Name("Controller")}}(IHttpClientFactory factory) => _factory = factory;

            [HttpGet("{{c.Noun.ToLowerInvariant()}}")]
            public async Task<string> Get(CancellationToken cancellationToken)
            {
                var client = _factory.CreateClient("{{c.Noun.ToLowerInvariant()}}");
                return await client.GetStringAsync("{{c.Host}}", cancellationToken);
            }
        }

        """;
}
