using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Sockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.ConnectedAsLivenessCheckAnalyzer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH204Tests
{
    private const string Usings = """
        using System;
        using System.Diagnostics;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- Real code that reads Connected without relying on it (tests/RealWorld, labelled correct) ------------

    [Fact]
    public Task Connected_as_a_first_filter_before_a_probe_is_silent_without_the_probe_reported() => Verify.VerifyAsync(Usings + """
        class Pool
        {
            private readonly Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            private readonly TcpClient client = new TcpClient();

            bool Alive() => socket.Connected && !(socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0);

            bool AlivePeek()
            {
                if (!client.Connected)
                {
                    return false;
                }

                return client.Client.Receive(new byte[1], SocketFlags.Peek) != 0;
            }

            bool AliveThroughHelper() => client.Connected && PollSocket();

            bool PollSocket() => !(client.Client.Poll(1000, SelectMode.SelectRead) && client.Client.Available == 0);

            void SendIfConnected(byte[] data)
            {
                if ({|SVH204:client.Connected|})
                {
                    client.GetStream().Write(data, 0, data.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Loop_whose_read_helper_closes_the_connection_is_silent_a_helper_that_does_not_close_is_reported() => Verify.VerifyAsync(Usings + """
        class ServerBase
        {
            protected byte[] ReadFrame(Socket socket)
            {
                var buffer = new byte[8];
                if (socket.Receive(buffer) == 0)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                    throw new Exception("closed");
                }

                return buffer;
            }
        }

        class Server : ServerBase
        {
            void ServeFrames(Socket accepted)
            {
                while (accepted.Connected)
                {
                    Console.WriteLine(ReadFrame(accepted).Length);
                }
            }

            void Serve(Socket accepted)
            {
                while (accepted.Connected)
                {
                    var message = ReadMessage(accepted);
                    Console.WriteLine(message.Length);
                }
            }

            void ServeForever(Socket accepted)
            {
                while ({|SVH204:accepted.Connected|})
                {
                    var message = Peek(accepted);
                    Console.WriteLine(message.Length);
                }
            }

            byte[] ReadMessage(Socket socket)
            {
                var buffer = new byte[1024];
                int n = socket.Receive(buffer);
                if (n == 0)
                {
                    socket.Close();
                }

                return buffer;
            }

            byte[] Peek(Socket socket) => new byte[socket.ReceiveBufferSize];
        }
        """);

    [Fact]
    public Task Shortcut_in_a_member_that_tests_the_read_count_for_zero_is_silent() => Verify.VerifyAsync(Usings + """
        class Receiver
        {
            private readonly Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            private readonly byte[] buffer = new byte[1024];

            void OnReceive(IAsyncResult result)
            {
                if (!socket.Connected)
                {
                    return;
                }

                int n = socket.EndReceive(result);
                if (n == 0)
                {
                    socket.Close();
                    return;
                }

                socket.BeginReceive(buffer, 0, buffer.Length, SocketFlags.None, OnReceive, null);
            }

            void Send(byte[] data)
            {
                if (!{|SVH204:socket.Connected|})
                {
                    return;
                }

                socket.Send(data);
            }
        }
        """);

    [Fact]
    public Task Lazy_connect_before_a_request_that_reconnects_and_retries_is_silent() => Verify.VerifyAsync(Usings + """
        static class SocketExtensions
        {
            public static void SafeClose(this Socket socket)
            {
                try { socket?.Shutdown(SocketShutdown.Both); } catch { }
                socket?.Close();
            }
        }

        abstract class DeviceBase
        {
            protected Socket socket;

            protected abstract bool Connect();

            public abstract byte[] SendOnce(byte[] command);

            protected byte[] ReadExactly(Socket socket, int count)
            {
                var buffer = new byte[count];
                var done = 0;
                while (done < count)
                {
                    var n = socket.Receive(buffer, done, count - done, SocketFlags.None);
                    if (n == 0)
                    {
                        socket?.SafeClose();
                        return null;
                    }

                    done += n;
                }

                return buffer;
            }

            public byte[] SendReliable(byte[] command)
            {
                try
                {
                    var response = SendOnce(command);
                    if (response == null)
                    {
                        if (!Connect())
                        {
                            return null;
                        }

                        return SendOnce(command);
                    }

                    return response;
                }
                catch (SocketException)
                {
                    if (!Connect())
                    {
                        return null;
                    }

                    return SendOnce(command);
                }
            }
        }

        class Device : DeviceBase
        {
            protected override bool Connect()
            {
                socket?.SafeClose();
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect("plc", 502);
                return true;
            }

            public override byte[] SendOnce(byte[] command)
            {
                socket.Send(command);
                return ReadExactly(socket, 8);
            }

            public byte[] Read(byte[] command)
            {
                if (!socket?.Connected ?? true)
                {
                    if (!Connect())
                    {
                        return null;
                    }
                }

                return SendReliable(command);
            }

            public byte[] ReadOnce(byte[] command)
            {
                if (!{|SVH204:socket?.Connected|} ?? true)
                {
                    Connect();
                }

                return SendOnce(command);
            }
        }
        """);

    [Fact]
    public Task Lazy_connect_with_a_retry_but_no_read_that_closes_is_reported() => Verify.VerifyAsync(Usings + """
        class LogShipper
        {
            private TcpClient client;

            private void Connect()
            {
                client?.Close();
                client = new TcpClient();
                client.Connect("logs", 12201);
            }

            private void Write(byte[] payload) => client.GetStream().Write(payload, 0, payload.Length);

            public void Send(byte[] payload)
            {
                if (!{|SVH204:client.Connected|})
                {
                    Connect();
                }

                SendRetried(payload);
            }

            private void SendRetried(byte[] payload)
            {
                try
                {
                    Write(payload);
                }
                catch (System.IO.IOException)
                {
                    Connect();
                    Write(payload);
                }
            }
        }
        """);

    [Fact]
    public Task Lazy_connect_in_a_type_that_closes_on_zero_but_never_retries_is_reported() => Verify.VerifyAsync(Usings + """
        class Client
        {
            private Socket socket;

            private void Connect()
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect("server", 25575);
            }

            private byte[] Exchange(byte[] command)
            {
                socket.Send(command);
                var buffer = new byte[16];
                if (socket.Receive(buffer) == 0)
                {
                    socket.Close();
                    return null;
                }

                return buffer;
            }

            public byte[] Command(byte[] command)
            {
                if (!{|SVH204:socket.Connected|})
                {
                    Connect();
                }

                return Exchange(command);
            }
        }
        """);

    [Fact]
    public Task Connect_of_a_socket_from_a_pool_that_polls_is_silent_from_a_pool_that_does_not_is_reported() => Verify.VerifyAsync(Usings + """
        class Pool
        {
            private readonly System.Collections.Concurrent.ConcurrentStack<Socket> pool = new();
            private readonly System.Net.EndPoint endPoint = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 6379);

            public Socket Connect()
            {
                var socket = Acquire();
                if (!socket.Connected)
                {
                    socket.Connect(endPoint);
                }

                return socket;
            }

            public bool ConnectAsync(SocketAsyncEventArgs args, out Socket socket)
            {
                socket = Acquire();
                if (socket.Connected)
                {
                    return false;
                }

                return socket.ConnectAsync(args);
            }

            public void SendPooled(byte[] data)
            {
                var socket = Take();
                if ({|SVH204:socket.Connected|})
                {
                    socket.Send(data);
                }
            }

            private Socket Acquire()
            {
                if (!pool.TryPop(out var socket))
                {
                    return new Socket(SocketType.Stream, ProtocolType.Tcp);
                }

                if (socket.Poll(1000, SelectMode.SelectRead))
                {
                    socket.Dispose();
                    return Acquire();
                }

                return socket;
            }

            private Socket Take() => pool.TryPop(out var socket) ? socket : new Socket(SocketType.Stream, ProtocolType.Tcp);
        }
        """);

    [Fact]
    public Task Send_loop_that_leaves_when_its_send_helper_fails_is_silent_one_that_ignores_it_is_reported() => Verify.VerifyAsync(Usings + """
        static class Threads
        {
            static bool TrySend(System.Net.Sockets.NetworkStream stream, byte[] payload)
            {
                try
                {
                    stream.Write(payload, 0, payload.Length);
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }

            static bool TryFormat(byte[] payload) => payload.Length > 0;

            public static void SendLoop(TcpClient client, System.Collections.Concurrent.BlockingCollection<byte[]> queue)
            {
                var stream = client.GetStream();
                try
                {
                    while (client.Connected)
                    {
                        if (!TrySend(stream, queue.Take()))
                        {
                            break;
                        }
                    }
                }
                finally
                {
                    client.Close();
                }
            }

            public static void SendLoopIgnoringFailure(TcpClient client, System.Collections.Concurrent.BlockingCollection<byte[]> queue)
            {
                var stream = client.GetStream();
                while ({|SVH204:client.Connected|})
                {
                    var payload = queue.Take();
                    if (!TryFormat(payload))
                    {
                        break;
                    }

                    TrySend(stream, payload);
                }
            }
        }
        """);

    [Fact]
    public Task Loop_over_a_read_helper_that_throws_on_zero_is_silent_one_that_returns_empty_is_reported() => Verify.VerifyAsync(Usings + """
        class Receiver
        {
            private readonly TcpClient client = new TcpClient();
            private readonly bool ssl;
            private System.IO.Stream sslStream;

            async Task<byte[]> ReadThrowingAsync(CancellationToken token)
            {
                var buffer = new byte[4096];
                int read = ssl
                    ? await sslStream.ReadAsync(buffer, 0, buffer.Length, token)
                    : await client.GetStream().ReadAsync(buffer, 0, buffer.Length, token);
                if (read > 0)
                {
                    return buffer;
                }

                throw new SocketException();
            }

            async Task<byte[]> ReadOrEmptyAsync(CancellationToken token)
            {
                var buffer = new byte[4096];
                int read = await client.GetStream().ReadAsync(buffer, 0, buffer.Length, token);
                if (read == 0)
                {
                    return Array.Empty<byte>();
                }

                if (read > 4000)
                {
                    throw new InvalidOperationException("too large");
                }

                return buffer;
            }

            public async Task ReceiveAsync(CancellationToken token)
            {
                while (!token.IsCancellationRequested && client.Connected)
                {
                    try
                    {
                        var data = await ReadThrowingAsync(token);
                        Console.WriteLine(data.Length);
                    }
                    catch (SocketException)
                    {
                        break;
                    }
                }
            }

            public async Task ReceiveSwallowingAsync(CancellationToken token)
            {
                while (!token.IsCancellationRequested && {|SVH204:client.Connected|})
                {
                    try
                    {
                        var data = await ReadThrowingAsync(token);
                        Console.WriteLine(data.Length);
                    }
                    catch (SocketException)
                    {
                        continue;
                    }
                }
            }

            public async Task ReceiveEmptyAsync(CancellationToken token)
            {
                while ({|SVH204:client.Connected|})
                {
                    var data = await ReadOrEmptyAsync(token);
                    Console.WriteLine(data.Length);
                }
            }
        }
        """);

    // ---- Positives: loop conditions ---------------------------------------------------------------------------

    [Fact]
    public Task While_loop_watchdog_is_reported() => Verify.VerifyAsync(Usings + """
        public class Watchdog
        {
            public void Watch(TcpClient client, Action onLost)
            {
                while ({|SVH204:client.Connected|})
                {
                    Thread.Sleep(100);
                }

                onLost();
            }
        }
        """);

    [Fact]
    public Task Do_while_and_for_conditions_are_reported_with_the_socket_name() => Verify.VerifyAsync(Usings + """
        public class Pump
        {
            public void Run(Socket socket, byte[] ping)
            {
                do
                {
                    socket.Send(ping);
                    Thread.Sleep(1000);
                }
                while ({|SVH204:socket.Connected|});

                for (; {|SVH204:socket.Connected|};)
                {
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    [Fact]
    public Task Read_loop_without_a_zero_test_is_reported() => Verify.VerifyAsync(Usings + """
        public class Reader
        {
            public async Task ReadAsync(TcpClient client, Action<byte[], int> onData, CancellationToken ct)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                while ({|SVH204:client.Connected|} && !ct.IsCancellationRequested)
                {
                    var n = await stream.ReadAsync(buffer, ct);
                    onData(buffer, n);
                }
            }
        }
        """);

    [Fact]
    public Task Message_names_the_type_and_the_span_is_the_member_access() => Verify.VerifyAsync(Usings + """
        public class Watchdog
        {
            public void Watch(TcpClient client, Socket socket)
            {
                while (client.Connected)
                {
                    Thread.Sleep(100);
                }

                if (socket.Connected) socket.Send(new byte[1]);
            }
        }
        """,
        Info(10, 16, 10, 32, "TcpClient.Connected"),
        Info(15, 13, 15, 29, "Socket.Connected"));

    private static DiagnosticResult Info(int line, int column, int endLine, int endColumn, string member) =>
        DiagnosticResult.CompilerWarning("SVH204").WithSpan(line, column, endLine, endColumn).WithArguments(member).WithSeverity(DiagnosticSeverity.Info);

    // ---- Positives: branch conditions -------------------------------------------------------------------------

    [Fact]
    public Task Reconnect_when_not_connected_is_reported() => Verify.VerifyAsync(Usings + """
        public class Sender
        {
            private TcpClient client = new TcpClient();

            public void Send(byte[] data)
            {
                if (!{|SVH204:client.Connected|})
                {
                    client.Dispose();
                    client = new TcpClient();
                    client.Connect("127.0.0.1", 9000);
                }

                client.GetStream().Write(data, 0, data.Length);
            }
        }
        """);

    [Fact]
    public Task Send_only_when_connected_is_reported() => Verify.VerifyAsync(Usings + """
        public class Sender
        {
            private readonly Socket socket;

            public Sender(Socket socket) => this.socket = socket;

            public bool TrySend(byte[] data)
            {
                if ({|SVH204:this.socket.Connected|})
                {
                    socket.Send(data);
                    return true;
                }

                return false;
            }
        }
        """);

    [Fact]
    public Task Patterns_equality_null_conditional_and_or_parts_are_reported() => Verify.VerifyAsync(Usings + """
        public class Sender
        {
            private TcpClient? client;

            public void A() { if (client is null || {|SVH204:client.Connected|} is false) Reconnect(); }
            public void B() { if ({|SVH204:client?.Connected|} != true) Reconnect(); }
            public void C() { if (({|SVH204:client?.Connected|} ?? false) == false) Reconnect(); }
            public void D() { if (client is { } c && {|SVH204:c.Client.Connected|}) c.GetStream().WriteByte(1); }

            private void Reconnect() { }
        }
        """);

    [Fact]
    public Task Ternary_that_picks_an_action_is_reported() => Verify.VerifyAsync(Usings + """
        public class Sender
        {
            public Task SendAsync(TcpClient client, byte[] data, Func<Task> reconnect) =>
                {|SVH204:client.Connected|} ? client.GetStream().WriteAsync(data, 0, data.Length) : reconnect();
        }
        """);

    [Fact]
    public Task Lambda_and_local_function_are_reported() => Verify.VerifyAsync(Usings + """
        public class Monitor
        {
            public Task WatchAsync(Socket socket) => Task.Run(async () =>
            {
                while ({|SVH204:socket.Connected|})
                {
                    await Task.Delay(50);
                }
            });

            public void Check(Socket socket)
            {
                Ping();

                void Ping()
                {
                    if ({|SVH204:socket.Connected|}) socket.Send(new byte[] { 0 });
                }
            }
        }
        """);

    [Fact]
    public Task Top_level_watchdog_is_reported() => Verify.VerifyProgramAsync("""
        using System;
        using System.Net.Sockets;
        using System.Threading;

        using var client = new TcpClient();
        client.Connect("127.0.0.1", 9000);
        Console.WriteLine(client.Connected);
        while ({|SVH204:client.Connected|})
        {
            Thread.Sleep(1000);
        }
        """);

    [Fact]
    public Task Check_after_connect_and_then_io_is_reported() => Verify.VerifyAsync(Usings + """
        public class Session
        {
            public void Run(TcpClient client, byte[] hello, Action reconnect)
            {
                client.Connect("127.0.0.1", 9000);
                client.GetStream().Write(hello, 0, hello.Length);
                Console.WriteLine("sent");
                if (!{|SVH204:client.Connected|})
                {
                    reconnect();
                }
            }
        }
        """);

    // ---- Negatives --------------------------------------------------------------------------------------------

    [Fact]
    public Task Status_reads_right_after_connect_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Connector
        {
            public async Task<TcpClient> ConnectAsync(string host, int port)
            {
                var client = new TcpClient();
                await client.ConnectAsync(host, port);
                Console.WriteLine(client.Connected);
                if (!client.Connected)
                {
                    throw new InvalidOperationException("not connected");
                }

                return client;
            }

            public Socket Connect(string host, int port)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(host, port);
                }
                catch (SocketException)
                {
                }

                var text = socket.Connected ? "connected" : "failed";
                Console.WriteLine(text);
                if (socket.Connected)
                {
                    Console.WriteLine("ok");
                }

                return socket;
            }

            public bool ConnectWithTimeout(TcpClient client, string host, int port) =>
                client.ConnectAsync(host, port).Wait(1000) && client.Connected;

            public void BeginConnect(TcpClient client, string host, int port)
            {
                var result = client.BeginConnect(host, port, null, null);
                var success = result.AsyncWaitHandle.WaitOne(1000);
                if (!success || !client.Connected)
                {
                    throw new TimeoutException();
                }
            }
        }
        """);

    [Fact]
    public Task Assert_logging_interpolation_arguments_and_status_properties_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Status
        {
            private readonly TcpClient client = new TcpClient();

            public bool IsConnected { get; private set; }

            public bool Connected => client.Connected;

            public void Report(Socket socket, Action<bool> log)
            {
                Debug.Assert(socket.Connected);
                Debug.Assert(socket.Connected && client.Connected, "both");
                Console.WriteLine($"connected: {socket.Connected}");
                log(client.Connected);
                IsConnected = client.Connected;
                var label = client.Connected ? "online" : "offline";
                Console.WriteLine(label);
            }
        }
        """);

    [Fact]
    public Task Cleanup_guards_are_not_reported() => Verify.VerifyAsync(Usings + """
        public sealed class Connection : IDisposable
        {
            private readonly Socket socket;
            private readonly TcpClient client;

            public Connection(Socket socket, TcpClient client)
            {
                this.socket = socket;
                this.client = client;
            }

            public void Dispose()
            {
                if (socket.Connected)
                {
                    socket.Shutdown(SocketShutdown.Both);
                }

                if (client != null && client.Connected)
                {
                    client.GetStream().Close();
                    client.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Connect_retry_loops_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Connector
        {
            public void ConnectWithRetry(TcpClient client, string host, int port)
            {
                while (!client.Connected)
                {
                    try
                    {
                        client.Connect(host, port);
                    }
                    catch (SocketException)
                    {
                        Thread.Sleep(500);
                    }
                }
            }

            public async Task ConnectWithRetryAsync(Socket socket, string host, int port)
            {
                do
                {
                    try { await socket.ConnectAsync(host, port); }
                    catch (SocketException) { await Task.Delay(500); }
                }
                while (!socket.Connected);
            }
        }
        """);

    [Fact]
    public Task Read_loops_that_test_the_count_for_zero_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Reader
        {
            public void Read(TcpClient client, Action<byte[], int> onData)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                while (client.Connected)
                {
                    int n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        break;
                    }

                    onData(buffer, n);
                }
            }

            public async Task ReadAsync(Socket socket, Action<byte[], int> onData, CancellationToken ct)
            {
                var buffer = new byte[4096];
                int n;
                while (socket.Connected && (n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false)) > 0)
                {
                    onData(buffer, n);
                }
            }

            public void ReadPattern(Socket socket, Action<byte[], int> onData)
            {
                var buffer = new byte[4096];
                while (socket.Connected)
                {
                    var n = socket.Receive(buffer);
                    if (n is 0) return;
                    onData(buffer, n);
                }
            }
        }
        """);

    [Fact]
    public Task Connected_of_other_types_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Device
        {
            public bool Connected { get; set; }
        }

        public class User
        {
            public void Use(Device device, System.Net.WebSockets.ClientWebSocket ws)
            {
                while (device.Connected)
                {
                    Thread.Sleep(10);
                }

                if (ws.State == System.Net.WebSockets.WebSocketState.Open)
                {
                }
            }
        }
        """);

    // ---- The harness pair ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Harness_bad_variant_is_reported_and_fixed_variant_is_not()
    {
        var folder = Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios", "SVH204");
        var bad = await File.ReadAllTextAsync(Path.Combine(folder, "Bad.cs"));
        Assert.Contains("client.Connected", bad);
        await Verify.VerifyAsync(bad.Replace("client.Connected", "{|SVH204:client.Connected|}", StringComparison.Ordinal));
        await Verify.VerifyAsync(await File.ReadAllTextAsync(Path.Combine(folder, "Fixed.cs")));
    }

    // ---- Targets and broken code ------------------------------------------------------------------------------

    [Fact]
    public Task Net48_watchdog_is_reported() => Verify.VerifyWithoutStubsAsync("""
        using System.Net.Sockets;
        using System.Threading;

        public class Watchdog
        {
            public void Watch(TcpClient client)
            {
                while ({|SVH204:client.Connected|})
                {
                    Thread.Sleep(100);
                }
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task NetStandard20_branch_is_reported() => Verify.VerifyWithoutStubsAsync("""
        using System.Net.Sockets;

        public class Sender
        {
            public void Send(Socket socket, byte[] data)
            {
                if ({|SVH204:socket.Connected|})
                {
                    socket.Send(data);
                }
            }
        }
        """, TestReferences.NetStandard20);

    // ---- Wrappers of the type's own --------------------------------------------------------------------------

    [Fact]
    public Task Wrapper_property_used_as_a_send_guard_or_loop_condition_is_reported_at_the_use() => Verify.VerifyAsync(Usings + """
        public class Link
        {
            private TcpClient? _client;
            private bool _closing;

            public bool IsConnected => _client != null && {|#1:_client.Connected|} && !_closing;

            public void Send(byte[] data)
            {
                if ({|#0:IsConnected|})
                {
                    _client!.GetStream().Write(data, 0, data.Length);
                }
            }

            public void SendOrDrop(byte[] data)
            {
                if (!{|#2:IsConnected|}) return;
                _client!.GetStream().Write(data, 0, data.Length);
            }

            public void Heartbeat(byte[] ping)
            {
                while ({|#3:this.IsConnected|})
                {
                    Thread.Sleep(1000);
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH204).WithLocation(0).WithLocation(1).WithArguments("IsConnected (TcpClient.Connected)"),
        new DiagnosticResult(Descriptors.SVH204).WithLocation(2).WithLocation(1).WithArguments("IsConnected (TcpClient.Connected)"),
        new DiagnosticResult(Descriptors.SVH204).WithLocation(3).WithLocation(1).WithArguments("IsConnected (TcpClient.Connected)"));

    [Fact]
    public Task Getter_computing_into_a_local_and_a_method_wrapper_are_reported() => Verify.VerifyAsync(Usings + """
        public class Link
        {
            private Socket? _socket;

            public bool Connected
            {
                get
                {
                    var socket = _socket;
                    var alive = socket != null && {|#1:socket.Connected|};
                    return alive;
                }
            }

            private bool IsUp() => {|#3:_socket!.Connected|};

            public void Send(byte[] data)
            {
                if ({|#0:Connected|}) _socket!.Send(data);
            }

            public void Pump(byte[] buffer)
            {
                while ({|#2:IsUp()|})
                {
                    Thread.Sleep(10);
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH204).WithLocation(0).WithLocation(1).WithArguments("Connected (Socket.Connected)"),
        new DiagnosticResult(Descriptors.SVH204).WithLocation(2).WithLocation(3).WithArguments("IsUp (Socket.Connected)"));

    [Fact]
    public Task Wrappers_for_status_or_that_poll_or_guard_no_send_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Link
        {
            private TcpClient? _client;
            private Socket? _socket;

            public bool IsConnected => _client != null && _client.Connected;

            public bool IsAlive => _socket != null && _socket.Connected && !(_socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0);

            public string Status => IsConnected ? "online" : "offline";

            public override string ToString() => "connected: " + IsConnected;

            public void Report(Action<string> log)
            {
                log($"connected={IsConnected}");
                if (IsConnected)
                {
                    log("still connected");
                }
            }

            public void Close()
            {
                if (IsConnected)
                {
                    _client!.Close();
                }
            }

            public void Send(byte[] data)
            {
                if (IsAlive) _socket!.Send(data);
                while (IsAlive) { Thread.Sleep(1000); }
            }

            public void ReadUntilClosed(byte[] buffer)
            {
                // The loop already detects the close by the read's count.
                while (IsConnected)
                {
                    var n = _client!.GetStream().Read(buffer, 0, buffer.Length);
                    if (n == 0) break;
                }
            }
        }

        public class Other
        {
            // Another type's wrapper: only the type's own uses count.
            public void Send(Link link, Socket socket, byte[] data)
            {
                if (link.IsConnected) socket.Send(data);
            }
        }
        """);

    // ---- Failure handling that makes Connected a "closed by us" flag; constructor checks ----

    [Fact]
    public Task Branch_in_a_constructor_is_silent_the_same_branch_in_a_method_is_reported() => Verify.VerifyAsync(Usings + """
        using System.IO;

        class Wrapper
        {
            private readonly Socket socket;
            private Stream stream;

            public Wrapper(Socket socket)
            {
                this.socket = socket;
                if (socket.Connected)
                {
                    stream = new NetworkStream(socket);
                }
            }

            public void Send(byte[] data)
            {
                if ({|SVH204:socket.Connected|})
                {
                    stream.Write(data, 0, data.Length);
                }
            }

            public Wrapper(TcpClient client, byte[] hello)
            {
                // A loop in a constructor is still a liveness decision.
                while ({|SVH204:client.Connected|})
                {
                    Thread.Sleep(100);
                }
            }
        }
        """);

    [Fact]
    public Task Loop_whose_catch_closes_the_connection_is_silent_a_catch_that_carries_on_is_reported() => Verify.VerifyAsync(Usings + """
        using System.IO;

        class Session
        {
            public TcpClient client;
            public StreamReader reader;
        }

        class Server
        {
            void Handle(Session session)
            {
                while (session.client.Connected)
                {
                    try
                    {
                        Receive(session);
                    }
                    catch (Exception)
                    {
                        session.client.Close();
                    }
                }
            }

            void HandleSocket(Socket socket, byte[] buffer)
            {
                while (socket.Connected)
                {
                    try
                    {
                        socket.Receive(buffer);
                    }
                    catch
                    {
                        socket.Close();
                    }
                }
            }

            void CarriesOn(Session session)
            {
                while ({|SVH204:session.client.Connected|})
                {
                    try
                    {
                        Receive(session);
                    }
                    catch (Exception)
                    {
                        Console.WriteLine("failed");
                    }
                }
            }

            void ClosesAnother(Session session, Session other)
            {
                while ({|SVH204:session.client.Connected|})
                {
                    try
                    {
                        Receive(session);
                    }
                    catch (Exception)
                    {
                        other.client.Close();
                    }
                }
            }

            void NoIoInTheTry(Session session)
            {
                while ({|SVH204:session.client.Connected|})
                {
                    try
                    {
                        Thread.Sleep(1000);
                    }
                    catch (Exception)
                    {
                        session.client.Close();
                    }
                }
            }

            void Receive(Session session) => Console.WriteLine(session.reader.ReadLine().Length);
        }
        """);

    [Fact]
    public Task Quick_exit_before_a_send_whose_failure_closes_is_silent_a_send_without_it_is_reported() => Verify.VerifyAsync(Usings + """
        using System.IO;

        class Client : IDisposable
        {
            private TcpClient client;
            private Stream stream;

            public bool Send(byte[] data)
            {
                if (client == null || !client.Connected)
                {
                    return false;
                }

                var failed = false;
                try
                {
                    WriteFrame(data);
                    return true;
                }
                catch (Exception)
                {
                    failed = true;
                    return false;
                }
                finally
                {
                    if (failed)
                    {
                        Dispose();
                    }
                }
            }

            public bool SendDirect(byte[] data)
            {
                if (!client.Connected)
                {
                    throw new InvalidOperationException("not connected");
                }

                try
                {
                    stream.Write(data, 0, data.Length);
                    return true;
                }
                catch (IOException)
                {
                    client.Close();
                    return false;
                }
            }

            public bool SendSwallowing(byte[] data)
            {
                if (!{|SVH204:client.Connected|})
                {
                    return false;
                }

                try
                {
                    WriteFrame(data);
                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }

            public bool SendClosingOnCancelOnly(byte[] data)
            {
                if (!{|SVH204:client.Connected|})
                {
                    return false;
                }

                try
                {
                    WriteFrame(data);
                    return true;
                }
                catch (OperationCanceledException)
                {
                    Dispose();
                    return false;
                }
            }

            private void WriteFrame(byte[] data) => stream.Write(data, 0, data.Length);

            public void Dispose() => Dispose(true);

            protected virtual void Dispose(bool disposing)
            {
                if (disposing)
                {
                    Disconnect();
                }
            }

            private void Disconnect() => client?.Close();
        }
        """);

    [Fact]
    public Task Quick_exit_at_the_top_of_a_loop_that_leaves_on_a_failed_read_is_silent_otherwise_reported() => Verify.VerifyAsync(Usings + """
        using System.IO;

        class Message
        {
            private readonly Stream source;

            public Message(Stream source) => this.source = source;

            public async Task<bool> BuildAsync(CancellationToken token)
            {
                var header = new byte[4];
                try
                {
                    await source.ReadExactlyAsync(header, token);
                    return true;
                }
                catch (IOException)
                {
                    return false;
                }
            }
        }

        class Receiver
        {
            private TcpClient client;
            private Stream stream;

            async Task ReceiveLoop(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        if (client == null || !client.Connected)
                        {
                            break;
                        }

                        var message = new Message(stream);
                        bool ok = await message.BuildAsync(token).ConfigureAwait(false);
                        if (!ok)
                        {
                            break;
                        }
                    }
                    catch (Exception)
                    {
                        break;
                    }
                }
            }

            async Task ReceiveLoopIgnoringFailure(CancellationToken token)
            {
                while (true)
                {
                    if (!{|SVH204:client.Connected|})
                    {
                        break;
                    }

                    var message = new Message(stream);
                    await message.BuildAsync(token);
                    await Task.Delay(10);
                }
            }

            async Task ReceiveLoopSwallowing(CancellationToken token)
            {
                while (true)
                {
                    try
                    {
                        if (!{|SVH204:client.Connected|})
                        {
                            break;
                        }

                        var message = new Message(stream);
                        if (!await message.BuildAsync(token))
                        {
                            break;
                        }
                    }
                    catch (Exception)
                    {
                        continue;
                    }
                }
            }
        }
        """);

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = new CSharpAnalyzerTest<ConnectedAsLivenessCheckAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                public class Broken
                {
                    public void Watch(TcpClient client, Socket s)
                    {
                        while (client.Connected &&
                        {
                        }

                        if (s.Connected is )
                        if (Missing.Connected) { }
                        if (!client.Connected
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        // The complete conditions are still judged; the half-typed pattern and the unknown receiver are not.
        test.ExpectedDiagnostics.Add(Info(10, 16, 10, 32, "TcpClient.Connected"));
        test.ExpectedDiagnostics.Add(Info(16, 14, 16, 30, "TcpClient.Connected"));
        await test.RunAsync();
    }
}
