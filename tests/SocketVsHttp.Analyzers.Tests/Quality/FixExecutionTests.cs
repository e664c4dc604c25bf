using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using static SocketVsHttp.Tests.Quality.FixExecution;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Issue 12: fixes that compiled but were wrong. Each case takes bad code, applies the rule's real Fix All
/// (<see cref="FixExecution.FixAsync"/>), emits the result and RUNS it against a loopback peer: the fixed code must do what
/// the fix promises (where it matters, not only compile), and, where cheap, the bad code is run too and shown to misbehave,
/// so each test fails for the right reason. Every run is bounded by <see cref="FixExecution.Bound"/>.
/// </summary>
public class FixExecutionTests
{
    // ---- SVH101: the hoisted client keeps its configuration and is safe to use on every call ------------------------

    private const string ConfiguredPerCallClient = """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5), DefaultRequestHeaders = { { "X-Api-Key", "k1" } } };
                return await client.GetStringAsync(uri);
            }
        }
        """;

    [Fact]
    public async Task SVH101_fixed_client_serves_two_calls_on_one_connection_with_its_configuration()
    {
        var fix = await FixAsync("SVH101", ConfiguredPerCallClient);
        Assert.Contains("static readonly HttpClient", fix.Text, StringComparison.Ordinal);

        // Bad: one connection per call.
        Assert.Equal(2, await ConnectionsForTwoCallsAsync(fix.Before));

        // Fixed: both calls succeed, both carry the header set where the client was created, and share one connection.
        await using var server = new LoopbackHttpServer();
        using var code = await LoadAsync(fix.After);
        var api = code.Create("Api");
        Assert.Equal("ok", await code.CallAsync(api, "GetAsync", server.Uri));
        Assert.Equal("ok", await code.CallAsync(api, "GetAsync", server.Uri));
        Assert.Equal(2, server.RequestHeads.Count);
        Assert.All(server.RequestHeads, head => Assert.Contains("X-Api-Key: k1", head, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(1, server.Connections);
    }

    /// <summary>
    /// Configuration applied to the client after its creation: hoisting it would apply it to the shared client on every
    /// call, and the second call would throw InvalidOperationException. The rule offers no fix, or a fix whose output
    /// survives two calls.
    /// </summary>
    [Theory]
    [InlineData("Property", """
        using var client = new HttpClient();
        client.Timeout = TimeSpan.FromSeconds(5);
        return await client.GetStringAsync(uri);
        """)]
    [InlineData("Headers", """
        using var client = new HttpClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "k1");
        return await client.GetStringAsync(uri);
        """)]
    [InlineData("HandedToAConfiguringMethod", """
        using var client = new HttpClient();
        Configure(client);
        return await client.GetStringAsync(uri);
        """)]
    [InlineData("ConfiguredThroughAnAlias", """
        using var client = new HttpClient();
        var configured = client;
        configured.MaxResponseContentBufferSize = 1000;
        return await client.GetStringAsync(uri);
        """)]
    [InlineData("ConfiguredInALambda", """
        using var client = new HttpClient();
        Action configure = () => client.BaseAddress = uri;
        configure();
        return await client.GetStringAsync(uri);
        """)]
    public async Task SVH101_client_configured_after_creation_gets_no_fix_or_one_that_survives_two_calls(string shape, string body)
    {
        var source = $$"""
            public class Api
            {
                public async Task<string> GetAsync(Uri uri)
                {
            {{Indent(body, 8)}}
                }

                private static void Configure(HttpClient client) => client.Timeout = TimeSpan.FromSeconds(5);
            }
            """;
        var fix = await FixOrNullAsync("SVH101", source);
        if (fix is null)
        {
            return;
        }

        await using var server = new LoopbackHttpServer();
        using var code = await LoadAsync(fix.After);
        var api = code.Create("Api");
        foreach (var call in new[] { 1, 2 })
        {
            var e = await Record.ExceptionAsync(() => code.CallAsync(api, "GetAsync", server.Uri));
            Assert.True(e is null, $"{shape}: call {call} of the fixed code threw {e}\n--- fixed code:\n{fix.Text}");
        }
    }

    /// <summary>Calls <c>Api.method(uri)</c> twice on one instance, checks each answer, and counts the connections opened.</summary>
    private static async Task<int> ConnectionsForTwoCallsAsync(Microsoft.CodeAnalysis.Project project, string method = "GetAsync", object? answer = null)
    {
        await using var server = new LoopbackHttpServer();
        using var code = await LoadAsync(project);
        var api = code.Create("Api");
        Assert.Equal(answer ?? "ok", await code.CallAsync(api, method, server.Uri));
        Assert.Equal(answer ?? "ok", await code.CallAsync(api, method, server.Uri));
        return server.Connections;
    }

    // ---- SVH201: the fixed loop ends when the peer closes ---------------------------------------------------------

    /// <summary>
    /// A line reader that only leaves its loop by returning: `break` would make the end of the method reachable (CS0161).
    /// `Iterations` lets the test see a loop spin; the bound's throw keeps the bad run from spinning forever.
    /// </summary>
    private const string LineReader = """
        public static class Lines
        {
            public static int Iterations;

            public static int ReadLineLength(NetworkStream stream)
            {
                var buffer = new byte[256];
                var total = 0;
                while (true)
                {
                    if (++Iterations > 200_000) throw new TimeoutException("spinning");
                    int n = stream.Read(buffer, total, 1);
                    total += n;
                    if (total > 0 && buffer[total - 1] == (byte)'\n')
                    {
                        return total;
                    }
                }
            }

            public static async Task PumpAsync(NetworkStream stream, List<int> chunks)
            {
                var buffer = new byte[256];
                while (true)
                {
                    if (++Iterations > 200_000) throw new TimeoutException("spinning");
                    var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                    chunks.Add(n);
                }
            }
        }
        """;

    [Fact]
    public async Task SVH201_fixed_value_loop_throws_EndOfStreamException_when_the_peer_closes_mid_line()
    {
        var fix = await FixAsync("SVH201", LineReader);
        Assert.Contains("throw new EndOfStreamException()", fix.Text, StringComparison.Ordinal);

        // Bad: the peer sent "abc" and closed; the loop reads 0 forever.
        var bad = await RunLineReaderAsync(fix.Before, "ReadLineLength", closeAfter: "abc");
        Assert.True(bad.Error is TimeoutException { Message: "spinning" }, "the unfixed loop should spin on a closed peer, got " + bad.Error);
        Assert.True(bad.Iterations > 100_000, $"the unfixed loop ran {bad.Iterations} times");

        // Fixed: a complete line is still read, and a closed peer ends the loop at once.
        var line = await RunLineReaderAsync(fix.After, "ReadLineLength", closeAfter: "ab\n");
        Assert.Null(line.Error);
        Assert.Equal(3, line.Result);
        var closed = await RunLineReaderAsync(fix.After, "ReadLineLength", closeAfter: "abc");
        Assert.IsType<EndOfStreamException>(closed.Error);
        Assert.Equal(4, closed.Iterations);
    }

    [Fact]
    public async Task SVH201_fixed_task_loop_returns_when_the_peer_closes()
    {
        var fix = await FixAsync("SVH201", LineReader);

        var bad = await RunLineReaderAsync(fix.Before, "PumpAsync", closeAfter: "abc");
        Assert.True(bad.Error is TimeoutException { Message: "spinning" }, "the unfixed loop should spin on a closed peer, got " + bad.Error);

        var stopwatch = Stopwatch.StartNew();
        var fixedRun = await RunLineReaderAsync(fix.After, "PumpAsync", closeAfter: "abc");
        Assert.Null(fixedRun.Error);
        Assert.Equal(new[] { 3 }, fixedRun.Chunks);
        Assert.True(stopwatch.Elapsed < Bound, "the fixed loop did not end in time");
    }

    private static async Task<(object? Result, Exception? Error, int Iterations, List<int> Chunks)> RunLineReaderAsync(
        Microsoft.CodeAnalysis.Project project, string method, string closeAfter)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;
        server.Send(System.Text.Encoding.ASCII.GetBytes(closeAfter));
        server.Shutdown(SocketShutdown.Both);
        server.Close();
        var chunks = new List<int>();
        object?[] arguments = method == "PumpAsync" ? [client.GetStream(), chunks] : [client.GetStream()];
        object? result = null;
        var error = await Record.ExceptionAsync(async () => result = await code.CallAsync(code.Type("Lines"), method, arguments));
        var iterations = (int)code.Type("Lines").GetField("Iterations")!.GetValue(null)!;
        return (result, error, iterations, chunks);
    }

    // ---- SVH202: the fixed read fills the buffer, or says the peer closed -------------------------------------------

    private const string HeaderReader = """
        public static class Frames
        {
            public static byte[] ReadHeader(NetworkStream stream)
            {
                var header = new byte[8];
                stream.Read(header, 0, header.Length);
                return header;
            }

            public static async Task<byte[]> ReadHeaderAsync(NetworkStream stream)
            {
                var header = new byte[8];
                await stream.ReadAsync(header, 0, header.Length);
                return header;
            }

            public static byte[] ReadHeaderCountingNothing(NetworkStream stream)
            {
                var header = new byte[8];
                int n = stream.Read(header, 0, header.Length);
                return header;
            }

            public static byte[] ReceiveHeader(Socket socket)
            {
                var header = new byte[8];
                socket.Receive(header);
                return header;
            }
        }
        """;

    [Theory]
    [InlineData("ReadHeader")]
    [InlineData("ReadHeaderAsync")]
    [InlineData("ReceiveHeader")]
    [InlineData("ReadHeaderCountingNothing")]
    public async Task SVH202_fixed_read_gets_every_byte_of_a_split_header_and_throws_on_a_short_stream(string method)
    {
        var fix = await FixAsync("SVH202", HeaderReader);

        // Bad: the header arrives in two halves; the read returns after the first and the rest stays zero.
        var bad = await ReadHeaderAsync(fix.Before, method, then: null);
        Assert.Null(bad.Error);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 0, 0, 0, 0 }, bad.Header);

        // Fixed: the whole header; a peer that closes after the first half is an EndOfStreamException, not zeros.
        var whole = await ReadHeaderAsync(fix.After, method, then: true);
        Assert.Null(whole.Error);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, whole.Header);
        var shortStream = await ReadHeaderAsync(fix.After, method, then: false);
        Assert.IsType<EndOfStreamException>(shortStream.Error);
    }

    /// <summary>
    /// A kept count (compared with 0, logged): the code reads the count, so ReadExactly (no count) would not compile. The fix
    /// reads at least the whole header and still returns the count: a header arriving in two halves is read whole, a peer
    /// that closes before the header gives 0 (the method's -1), not an exception.
    /// </summary>
    [Theory]
    [InlineData("ReadLength")]
    [InlineData("ReadLengthAsync")]
    public async Task SVH202_fixed_read_of_a_kept_count_fills_a_split_header_and_still_counts_0_at_a_close(string method)
    {
        const string source = """
            public static class Frames
            {
                public static int ReadLength(NetworkStream stream)
                {
                    var header = new byte[8];
                    int n = stream.Read(header, 0, header.Length);
                    if (n == 0)
                    {
                        return -1;
                    }

                    Console.WriteLine("read " + n);
                    return BitConverter.ToInt32(header, 4);
                }

                public static async Task<int> ReadLengthAsync(NetworkStream stream)
                {
                    var header = new byte[8];
                    int n = await stream.ReadAsync(header, 0, 8);
                    if (n == 0)
                    {
                        return -1;
                    }

                    return BitConverter.ToInt32(header, 4);
                }
            }
            """;
        var fix = await FixAsync("SVH202", source);
        Assert.Contains("throwOnEndOfStream: false", fix.Text, StringComparison.Ordinal);

        // Bad: the read returns after the first half; the length is parsed from zeros.
        Assert.Equal(0, await ReadLengthAsync(fix.Before, method, firstHalf: true, then: null));

        // Fixed: the second half is waited for and the length is whole; a peer that closes before sending gives 0 -> -1.
        Assert.Equal(BitConverter.ToInt32([5, 6, 7, 8], 0), await ReadLengthAsync(fix.After, method, firstHalf: true, then: true));
        Assert.Equal(-1, await ReadLengthAsync(fix.After, method, firstHalf: false, then: false));
    }

    /// <summary>
    /// The peer sends the header's first half (when <paramref name="firstHalf"/>), then, with <paramref name="then"/> true the
    /// second half, false the end of the stream, null nothing; the length the method returned.
    /// </summary>
    private static async Task<int> ReadLengthAsync(Microsoft.CodeAnalysis.Project project, string method, bool firstHalf, bool? then)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;
        if (firstHalf)
        {
            server.Send([1, 2, 3, 4]);
        }

        var call = code.CallAsync(code.Type("Frames"), method, client.GetStream());
        await Task.WhenAny(call, Task.Delay(300));
        if (then == true)
        {
            server.Send([5, 6, 7, 8]);
        }
        else if (then == false)
        {
            server.Shutdown(SocketShutdown.Send);
        }

        return (int)(await call)!;
    }

    /// <summary>
    /// The peer sends the header's first half; then, with <paramref name="then"/> true the second half, false the end of the
    /// stream, null nothing (the read must return with what it has: the bad read does, a read that waits fails the bound).
    /// </summary>
    private static async Task<(byte[]? Header, Exception? Error)> ReadHeaderAsync(Microsoft.CodeAnalysis.Project project, string method, bool? then)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;
        server.Send([1, 2, 3, 4]);
        object? connection = method == "ReceiveHeader" ? client.Client : client.GetStream();
        var call = code.CallAsync(code.Type("Frames"), method, connection);

        // The rest comes later: a read that returned with the first half does not see it.
        await Task.WhenAny(call, Task.Delay(300));
        if (then == true)
        {
            server.Send([5, 6, 7, 8]);
        }
        else if (then == false)
        {
            server.Shutdown(SocketShutdown.Send);
        }

        byte[]? header = null;
        var error = await Record.ExceptionAsync(async () => header = (byte[]?)await call);
        return (header, error);
    }

    // ---- SVH208: the fixed socket is closed when the exchange fails, and never returned disposed -------------------

    private const string FailingExchange = """
        public static class Exchanges
        {
            public static void Exchange(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.ReceiveTimeout = 300;
                socket.Connect(endPoint);
                socket.Send(new byte[] { 42 });
                var reply = new byte[1];
                if (socket.Receive(reply) == 0) throw new EndOfStreamException();
                socket.Close();
            }
        }
        """;

    [Fact]
    public async Task SVH208_fixed_socket_is_closed_when_the_exchange_fails()
    {
        var fix = await FixAsync("SVH208", FailingExchange);
        Assert.Contains("using var socket", fix.Text, StringComparison.Ordinal);

        // Fixed: the receive times out (the peer never answers) and the peer sees the connection closed at once.
        var fixedRun = await ExchangeAsync(fix.After);
        Assert.IsType<SocketException>(fixedRun.Error);
        Assert.True(fixedRun.PeerSawClose, "the fixed code left the socket open after the failure");

        // Bad: the socket leaks; the peer sees no close (unless a collection finalized the socket meanwhile: then say nothing).
        var gcBefore = GC.CollectionCount(0);
        var bad = await ExchangeAsync(fix.Before);
        Assert.IsType<SocketException>(bad.Error);
        if (GC.CollectionCount(0) == gcBefore)
        {
            Assert.False(bad.PeerSawClose, "the unfixed code closed the socket after the failure");
        }
    }

    private static async Task<(Exception? Error, bool PeerSawClose)> ExchangeAsync(Microsoft.CodeAnalysis.Project project)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var call = code.CallAsync(code.Type("Exchanges"), "Exchange", peer.EndPoint);
        var server = await peer.Accepted;
        server.ReceiveTimeout = 2000;
        var received = new byte[16];
        Assert.Equal(1, server.Receive(received));
        Assert.Equal(42, received[0]);
        var error = await Record.ExceptionAsync(() => call);

        // Closed: the next receive reports the end of the stream (0), or a reset (a socket whose receive timed out is
        // closed abortively); open: it waits.
        server.ReceiveTimeout = 1000;
        try
        {
            return (error, server.Receive(received) == 0);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return (error, true);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return (error, false);
        }
    }

    /// <summary>
    /// The connection (or what it hands out) leaves the method: a using declaration would return it disposed. No fix,
    /// or a fix whose returned connection is still connected and can send.
    /// </summary>
    [Theory]
    [InlineData("NetworkStream", "return client.GetStream();")]
    [InlineData("Socket", "return client.Client;")]
    [InlineData("NetworkStream", "var stream = client.GetStream();\nreturn stream;")]
    public async Task SVH208_connection_that_leaves_the_method_gets_no_fix_or_is_returned_usable(string returnType, string returnStatement)
    {
        var source = $$"""
            public static class Connector
            {
                public static {{returnType}} Open(IPEndPoint endPoint)
                {
                    var client = new TcpClient();
                    client.Connect(endPoint);
                    if (!client.Connected)
                    {
                        client.Close();
                        throw new IOException("not connected");
                    }

            {{Indent(returnStatement, 8)}}
                }
            }
            """;
        var fix = await FixOrNullAsync("SVH208", source, mustReport: false);
        if (fix is null)
        {
            return;
        }

        using var code = await LoadAsync(fix.After);
        using var peer = new LoopbackPeer();
        var returned = await code.CallAsync(code.Type("Connector"), "Open", peer.EndPoint);
        var server = await peer.Accepted;
        var sent = Record.Exception(() =>
        {
            switch (returned)
            {
                case NetworkStream stream:
                    stream.Write([7]);
                    break;
                case Socket socket:
                    Assert.True(socket.Connected);
                    socket.Send([7]);
                    break;
            }
        });
        Assert.True(sent is null, $"the returned connection cannot send: {sent}\n--- fixed code:\n{fix.Text}");
        var received = new byte[1];
        Assert.Equal(1, server.Receive(received));
    }

    // ---- SVH203: the fixed loop survives the error and leaves the caller's connection open --------------------------

    private const string ParameterLoops = """
        public static class Pumps
        {
            public static void Start(Socket socket, TcpClient client, List<int> chunks)
            {
                new Thread(() => Run(socket, chunks)).Start();
                new Thread(() => RunStream(client, chunks)).Start();
            }

            public static void Run(Socket socket, List<int> chunks)
            {
                var buffer = new byte[16];
                while (true)
                {
                    var n = socket.Receive(buffer);
                    if (n == 0) return;
                    chunks.Add(n);
                }
            }

            public static void RunStream(TcpClient client, List<int> chunks)
            {
                var stream = client.GetStream();
                var buffer = new byte[16];
                while (true)
                {
                    var n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0) return;
                    chunks.Add(n);
                }
            }
        }
        """;

    [Theory]
    [InlineData("Run")]
    [InlineData("RunStream")]
    public async Task SVH203_fixed_loop_catches_the_error_and_leaves_the_callers_connection_open(string method)
    {
        var fix = await FixAsync("SVH203", ParameterLoops);

        // Bad: the receive timeout escapes the loop as an exception.
        var bad = await PumpAsync(fix.Before, method);
        Assert.True(bad.Error is SocketException or IOException, "the unfixed loop should throw, got " + bad.Error);

        // Fixed: the loop ends without throwing, and the caller's connection is still open: it sends, the peer receives.
        var fixedRun = await PumpAsync(fix.After, method);
        Assert.True(fixedRun.Error is null, $"the fixed loop threw {fixedRun.Error}\n--- fixed code:\n{fix.Text}");
        Assert.True(fixedRun.CallerCanStillSend, $"{method}: the fixed code closed the caller's connection\n--- fixed code:\n{fix.Text}");
    }

    private static async Task<(Exception? Error, bool CallerCanStillSend)> PumpAsync(Microsoft.CodeAnalysis.Project project, string method)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;

        // The peer sends one chunk and then nothing: the receive times out (a SocketException, an IOException from the stream).
        client.Client.ReceiveTimeout = 300;
        server.Send([1, 2, 3]);
        object connection = method == "Run" ? client.Client : client;
        var error = await Record.ExceptionAsync(() => code.CallAsync(code.Type("Pumps"), method, connection, new List<int>()));
        var sent = Record.Exception(() => client.Client.Send([9]));
        server.ReceiveTimeout = 2000;
        var received = new byte[1];
        return (error, sent is null && server.Receive(received) == 1 && received[0] == 9);
    }

    // ---- SVH107: per-request headers go on the request, not on the shared client --------------------------------------

    private const string PerRequestHeaders = """
        public class Api
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri, string requestId)
            {
                Client.DefaultRequestHeaders.Add("X-Request-Id", requestId);
                return await Client.GetStringAsync(uri);
            }

            public async Task<string> GetWithTokenAsync(Uri uri, string token)
            {
                Client.DefaultRequestHeaders.Remove("X-Token");
                Client.DefaultRequestHeaders.Add("X-Token", token);
                var response = await Client.GetAsync(uri);
                return await response.Content.ReadAsStringAsync();
            }
        }
        """;

    [Fact]
    public async Task SVH107_fixed_requests_each_carry_only_their_own_header()
    {
        var fix = await FixAsync("SVH107", PerRequestHeaders);

        // Bad: the shared client keeps every value added: the second request carries the first one's id too.
        var bad = await RequestIdsAsync(fix.Before);
        Assert.Equal(["a", "a, b"], bad);

        var fixedIds = await RequestIdsAsync(fix.After);
        Assert.Equal(["a", "b"], fixedIds);

        // Remove + Add: twenty concurrent calls, each request with exactly its own token.
        await using var server = new LoopbackHttpServer();
        using var code = await LoadAsync(fix.After);
        var api = code.Create("Api");
        var tokens = Enumerable.Range(0, 20).Select(i => "t" + i).ToArray();
        var answers = await Task.WhenAll(tokens.Select(token => code.CallAsync(api, "GetWithTokenAsync", server.Uri, token)));
        Assert.All(answers, answer => Assert.Equal("ok", answer));
        var sent = server.RequestHeads.Select(head => HeaderValue(head, "X-Token")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(tokens.Order(StringComparer.Ordinal), sent);
    }

    private static async Task<string[]> RequestIdsAsync(Microsoft.CodeAnalysis.Project project)
    {
        await using var server = new LoopbackHttpServer();
        using var code = await LoadAsync(project);
        var api = code.Create("Api");
        Assert.Equal("ok", await code.CallAsync(api, "GetAsync", server.Uri, "a"));
        Assert.Equal("ok", await code.CallAsync(api, "GetAsync", server.Uri, "b"));
        return server.RequestHeads.Select(head => HeaderValue(head, "X-Request-Id")).ToArray();
    }

    /// <summary>The value of the header <paramref name="name"/> in a request head (names compare ignoring case), "" when absent.</summary>
    private static string HeaderValue(string head, string name) =>
        head.Split("\r\n").SingleOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim() ?? string.Empty;

    // ---- SVH104: the disposed response gives its connection back ----------------------------------------------------

    [Fact]
    public async Task SVH104_fixed_response_gives_its_connection_back_to_the_pool()
    {
        var fix = await FixAsync("SVH104", """
            public class Api
            {
                private readonly HttpClient _client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int> StatusAsync(Uri uri)
                {
                    var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                    return (int)response.StatusCode;
                }
            }
            """);

        // Bad: the first response keeps its connection checked out, so the second call opens another one.
        Assert.Equal(2, await ConnectionsForTwoCallsAsync(fix.Before, "StatusAsync", 200));
        Assert.Equal(1, await ConnectionsForTwoCallsAsync(fix.After, "StatusAsync", 200));
    }

    // ---- SVH102, SVH105, SVH110: the rewritten calls still fetch the same answer, on one connection --------------------
    // (a plain WebClient on .NET Core already reuses a cached client: its bad run opens one connection too)

    [Theory]
    [InlineData("SVH102", 2, """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
                return await client.GetStringAsync(uri);
            }
        }
        """)]
    [InlineData("SVH105", 1, """
        public class Api
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public string GetAsync(Uri uri)
            {
                var response = Client.GetAsync(uri).Result;
                return response.Content.ReadAsStringAsync().Result;
            }
        }
        """)]
    [InlineData("SVH110", 1, """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new WebClient();
                return await client.DownloadStringTaskAsync(uri);
            }
        }
        """)]
    public async Task Rewritten_http_call_returns_what_the_original_returned(string id, int badConnections, string source)
    {
        var fix = await FixAsync(id, source);
        Assert.Equal(badConnections, await ConnectionsForTwoCallsAsync(fix.Before));
        Assert.Equal(1, await ConnectionsForTwoCallsAsync(fix.After));
    }

    // ---- SVH112: the connection limit moved onto the handler holds --------------------------------------------------

    [Fact]
    public async Task SVH112_fixed_connection_limit_holds_for_concurrent_requests()
    {
        var fix = await FixAsync("SVH112", """
            public static class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                static Api()
                {
                    ServicePointManager.DefaultConnectionLimit = 2;
                }

                public static Task<string> GetAsync(Uri uri) => Client.GetStringAsync(uri);
            }
            """);
        Assert.Contains("MaxConnectionsPerServer = 2", fix.Text, StringComparison.Ordinal);

        // Bad: HttpClient ignores ServicePointManager on .NET Core: eight slow requests open eight connections.
        Assert.Equal(8, await MostConnectionsAtOnceAsync(fix.Before));
        Assert.Equal(2, await MostConnectionsAtOnceAsync(fix.After));
    }

    private static async Task<int> MostConnectionsAtOnceAsync(Microsoft.CodeAnalysis.Project project)
    {
        await using var server = new LoopbackHttpServer { ResponseDelay = TimeSpan.FromMilliseconds(300) };
        using var code = await LoadAsync(project);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => code.CallAsync(code.Type("Api"), "GetAsync", server.Uri)));
        Assert.All(answers, answer => Assert.Equal("ok", answer));
        return server.MaxOpenConnections;
    }

    // ---- SVH109: the token now reaches the call ----------------------------------------------------------------------

    [Fact]
    public async Task SVH109_fixed_call_is_cancelled_by_the_token_in_scope()
    {
        var fix = await FixAsync("SVH109", """
            public class Api
            {
                private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan };

                public async Task<string> GetAsync(Uri uri, CancellationToken cancellationToken)
                {
                    return await Client.GetStringAsync(uri, cancellationToken);
                }

                public async Task<string> GetLaterAsync(Uri uri, CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    return await Client.GetStringAsync(uri);
                }
            }
            """);

        // A server that accepts and never answers; the token is cancelled after 300 ms.
        Assert.IsType<TimeoutException>(await CancelledCallAsync(fix.Before));
        Assert.IsAssignableFrom<OperationCanceledException>(await CancelledCallAsync(fix.After));
    }

    private static async Task<Exception?> CancelledCallAsync(Microsoft.CodeAnalysis.Project project)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var uri = new Uri($"http://127.0.0.1:{peer.EndPoint.Port}/");
        return await Record.ExceptionAsync(() => code.CallWithinAsync(TimeSpan.FromSeconds(2), code.Create("Api"), "GetLaterAsync", uri, cancellation.Token));
    }

    // ---- SVH205: the keep-alive options are accepted by the platform, and the loop still works ------------------------

    [Fact]
    public async Task SVH205_fixed_reader_sets_keep_alive_connects_and_ends_when_the_peer_closes()
    {
        var fix = await FixAsync("SVH205", """
            public class Pump
            {
                public void Start(IPEndPoint endPoint, List<int> chunks) => new Thread(() => Run(endPoint, chunks)).Start();

                public static void Run(IPEndPoint endPoint, List<int> chunks)
                {
                    using var client = new TcpClient();
                    client.Connect(endPoint);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0) break;
                        chunks.Add(n);
                    }
                }
            }
            """);
        Assert.Contains("KeepAlive", fix.Text, StringComparison.Ordinal);

        using var code = await LoadAsync(fix.After);
        using var peer = new LoopbackPeer();
        var chunks = new List<int>();
        var run = code.CallAsync(code.Type("Pump"), "Run", peer.EndPoint, chunks);
        var server = await peer.Accepted;
        server.Send([1, 2, 3]);
        await Task.Delay(100);
        server.Shutdown(SocketShutdown.Both);
        server.Close();
        await run;
        Assert.Equal(new[] { 3 }, chunks);
    }

    // ---- SVH207: the fixed send loop sends the whole buffer on a non-blocking socket -----------------------------------

    [Fact]
    public async Task SVH207_fixed_send_delivers_every_byte_on_a_non_blocking_socket()
    {
        var fix = await FixAsync("SVH207", """
            public class Sender
            {
                private readonly Socket socket;

                public Sender(Socket socket)
                {
                    this.socket = socket;
                    this.socket.Blocking = false;
                }

                public void Send(byte[] data)
                {
                    socket.Send(data);
                }
            }
            """);
        Assert.Contains("SelectMode.SelectWrite", fix.Text, StringComparison.Ordinal);

        // 16 MB at once, to a peer that starts reading only after the call: more than the socket buffers hold.
        const int size = 16 * 1024 * 1024;
        Assert.True(await ReceivedAsync(fix.Before, size) < size, "the unfixed send should stop at what the buffers hold");
        Assert.Equal(size, await ReceivedAsync(fix.After, size));
    }

    private static async Task<long> ReceivedAsync(Microsoft.CodeAnalysis.Project project, int size)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;
        var sender = code.Create("Sender", client.Client);
        var call = code.CallAsync(sender, "Send", new byte[size]);

        // The bad send returns at once; the fixed one needs the peer to read.
        await Task.WhenAny(call, Task.Delay(300));
        var received = 0L;
        var reading = Task.Run(() =>
        {
            var buffer = new byte[1024 * 1024];
            int n;
            while ((n = server.Receive(buffer)) > 0)
            {
                received += n;
            }
        });
        await call;
        client.Client.Shutdown(SocketShutdown.Send);
        await reading.WaitAsync(Bound);
        return received;
    }

    // ---- SVH210: the fixed handler closes the connection it was handed --------------------------------------------------

    [Fact]
    public async Task SVH210_fixed_handler_closes_the_accepted_connection_when_it_is_done()
    {
        var fix = await FixAsync("SVH210", """
            public class Server
            {
                public async Task Run(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var client = await listener.AcceptTcpClientAsync(ct);
                        _ = HandleAsync(client, ct);
                    }
                }

                public async Task HandleAsync(TcpClient client, CancellationToken ct)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    var n = await stream.ReadAsync(buffer, ct);
                    if (n == 0)
                    {
                        return;
                    }

                    await stream.WriteAsync(buffer.AsMemory(0, n), ct);
                }
            }
            """);

        var fixedRun = await EchoOnceAsync(fix.After);
        Assert.True(fixedRun.Echoed);
        Assert.True(fixedRun.Closed, "the fixed handler left the connection open");

        // Bad: the connection stays open after the echo (unless a collection finalized it meanwhile: then say nothing).
        var gcBefore = GC.CollectionCount(0);
        var bad = await EchoOnceAsync(fix.Before);
        Assert.True(bad.Echoed);
        if (GC.CollectionCount(0) == gcBefore)
        {
            Assert.False(bad.Closed, "the unfixed handler closed the connection");
        }
    }

    private static async Task<(bool Echoed, bool Closed)> EchoOnceAsync(Microsoft.CodeAnalysis.Project project)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        using var remote = new TcpClient();
        await remote.ConnectAsync(peer.EndPoint).WaitAsync(Bound);
        var accepted = new TcpClient { Client = await peer.Accepted };
        remote.Client.Send([5, 6]);
        await code.CallAsync(code.Create("Server"), "HandleAsync", accepted, CancellationToken.None);

        // The handler has returned: the echo is there, and then the end of the stream (closed) or nothing (open).
        remote.Client.ReceiveTimeout = 1000;
        var buffer = new byte[16];
        var echoed = remote.Client.Receive(buffer) == 2 && buffer[0] == 5 && buffer[1] == 6;
        try
        {
            return (echoed, remote.Client.Receive(buffer) == 0);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            return (echoed, false);
        }
    }

    // ---- SVH301: the fixed WebSocket loop answers the peer's close and ends -------------------------------------------

    [Fact]
    public async Task SVH301_fixed_loop_answers_the_close_handshake_and_ends()
    {
        var fix = await FixAsync("SVH301", """
            public static class Reader
            {
                public static async Task RunAsync(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        Console.WriteLine(result.Count);
                    }
                }
            }
            """);
        Assert.Contains("CloseOutputAsync", fix.Text, StringComparison.Ordinal);

        // Bad: the loop goes on reading after the close, which fails; the peer's close handshake never completes.
        var bad = await CloseHandshakeAsync(fix.Before);
        Assert.False(bad.PeerClosed, "the unfixed loop answered the close");
        Assert.IsAssignableFrom<WebSocketException>(bad.Error);

        var fixedRun = await CloseHandshakeAsync(fix.After);
        Assert.True(fixedRun.Error is null, "the fixed loop threw " + fixedRun.Error);
        Assert.True(fixedRun.PeerClosed, "the fixed loop did not answer the close");
    }

    /// <summary>The snippet reads a WebSocket whose peer sends one message and then closes (waiting 2 s for the answer).</summary>
    private static async Task<(Exception? Error, bool PeerClosed)> CloseHandshakeAsync(Microsoft.CodeAnalysis.Project project)
    {
        using var code = await LoadAsync(project);
        using var peer = new LoopbackPeer();
        var (client, server) = await peer.ConnectAsync();
        using var _ = client;
        using var local = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, Timeout.InfiniteTimeSpan);
        using var remote = WebSocket.CreateFromStream(new NetworkStream(server, ownsSocket: false), isServer: true, subProtocol: null, Timeout.InfiniteTimeSpan);
        var run = code.CallAsync(code.Type("Reader"), "RunAsync", local, CancellationToken.None);
        await remote.SendAsync("hi"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var closed = await Record.ExceptionAsync(() => remote.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", wait.Token)) is null;
        var error = await Record.ExceptionAsync(() => run);
        return (error, closed && remote.State == WebSocketState.Closed);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// The fix, or null when the rule offers none. With <paramref name="mustReport"/>, fails when the rule does not report the
    /// snippet (the user must still be told); without, silence is an answer too (ownership handed on).
    /// </summary>
    private static async Task<Fixed?> FixOrNullAsync(string id, string source, bool mustReport = true)
    {
        var project = await ProjectAsync(source);
        var findings = await Infrastructure.FixApplier.DiagnosticsAsync(project, Infrastructure.RuleCatalog.AnalyzerFor(id), id);
        if (findings.IsEmpty)
        {
            Assert.False(mustReport, $"{id} does not report the snippet");
            return null;
        }

        var after = await FixAllRunner.FixAllAsync(project, id);
        return after == project ? null : await FixAsync(id, source);
    }

    private static string Indent(string text, int spaces) =>
        string.Join("\n", text.Split('\n').Select(line => new string(' ', spaces) + line));

    // ---- SVH105, SVH110: synchronous rewrites read what the blocking or legacy calls read, errors included ----------
    // (in this class, so no other test runs WebClient at the same time: its cached HttpClient is shared by the process)

    [Fact]
    public async Task SVH105_fixed_synchronous_reads_get_what_the_blocking_reads_got()
    {
        const string source = """
            using System.Net.Http;

            public static class Pages
            {
                private static readonly HttpClient Client = new HttpClient();

                public static string Text(string url) => Client.GetStringAsync(url).Result;

                public static byte[] Data(string url)
                {
                    var data = Client.GetByteArrayAsync(url).GetAwaiter().GetResult();
                    return data;
                }
            }
            """;
        var bad = await FixApplier.CreateProjectAsync(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, ("Pages.cs", source));
        var fixedProject = await FixApplier.ApplyUntilFixedAsync(bad, Descriptors.SVH105.Id);
        var fixedText = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
        Assert.DoesNotContain(".Result", fixedText);
        Assert.DoesNotContain("GetResult()", fixedText);

        await using var server = new FixExecution.LoopbackHttpServer { Answer = FixExecution.PagesAndEcho };
        using var before = await FixExecution.LoadAsync(bad);
        using var after = await FixExecution.LoadAsync(fixedProject);
        foreach (var (method, url, expected) in new[]
        {
            ("Text", server.Uri + "page", "value:" + FixExecution.Page),
            ("Data", server.Uri + "page", "bytes:" + FixExecution.Page),
            ("Text", server.Uri + "missing", "threw"),
            ("Data", server.Uri + "missing", "threw"),
        })
        {
            Assert.Equal(expected, await before.OutcomeAsync("Pages", method, url));
            Assert.Equal(expected, await after.OutcomeAsync("Pages", method, url));
        }
    }

    [Fact]
    public async Task SVH110_fixed_synchronous_code_gets_what_the_legacy_code_got()
    {
        const string source = """
            using System.IO;
            using System.Net;

            #pragma warning disable SYSLIB0014
            public static class Legacy
            {
                public static string Page(string url)
                {
                    using var client = new WebClient();
                    return client.DownloadString(url);
                }

                public static byte[] Bytes(string url) => new WebClient().DownloadData(url);

                public static string Post(string url, string body)
                {
                    using (var client = new WebClient())
                    {
                        var reply = client.UploadString(url, body);
                        return reply;
                    }
                }

                public static string Fetch(string url)
                {
                    var request = WebRequest.Create(url);
                    using var response = request.GetResponse();
                    using var reader = new StreamReader(response.GetResponseStream());
                    return reader.ReadToEnd();
                }
            }
            """;
        var bad = await FixApplier.CreateProjectAsync(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, ("Legacy.cs", source));
        var fixedProject = await FixApplier.ApplyUntilFixedAsync(bad, Descriptors.SVH110.Id);
        var fixedText = (await fixedProject.Documents.Single().GetTextAsync()).ToString();
        Assert.DoesNotContain("WebClient", fixedText);
        Assert.DoesNotContain("WebRequest", fixedText);

        await using var server = new FixExecution.LoopbackHttpServer { Answer = FixExecution.PagesAndEcho };
        using var before = await FixExecution.LoadAsync(bad);
        using var after = await FixExecution.LoadAsync(fixedProject);
        foreach (var (method, arguments, expected) in new (string, object[], string)[]
        {
            ("Page", [server.Uri + "page"], "value:" + FixExecution.Page),
            ("Bytes", [server.Uri + "page"], "bytes:" + FixExecution.Page),
            ("Post", [server.Uri + "echo", "ping"], "value:echo:ping"),
            ("Fetch", [server.Uri + "page"], "value:" + FixExecution.Page),
            ("Page", [server.Uri + "missing"], "threw"),
            ("Bytes", [server.Uri + "missing"], "threw"),
            ("Post", [server.Uri + "missing", "ping"], "threw"),
            ("Fetch", [server.Uri + "missing"], "threw"),
        })
        {
            Assert.Equal(expected, await before.OutcomeAsync("Legacy", method, arguments));
            Assert.Equal(expected, await after.OutcomeAsync("Legacy", method, arguments));
        }
    }
}
