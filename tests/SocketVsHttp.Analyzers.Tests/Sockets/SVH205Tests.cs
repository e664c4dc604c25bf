using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Fix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, SocketVsHttp.Sockets.NoKeepAliveOrTimeoutFixer>;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH205Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------------------------------------------------------------- positives

    [Fact]
    public Task Reads_through_a_base_class_helper_in_a_long_lived_loop_are_long_lived_reads() => Verify.VerifyAsync("""
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public abstract class ServerBase
        {
            protected byte[] SocketRead(Socket socket, int count)
            {
                var buffer = new byte[count];
                var done = 0;
                while (done < count)
                {
                    var n = socket.Receive(buffer, done, count - done, SocketFlags.None);
                    if (n == 0)
                    {
                        socket.Close();
                        throw new Exception("closed");
                    }

                    done += n;
                }

                return buffer;
            }

            protected byte[] TimedRead(Socket socket, int count)
            {
                socket.ReceiveTimeout = 5000;
                var buffer = new byte[count];
                socket.Receive(buffer);
                return buffer;
            }

            protected void Write(Socket socket, byte[] data) => socket.Send(data);
        }

        public sealed class ModbusServer : ServerBase
        {
            private readonly Socket listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public void Accept()
            {
                Socket accepted = {|SVH205:listener.Accept()|};
                Task.Run(() => Receive(accepted));
            }

            public void AcceptTimed()
            {
                Socket accepted = listener.Accept();
                Task.Run(() => ReceiveTimed(accepted));
            }

            public void AcceptWriter()
            {
                Socket accepted = listener.Accept();
                Task.Run(() => Answer(accepted));
            }

            private void Receive(Socket socket)
            {
                while (socket.Connected)
                {
                    var frame = SocketRead(socket, 8);
                    Console.WriteLine(frame.Length);
                }
            }

            private void ReceiveTimed(Socket socket)
            {
                while (socket.Connected)
                {
                    Console.WriteLine(TimedRead(socket, 8).Length);
                }
            }

            private void Answer(Socket socket)
            {
                while (socket.Connected)
                {
                    Write(socket, new byte[1]);
                }
            }
        }
        """);

    [Fact]
    public async Task TcpClient_read_in_endless_loop_is_reported_at_its_creation_with_the_read_as_additional_location()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task RunAsync()
                {
                    using var client = {|#0:new TcpClient()|};
                    await client.ConnectAsync("127.0.0.1", 5000);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = await {|#1:stream.ReadAsync(buffer)|};
                        if (n == 0) break;
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"));
    }

    [Fact]
    public async Task Socket_field_created_in_the_type_and_read_in_a_flag_loop_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Feed
            {
                private Socket? _socket;
                private bool _running = true;

                public void Connect(EndPoint endPoint)
                {
                    _socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    _socket.Connect(endPoint);
                }

                public void ReadLoop(byte[] buffer)
                {
                    while (_running)
                    {
                        if (_socket!.Receive(buffer) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Stream_field_from_a_TcpClient_field_is_traced()
    {
        await Verify.VerifyAsync(Usings + """
            class Feed
            {
                private readonly TcpClient _client = {|SVH205:new TcpClient()|};
                private NetworkStream? _stream;

                public void Connect()
                {
                    _client.Connect("127.0.0.1", 5000);
                    _stream = _client.GetStream();
                }

                public void ReadLoop(byte[] buffer)
                {
                    while (_client.Connected)
                    {
                        if (_stream!.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Accepted_socket_and_SslStream_over_it_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                async Task HandleAsync(TcpListener listener)
                {
                    var socket = await {|SVH205:listener.AcceptSocketAsync()|};
                    var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true));
                    var buffer = new byte[1024];
                    for (;;)
                    {
                        if (await ssl.ReadAsync(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Default_or_None_token_is_no_cancellation()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task RunAsync(byte[] buffer)
                {
                    using var socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    while (true)
                    {
                        if (await socket.ReceiveAsync(buffer, SocketFlags.None, CancellationToken.None) == 0) return;
                        if (await socket.ReceiveAsync(buffer, SocketFlags.None, default) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Keep_alive_turned_off_or_infinite_timeout_does_not_count()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Run(byte[] buffer)
                {
                    var client = {|SVH205:new TcpClient { ReceiveTimeout = 0 }|};
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, false);
                    client.ReceiveTimeout = Timeout.Infinite;
                    var stream = client.GetStream();
                    while (true)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Top_level_statements_are_analyzed()
    {
        await Verify.VerifyProgramAsync("""
            using System.Net.Sockets;

            using var client = {|SVH205:new TcpClient("127.0.0.1", 5000)|};
            var stream = client.GetStream();
            var buffer = new byte[256];
            while (true)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
            }
            """);
    }

    [Fact]
    public async Task Target_typed_new_local_functions_and_patterns_are_understood()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                private bool _running = true;

                void Run(byte[] buffer)
                {
                    TcpClient client = {|SVH205:new()|};
                    client.Connect("127.0.0.1", 5000);
                    Loop();

                    void Loop()
                    {
                        var stream = client.GetStream();
                        while (_running)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) is 0) return;
                        }
                    }
                }

                async Task SocketAsync(byte[] buffer)
                {
                    Socket socket = {|SVH205:new(SocketType.Stream, ProtocolType.Tcp)|};
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, 5000));
                    while (socket.Connected)
                    {
                        var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                        if (n is <= 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Stream_field_cleared_to_null_on_dispose_still_belongs_to_the_connection()
    {
        await Verify.VerifyAsync(Usings + """
            class Link : IDisposable
            {
                private TcpClient? _client;
                private NetworkStream? _stream;

                public void Open()
                {
                    _client = {|#0:new TcpClient("127.0.0.1", 5000)|};
                    _stream = _client.GetStream();
                }

                public void Pump(byte[] buffer)
                {
                    while (true) { if ({|#1:_stream!.Read(buffer, 0, buffer.Length)|} == 0) return; }
                }

                public void Dispose()
                {
                    _stream?.Dispose();
                    _stream = null;
                    _client?.Dispose();
                    _client = null;
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("_client"));
    }

    [Fact]
    public async Task Shutdown_tokens_passed_straight_through_are_no_timeout()
    {
        await Verify.VerifyAsync(Usings + """
            class Feed
            {
                private readonly CancellationTokenSource _stop = new CancellationTokenSource();

                public void Stop() => _stop.Cancel();

                async Task FromParameter(CancellationToken ct)
                {
                    using var client = {|#0:new TcpClient()|};
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (!ct.IsCancellationRequested)
                    {
                        if (await {|#1:stream.ReadAsync(buffer, ct)|} == 0) return;
                    }
                }

                async Task FromStopSource()
                {
                    var socket = {|#2:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    var buffer = new byte[16];
                    var token = _stop.Token;
                    while (true)
                    {
                        if (await {|#3:socket.ReceiveAsync(buffer, SocketFlags.None, token)|} == 0) return;
                        if (await {|#4:socket.ReceiveAsync(buffer, SocketFlags.None)|}.WaitAsync(token) == 0) return;
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"),
            new DiagnosticResult(Descriptors.SVH205).WithLocation(2).WithLocation(3).WithLocation(4).WithArguments("socket"));
    }

    [Fact]
    public async Task Racing_a_read_with_a_stop_signal_is_no_timeout()
    {
        await Verify.VerifyAsync(Usings + """
            class Feed
            {
                private readonly TaskCompletionSource _stopped = new();

                async Task RunAsync()
                {
                    using var client = {|SVH205:new TcpClient()|};
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (true)
                    {
                        var read = stream.ReadAsync(buffer, 0, buffer.Length);
                        if (await Task.WhenAny(read, _stopped.Task) != read) return;
                        if (await read == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Accepted_connection_handed_to_a_handler_constructor_whose_thread_reads_forever()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class Server
                {
                    private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);

                    public void Run()
                    {
                        while (true)
                        {
                            var client = {|#0:_listener.AcceptTcpClient()|};
                            new Session(client).Start();
                        }
                    }

                    public void RunDirect()
                    {
                        while (true)
                        {
                            new Session({|#2:_listener.AcceptTcpClient()|}).Start();
                        }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("Session.cs", Usings + """
            class Session
            {
                private readonly TcpClient _client;

                public Session(TcpClient client) => _client = client;

                public void Start() => new Thread(Loop).Start();

                private void Loop()
                {
                    var stream = _client.GetStream();
                    var buffer = new byte[256];
                    while (true)
                    {
                        if ({|#1:stream.Read(buffer, 0, buffer.Length)|} == 0) return;
                    }
                }
            }
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH205).WithLocation(2).WithLocation(1).WithArguments("Session._client"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Accepted_connection_handed_to_a_same_type_handler_that_reads_forever()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                void Listen(TcpListener listener)
                {
                    while (true)
                    {
                        TcpClient client = {|SVH205:listener.AcceptTcpClient()|};
                        new Thread(() => Handle(client)).Start();
                    }
                }

                void Handle(TcpClient client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[256];
                    while (true)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Accepted_clients_kept_in_a_collection_and_polled_by_an_endless_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);
                private readonly System.Collections.Generic.List<TcpClient> _clients = new();

                public void Run()
                {
                    _listener.Start();
                    while (true)
                    {
                        AcceptNew();
                        ServeExisting();
                        Thread.Sleep(100);
                    }
                }

                private void AcceptNew()
                {
                    while (_listener.Pending())
                    {
                        var client = {|#0:_listener.AcceptTcpClient()|};
                        _clients.Add(client);
                    }
                }

                private void ServeExisting()
                {
                    var buffer = new byte[256];
                    foreach (var client in _clients)
                    {
                        if (client.Available == 0) continue;
                        var n = {|#1:client.GetStream().Read(buffer, 0, buffer.Length)|};
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"));
    }

    [Fact]
    public async Task Field_connection_read_by_a_method_called_from_an_endless_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class Feed
            {
                private Socket? _socket;
                private volatile bool _running = true;

                public void Connect(EndPoint endPoint)
                {
                    _socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    _socket.Connect(endPoint);
                }

                public void Run()
                {
                    while (_running)
                    {
                        var message = ReadMessage();
                        if (message.Length == 0) return;
                    }
                }

                private byte[] ReadMessage()
                {
                    var header = new byte[4];
                    var read = 0;
                    while (read < header.Length)
                    {
                        var n = _socket!.Receive(header, read, header.Length - read, SocketFlags.None);
                        if (n == 0) return Array.Empty<byte>();
                        read += n;
                    }

                    return header;
                }
            }
            """);
    }

    [Fact]
    public async Task Field_connection_handed_to_a_reader_thread_and_a_stream_field_shared_by_two_connects()
    {
        await Verify.VerifyAsync(Usings + """
            class ChatWindow
            {
                private TcpClient? _client;

                public void Join(IPAddress address)
                {
                    _client = {|#0:new TcpClient()|};
                    _client.Connect(address, 5000);
                    new Thread(() => Receive(_client)).Start();
                }

                private void Receive(TcpClient client)
                {
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = {|#1:client.GetStream().Read(buffer, 0, buffer.Length)|};
                        if (n == 0) return;
                    }
                }
            }

            class Peer
            {
                private NetworkStream? _stream;

                public void Connect(string host)
                {
                    var client = {|#2:new TcpClient(host, 5000)|};
                    _stream = client.GetStream();
                    Listen();
                }

                public void Connect(TcpClient accepted)
                {
                    _stream = accepted.GetStream();
                    Listen();
                }

                private void Listen() => new Thread(() =>
                {
                    var buffer = new byte[256];
                    while (true)
                    {
                        if ({|#3:_stream!.Read(buffer, 0, buffer.Length)|} == 0) return;
                    }
                }).Start();
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("_client"),
            new DiagnosticResult(Descriptors.SVH205).WithLocation(2).WithLocation(3).WithArguments("client"));
    }

    [Fact]
    public async Task Line_and_binary_readers_over_the_connection_are_reads()
    {
        await Verify.VerifyAsync(Usings + """
            class ChatServer
            {
                void Listen(TcpListener listener)
                {
                    while (true)
                    {
                        var client = {|#0:listener.AcceptTcpClient()|};
                        new Thread(() => Handle(client)).Start();
                    }
                }

                void Handle(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = {|#1:reader.ReadLine()|};
                        if (line == null) return;
                    }
                }
            }

            class Handler
            {
                private readonly Socket _socket;
                private NetworkStream? _stream;
                private BinaryReader? _reader;

                public Handler(Socket socket) => _socket = socket;

                public void Chat()
                {
                    _stream = new NetworkStream(_socket);
                    _reader = new BinaryReader(_stream);
                    while (true)
                    {
                        Console.WriteLine({|#3:_reader.ReadString()|});
                    }
                }
            }

            class Server
            {
                void Accept(TcpListener listener)
                {
                    while (true)
                    {
                        var handler = new Handler({|#2:listener.AcceptSocket()|});
                        new Thread(handler.Chat).Start();
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"),
            new DiagnosticResult(Descriptors.SVH205).WithLocation(2).WithLocation(3).WithArguments("Handler._socket"));
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task Keep_alive_on_the_same_socket_silences()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void A(byte[] buffer)
                {
                    var client = new TcpClient();
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    var stream = client.GetStream();
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }

                void B(byte[] buffer)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                    while (true) { if (socket.Receive(buffer) == 0) return; }
                }

                void D(byte[] buffer, byte[] keepAliveValues)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.IOControl(IOControlCode.KeepAliveValues, keepAliveValues, null);
                    while (true) { if (socket.Receive(buffer) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Receive_timeouts_silence()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                private TcpClient? _client;

                void Configure() => _client!.ReceiveTimeout = 30_000;

                void Start() => _client = new TcpClient("127.0.0.1", 5000);

                void A(byte[] buffer)
                {
                    var stream = _client!.GetStream();
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }

                void B(byte[] buffer)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
                    while (true) { if (socket.Receive(buffer) == 0) return; }
                }

                void D(byte[] buffer)
                {
                    var client = new TcpClient();
                    var stream = client.GetStream();
                    stream.ReadTimeout = 10_000;
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Local_connection_reached_from_another_member_through_a_stream_field_counts()
    {
        // The local's stream is stored in a field and given a timeout elsewhere: the whole type is asked, not only the body.
        await Verify.VerifyAsync(Usings + """
            class C
            {
                private NetworkStream? _stream;

                void Configure() => _stream!.ReadTimeout = 30_000;

                void Run(byte[] buffer)
                {
                    var client = new TcpClient();
                    _stream = client.GetStream();
                    var stream = client.GetStream();
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }

                void Unprotected(byte[] buffer)
                {
                    var client = {|SVH205:new TcpClient()|};
                    var stream = client.GetStream();
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Reads_with_a_token_or_WaitAsync_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task A(CancellationToken ct)
                {
                    using var client = new TcpClient();
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (!ct.IsCancellationRequested)
                    {
                        if (await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) == 0) return;
                    }
                }

                async Task Idle(CancellationToken ct)
                {
                    using var client = new TcpClient();
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (!ct.IsCancellationRequested)
                    {
                        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                        idle.CancelAfter(TimeSpan.FromSeconds(60));
                        if (await stream.ReadAsync(buffer, idle.Token) == 0) return;
                    }
                }

                async Task Linked(CancellationToken ct)
                {
                    using var client = new TcpClient();
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
                    while (true)
                    {
                        if (await stream.ReadAsync(buffer, linked.Token) == 0) return;
                    }
                }

                async Task Raced()
                {
                    using var client = new TcpClient();
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (true)
                    {
                        var read = stream.ReadAsync(buffer, 0, buffer.Length);
                        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(60))) != read) return;
                        if (await read == 0) return;
                    }
                }

                void Blocking()
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    var buffer = new byte[16];
                    while (true)
                    {
                        var pending = socket.ReceiveAsync(buffer, SocketFlags.None);
                        if (!pending.Wait(30_000)) return;
                    }
                }

                async Task FromElsewhere(Func<CancellationToken> idleToken)
                {
                    using var client = new TcpClient();
                    var stream = client.GetStream();
                    var buffer = new byte[16];
                    while (true)
                    {
                        // Where the token comes from is not visible: trusted.
                        if (await stream.ReadAsync(buffer, idleToken()) == 0) return;
                    }
                }

                async Task B()
                {
                    using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    var buffer = new byte[16];
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    while (true)
                    {
                        if (await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Short_exchanges_udp_listeners_and_unknown_origins_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                int Request(byte[] buffer)
                {
                    using var client = new TcpClient("127.0.0.1", 5000);
                    var stream = client.GetStream();
                    stream.Write(buffer, 0, buffer.Length);
                    return stream.Read(buffer, 0, buffer.Length);
                }

                void Udp(byte[] buffer)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    while (true) { socket.Receive(buffer); }
                }

                void Listen()
                {
                    var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    listener.Listen();
                    while (true) { var accepted = listener.Accept(); accepted.Dispose(); }
                }

                void FromParameter(Socket socket, NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }

                void Bounded(byte[] buffer)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    var offset = 0;
                    while (offset < buffer.Length)
                    {
                        var n = socket.Receive(buffer, offset, buffer.Length - offset, SocketFlags.None);
                        if (n == 0) break;
                        offset += n;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Handed_off_connections_with_keep_alive_or_a_timeout_or_short_handlers_are_not_flagged()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class Server
                {
                    void KeepAliveBeforeHandOff(TcpListener listener)
                    {
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                            new Session(client).Start();
                        }
                    }

                    void TimedSession(TcpListener listener)
                    {
                        while (true)
                        {
                            new TimedSession(listener.AcceptTcpClient()).Start();
                        }
                    }

                    void ShortExchange(TcpListener listener)
                    {
                        // An accept loop calling a per-connection handler that answers once: not an endless read.
                        while (true)
                        {
                            var client = listener.AcceptTcpClient();
                            Answer(client);
                        }
                    }

                    void Answer(TcpClient client)
                    {
                        using (client)
                        {
                            var buffer = new byte[256];
                            var n = client.GetStream().Read(buffer, 0, buffer.Length);
                            client.GetStream().Write(buffer, 0, n);
                        }
                    }

                    void ExternalType(TcpListener listener)
                    {
                        while (true)
                        {
                            // A framework type's constructor: what it does with the stream is not visible.
                            var client = listener.AcceptTcpClient();
                            var reader = new BufferedStream(client.GetStream());
                        }
                    }
                }

                class TimedSession
                {
                    private readonly TcpClient _client;

                    public TimedSession(TcpClient client)
                    {
                        _client = client;
                        _client.ReceiveTimeout = 30_000;
                    }

                    public void Start() => new Thread(Loop).Start();

                    private void Loop()
                    {
                        var buffer = new byte[256];
                        while (true) { if (_client.GetStream().Read(buffer, 0, buffer.Length) == 0) return; }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("Session.cs", Usings + """
            class Session
            {
                private readonly TcpClient _client;

                public Session(TcpClient client) => _client = client;

                public void Start() => new Thread(Loop).Start();

                private void Loop()
                {
                    var buffer = new byte[256];
                    while (true) { if (_client.GetStream().Read(buffer, 0, buffer.Length) == 0) return; }
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task An_accept_or_reconnect_loop_around_the_creation_is_not_the_connection_lifetime()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                async Task EchoAsync(TcpListener listener, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        using var client = await listener.AcceptTcpClientAsync(ct);
                        var stream = client.GetStream();
                        var buffer = new byte[1024];
                        int n;
                        while ((n = await stream.ReadAsync(buffer, ct)) != 0)
                        {
                            await stream.WriteAsync(buffer.AsMemory(0, n), ct);
                        }
                    }
                }

                async Task ReconnectAsync(EndPoint endPoint, CancellationToken ct)
                {
                    while (true)
                    {
                        using var socket = {|#0:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                        await socket.ConnectAsync(endPoint, ct);
                        var buffer = new byte[1024];
                        while (socket.Connected)
                        {
                            if (await {|#1:socket.ReceiveAsync(buffer, SocketFlags.None, ct)|} == 0) break;
                        }
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("socket"));
    }

    [Fact]
    public async Task A_polling_loop_that_also_connects_each_time_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Poller
            {
                private TcpClient? _client;
                private volatile bool _running = true;

                public void Run()
                {
                    while (_running)
                    {
                        Connect();
                        var reply = ReadReply();
                        _client!.Dispose();
                        Thread.Sleep(1000);
                    }
                }

                private void Connect() => _client = new TcpClient("127.0.0.1", 5000);

                private int ReadReply()
                {
                    var buffer = new byte[64];
                    return _client!.GetStream().Read(buffer, 0, buffer.Length);
                }
            }
            """);
    }

    [Fact]
    public async Task A_shared_stream_field_given_a_timeout_protects_every_connection_stored_in_it()
    {
        await Verify.VerifyAsync(Usings + """
            class Peer
            {
                private NetworkStream? _stream;

                public void Connect(string host)
                {
                    var client = new TcpClient(host, 5000);
                    _stream = client.GetStream();
                    _stream.ReadTimeout = 30_000;
                }

                public void Connect(TcpClient accepted) => _stream = accepted.GetStream();

                public void Listen(byte[] buffer)
                {
                    while (true) { if (_stream!.Read(buffer, 0, buffer.Length) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Readers_over_files_or_over_a_stream_with_a_timeout_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void File(string path)
                {
                    var client = new TcpClient();
                    var reader = new StreamReader(path);
                    while (true) { if (reader.ReadLine() == null) return; }
                }

                void Timed()
                {
                    var client = new TcpClient();
                    var stream = client.GetStream();
                    stream.ReadTimeout = 60_000;
                    var reader = new StreamReader(stream);
                    while (true) { if (reader.ReadLine() == null) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Collections_with_keep_alive_or_not_polled_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                private readonly System.Collections.Generic.List<TcpClient> _guarded = new();
                private readonly System.Collections.Generic.List<TcpClient> _once = new();
                private volatile bool _running = true;

                void AcceptGuarded(TcpListener listener)
                {
                    var client = listener.AcceptTcpClient();
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    _guarded.Add(client);
                }

                void AcceptOnce(TcpListener listener) => _once.Add(listener.AcceptTcpClient());

                void Poll(byte[] buffer)
                {
                    while (_running)
                    {
                        foreach (var client in _guarded)
                        {
                            if (client.Available > 0) client.GetStream().Read(buffer, 0, buffer.Length);
                        }
                    }
                }

                void DrainOnce(byte[] buffer)
                {
                    // One pass, called from nowhere long-lived.
                    foreach (var client in _once)
                    {
                        if (client.Available > 0) client.GetStream().Read(buffer, 0, buffer.Length);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Target_without_sockets_registers_nothing()
    {
        await Verify.VerifyWithoutStubsAsync("""
            class C
            {
                void M() { while (true) { } }
            }
            """, TestReferences.NetStandard20);
    }

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    private Socket _s = new Socket(;
                    void Pump(byte[] buffer)
                    {
                        var client = {|SVH205:new TcpClient()|};
                        var stream = client.GetStream();
                        while (true)
                        {
                            stream.Read(buffer, 0, 1);
                            var other = new TcpClient(;
                            stream.Read(buffer, 0, buffer.Length
                            _s.SetSocketOption(SocketOptionLevel.Socket, Missing.KeepAlive, true);
                            _s.Receive(
                        }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- type-wide facts

    [Fact]
    public async Task Partial_parts_share_creations_and_keep_alive()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                partial class Feed
                {
                    private Socket? _guarded;
                    private Socket? _bare;

                    void ReadGuarded(byte[] buffer)
                    {
                        _guarded = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        while (true) { if (_guarded.Receive(buffer) == 0) return; }
                    }

                    void ReadBare(byte[] buffer)
                    {
                        while (true) { if (_bare!.Receive(buffer) == 0) return; }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("Second.cs", Usings + """
            partial class Feed
            {
                void Configure() => _guarded!.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);

                void Connect() => _bare = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Nested_types_keep_their_own_facts()
    {
        await Verify.VerifyAsync(Usings + """
            class Outer
            {
                private Socket? _socket;

                void Configure() => _socket!.ReceiveTimeout = 5000;

                void Read(byte[] buffer)
                {
                    while (true) { if (_socket!.Receive(buffer) == 0) return; }
                }

                class Inner
                {
                    private Socket? _socket;

                    void Connect() => _socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};

                    void Read(byte[] buffer)
                    {
                        while (true) { if (_socket!.Receive(buffer) == 0) return; }
                    }
                }

                class Unrelated
                {
                    private Socket? _socket;

                    void Read(byte[] buffer)
                    {
                        while (true) { if (_socket!.Receive(buffer) == 0) return; }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Every_read_of_one_connection_is_reported_once()
    {
        await Verify.VerifyAsync(Usings + """
            class Pump
            {
                private TcpClient? _client;
                private NetworkStream? _stream;

                void Connect()
                {
                    _client = {|SVH205:new TcpClient("127.0.0.1", 5000)|};
                    _stream = _client.GetStream();
                }

                void Header(byte[] buffer)
                {
                    while (true) { if (_stream!.Read(buffer, 0, 4) == 0) return; }
                }

                async Task BodyAsync(byte[] buffer)
                {
                    while (true)
                    {
                        if (await _stream!.ReadAsync(buffer) == 0) return;
                        if (await _stream!.ReadAsync(buffer) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Creation_in_top_level_statements_read_in_a_Program_method_is_fixed_at_the_creation()
    {
        var test = Fix.Create("""
            using System.Net.Sockets;

            _socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
            Pump(new byte[256]);

            partial class Program
            {
                private static Socket? _socket;

                static void Pump(byte[] buffer)
                {
                    while (true) { if (_socket!.Receive(buffer) == 0) return; }
                }
            }
            """, """
            using System.Net.Sockets;

            _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            Pump(new byte[256]);

            partial class Program
            {
                private static Socket? _socket;

                static void Pump(byte[] buffer)
                {
                    while (true) { if (_socket!.Receive(buffer) == 0) return; }
                }
            }
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fixes

    [Fact]
    public async Task Fix_inserts_keep_alive_after_a_TcpClient_declaration()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                async Task RunAsync()
                {
                    // connect once, read forever
                    using var client = {|SVH205:new TcpClient()|}; // the connection
                    await client.ConnectAsync("127.0.0.1", 5000);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer);
                        if (n == 0) break;
                    }
                }
            }
            """, Usings + """
            class C
            {
                async Task RunAsync()
                {
                    // connect once, read forever
                    using var client = new TcpClient(); // the connection
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                    await client.ConnectAsync("127.0.0.1", 5000);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer);
                        if (n == 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_on_a_socket_field_assignment_uses_qualified_names_without_usings()
    {
        await Fix.VerifyAsync("""
            class Feed
            {
                private System.Net.Sockets.Socket? _socket;

                public void Run(byte[] buffer)
                {
                    _socket = {|SVH205:new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp)|};
                    while (true)
                    {
                        if (_socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """, """
            class Feed
            {
                private System.Net.Sockets.Socket? _socket;

                public void Run(byte[] buffer)
                {
                    _socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                    _socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Socket, System.Net.Sockets.SocketOptionName.KeepAlive, true);
                    _socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Tcp, System.Net.Sockets.SocketOptionName.TcpKeepAliveTime, 30);
                    _socket.SetSocketOption(System.Net.Sockets.SocketOptionLevel.Tcp, System.Net.Sockets.SocketOptionName.TcpKeepAliveInterval, 5);
                    while (true)
                    {
                        if (_socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_all_inserts_once_per_creation()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void A(byte[] buffer)
                {
                    var socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                        if (socket.Receive(buffer) == 0) return;
                    }
                }

                void B(TcpListener listener, byte[] buffer)
                {
                    var client = {|SVH205:listener.AcceptTcpClient()|};
                    var stream = client.GetStream();
                    for (;;)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """, Usings + """
            class C
            {
                void A(byte[] buffer)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                        if (socket.Receive(buffer) == 0) return;
                    }
                }

                void B(TcpListener listener, byte[] buffer)
                {
                    var client = listener.AcceptTcpClient();
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                    var stream = client.GetStream();
                    for (;;)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_reads_the_keep_alive_options()
    {
        var test = Fix.Create(Usings + """
            class C
            {
                void A(byte[] buffer)
                {
                    var socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """, Usings + """
            class C
            {
                void A(byte[] buffer)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 120);
                    socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """, TestReferences.Net100);
        const string EditorConfig = """
            root = true

            [*]
            socketvshttp.svh205.keepalive_time_seconds = 120
            socketvshttp.svh205.keepalive_interval_seconds = 10
            """;
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        test.FixedState.AnalyzerConfigFiles.Add(("/.editorconfig", EditorConfig));
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_on_net48_sets_only_KeepAlive()
    {
        await Fix.VerifyAsync("""
            using System.Net.Sockets;

            class C
            {
                void A(byte[] buffer)
                {
                    var socket = {|SVH205:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """, """
            using System.Net.Sockets;

            class C
            {
                void A(byte[] buffer)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """, TestReferences.Net48);
    }

    [Fact]
    public async Task No_fix_when_the_creation_is_a_field_initializer_or_an_expression_body()
    {
        await Fix.VerifyNoFixAsync(Usings + """
            class Feed
            {
                private readonly TcpClient _client = {|SVH205:new TcpClient()|};
                private Socket? _socket;

                public void Connect() => _socket = {|SVH205:new Socket(SocketType.Stream, ProtocolType.Tcp)|};

                public void ReadClient(byte[] buffer)
                {
                    var stream = _client.GetStream();
                    while (true) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }

                public void ReadSocket(byte[] buffer)
                {
                    while (true) { if (_socket!.Receive(buffer) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_inserts_keep_alive_at_an_accept_whose_client_is_handed_to_a_reader()
    {
        await Fix.VerifyAsync(Usings + """
            class Server
            {
                private readonly System.Collections.Generic.List<TcpClient> _clients = new();
                private volatile bool _running = true;

                void Listen(TcpListener listener)
                {
                    while (_running)
                    {
                        var client = {|SVH205:listener.AcceptTcpClient()|};
                        _clients.Add(client);
                    }
                }

                void Poll(byte[] buffer)
                {
                    while (_running)
                    {
                        foreach (var client in _clients.ToArray())
                        {
                            if (client.Available > 0 && client.GetStream().Read(buffer, 0, buffer.Length) == 0) _clients.Remove(client);
                        }
                    }
                }
            }
            """, Usings + """
            class Server
            {
                private readonly System.Collections.Generic.List<TcpClient> _clients = new();
                private volatile bool _running = true;

                void Listen(TcpListener listener)
                {
                    while (_running)
                    {
                        var client = listener.AcceptTcpClient();
                        client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        _clients.Add(client);
                    }
                }

                void Poll(byte[] buffer)
                {
                    while (_running)
                    {
                        foreach (var client in _clients.ToArray())
                        {
                            if (client.Available > 0 && client.GetStream().Read(buffer, 0, buffer.Length) == 0) _clients.Remove(client);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_in_top_level_statements()
    {
        var test = Fix.Create("""
            using System.Net.Sockets;

            using var client = {|SVH205:new TcpClient("127.0.0.1", 5000)|};
            var stream = client.GetStream();
            var buffer = new byte[256];
            while (true)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
            }
            """, """
            using System.Net.Sockets;

            using var client = new TcpClient("127.0.0.1", 5000);
            client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
            var stream = client.GetStream();
            var buffer = new byte[256];
            while (true)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
            }
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- issue 9: how a connection reaches its reader

    [Fact]
    public async Task Begin_read_re_issued_from_its_own_callback_is_an_endless_read()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                private static TcpListener listener = new TcpListener(IPAddress.Any, 5000);
                private static readonly Player player = new Player();

                public static void Start() => listener.BeginAcceptTcpClient(OnAccept, null);

                private static void OnAccept(IAsyncResult result)
                {
                    TcpClient client = {|#0:listener.EndAcceptTcpClient(result)|};
                    listener.BeginAcceptTcpClient(OnAccept, null);
                    player.Connect(client);
                }
            }

            class Player
            {
                private TcpClient socket;
                private NetworkStream stream;
                private readonly byte[] buffer = new byte[4096];

                public void Connect(TcpClient accepted)
                {
                    socket = accepted;
                    stream = socket.GetStream();
                    {|#1:stream.BeginRead(buffer, 0, buffer.Length, OnRead, null)|};
                }

                private void OnRead(IAsyncResult result)
                {
                    int n = stream.EndRead(result);
                    if (n <= 0)
                    {
                        socket.Close();
                        return;
                    }

                    {|#2:stream.BeginRead(buffer, 0, buffer.Length, OnRead, null)|};
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("client"));
    }

    [Fact]
    public async Task Begin_receive_chain_through_a_helper_or_a_lambda_and_a_state_object_member()
    {
        await Verify.VerifyAsync(Usings + """
            class State
            {
                public Socket Socket;
                public byte[] Buffer = new byte[1024];
            }

            class Broker
            {
                private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                public void Start() => _listener.BeginAccept(OnAccepted, null);

                private void OnAccepted(IAsyncResult result)
                {
                    var state = new State();
                    state.Socket = {|#0:_listener.EndAccept(result)|};
                    {|#1:state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state)|};
                    _listener.BeginAccept(OnAccepted, null);
                }

                private void OnReceived(IAsyncResult result)
                {
                    var state = (State)result.AsyncState;
                    if (state.Socket.EndReceive(result) == 0)
                    {
                        state.Socket.Close();
                        return;
                    }

                    {|#2:state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state)|};
                }
            }

            class Feed
            {
                private Socket _socket;
                private readonly byte[] _buffer = new byte[512];

                public void Open(EndPoint server)
                {
                    _socket = {|#3:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    _socket.Connect(server);
                    Receive();
                }

                private void Receive() => {|#4:_socket.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, ar => OnReceive(ar), null)|};

                private void OnReceive(IAsyncResult result)
                {
                    if (_socket.EndReceive(result) > 0)
                    {
                        Receive();
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("Socket"),
            new DiagnosticResult(Descriptors.SVH205).WithLocation(3).WithLocation(4).WithArguments("_socket"));
    }

    [Fact]
    public async Task One_shot_or_protected_begin_reads_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class OneShot
            {
                private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);
                private NetworkStream _stream;
                private readonly byte[] _buffer = new byte[64];

                public void Start() => _listener.BeginAcceptTcpClient(OnAccept, null);

                private void OnAccept(IAsyncResult result)
                {
                    var client = _listener.EndAcceptTcpClient(result);
                    _stream = client.GetStream();
                    _stream.BeginRead(_buffer, 0, _buffer.Length, OnGreeting, null);
                }

                // reads the greeting once and answers: the callback does not read again
                private void OnGreeting(IAsyncResult result)
                {
                    var n = _stream.EndRead(result);
                    _stream.Write(_buffer, 0, n);
                    _stream.Close();
                }
            }

            class KeptAlive
            {
                private Socket _socket;
                private readonly byte[] _buffer = new byte[512];

                public void Open(EndPoint server)
                {
                    _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    _socket.Connect(server);
                    _socket.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, OnReceive, null);
                }

                private void OnReceive(IAsyncResult result)
                {
                    if (_socket.EndReceive(result) > 0)
                    {
                        _socket.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, OnReceive, null);
                    }
                }
            }

            class Connection
            {
                private Socket _socket;

                public Socket Socket
                {
                    get => _socket;
                    set
                    {
                        _socket = value;
                        _socket.ReceiveTimeout = 30000;
                    }
                }

                public byte[] Buffer = new byte[1024];
            }

            class StateWithTimeout
            {
                private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                private void OnAccepted(IAsyncResult result)
                {
                    var state = new Connection();
                    state.Socket = _listener.EndAccept(result);
                    state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state);
                }

                private void OnReceived(IAsyncResult result)
                {
                    var state = (Connection)result.AsyncState;
                    if (state.Socket.EndReceive(result) > 0)
                    {
                        state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state);
                    }
                }
            }

            class Udp
            {
                private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private readonly byte[] _buffer = new byte[512];

                public void Start() => _socket.BeginReceive(_buffer, 0, _buffer.Length, SocketFlags.None, OnReceive, null);

                private void OnReceive(IAsyncResult result)
                {
                    _socket.EndReceive(result);
                    Start();
                }
            }
            """);
    }

    [Fact]
    public async Task Connection_handed_through_a_forwarder_to_another_types_reader()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoKeepAliveOrTimeoutAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class Listener
                {
                    private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);

                    public async Task RunAsync(CancellationToken ct)
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            TcpClient client = await {|#0:_listener.AcceptTcpClientAsync()|};
                            Registry.Add(client);
                        }
                    }

                    public void RunGuarded()
                    {
                        while (true)
                        {
                            TcpClient client = _listener.AcceptTcpClient();
                            Registry.AddGuarded(client);
                        }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("Registry.cs", Usings + """
            static class Registry
            {
                public static void Add(TcpClient client) => Sessions.Track(new Session(client));

                public static void AddGuarded(TcpClient client) => Sessions.Track(new GuardedSession(client));
            }

            static class Sessions
            {
                public static void Track(object session) { }
            }

            class Session
            {
                private readonly TcpClient _client;
                private readonly Stream _stream;
                private readonly byte[] _header = new byte[6];

                public Session(TcpClient client)
                {
                    _client = client ?? throw new ArgumentNullException(nameof(client));
                    _stream = client.GetStream();
                    Task.Run(HandleAsync);
                }

                public Stream Stream => _stream;

                private async Task HandleAsync()
                {
                    while (true)
                    {
                        if (await {|#1:Stream.ReadAsync(_header, 0, 6)|} == 0) return;
                    }
                }
            }

            class GuardedSession
            {
                private readonly TcpClient _client;
                private readonly byte[] _header = new byte[6];

                public GuardedSession(TcpClient client)
                {
                    _client = client ?? throw new ArgumentNullException(nameof(client));
                    _client.ReceiveTimeout = 60000;
                    new Thread(Handle).Start();
                }

                private void Handle()
                {
                    var stream = _client.GetStream();
                    while (true)
                    {
                        if (stream.Read(_header, 0, 6) == 0) return;
                    }
                }
            }
            """));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("client"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Reader_over_the_connection_handed_to_another_types_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class RconClient
            {
                private TcpClient _tcp;
                private BinaryReader _reader;
                private readonly PacketReader _packets = new PacketReader();
                private readonly OneAnswer _answer = new OneAnswer();

                public void Open(string host, int port)
                {
                    _tcp = {|#0:new TcpClient(host, port)|};
                    var stream = _tcp.GetStream();
                    _reader = new BinaryReader(stream);
                    _packets.Setup(_reader);
                }

                public void OpenOnce(string host, int port)
                {
                    var tcp = new TcpClient(host, port);
                    var stream = tcp.GetStream();
                    _answer.Read(stream);
                }
            }

            class PacketReader
            {
                private BinaryReader reader;

                public void Setup(BinaryReader reader)
                {
                    this.reader = reader;
                    Task.Factory.StartNew(() =>
                    {
                        while (true)
                        {
                            var length = {|#1:reader.ReadInt32()|};
                            {|#2:reader.ReadBytes(length)|};
                        }
                    }, TaskCreationOptions.LongRunning);
                }
            }

            // reads a fixed number of answers, then returns: a short exchange
            class OneAnswer
            {
                public void Read(Stream stream)
                {
                    var buffer = new byte[16];
                    for (var i = 0; i < 3; i++)
                    {
                        stream.Read(buffer, 0, buffer.Length);
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("_tcp"));
    }

    [Fact]
    public async Task Static_connection_field_read_by_another_types_background_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class Connection
            {
                public static TcpClient Client;
                public static NetworkStream Stream;

                public bool Connect()
                {
                    Client = {|#0:new TcpClient("127.0.0.1", 13)|};
                    Stream = Client.GetStream();
                    Task.Run(Reader.LoopAsync);
                    return true;
                }
            }

            class Reader
            {
                private static readonly byte[] Buffer = new byte[1024];

                public static async Task LoopAsync()
                {
                    while (true)
                    {
                        await {|#1:Connection.Stream.ReadAsync(Buffer)|};
                    }
                }
            }

            class TimedConnection
            {
                public static TcpClient Client;
                public static NetworkStream Stream;

                public void Connect()
                {
                    Client = new TcpClient("127.0.0.1", 13);
                    Stream = Client.GetStream();
                    Task.Run(TimedReader.LoopAsync);
                }
            }

            class TimedReader
            {
                private static readonly byte[] Buffer = new byte[1024];

                public static async Task LoopAsync()
                {
                    TimedConnection.Stream.ReadTimeout = 30000;
                    while (true)
                    {
                        TimedConnection.Stream.Read(Buffer, 0, Buffer.Length);
                    }
                }
            }

            class OnceConnection
            {
                public static TcpClient Client;

                public void Connect()
                {
                    Client = new TcpClient("127.0.0.1", 13);
                    Task.Run(OnceReader.Read);
                }
            }

            class OnceReader
            {
                public static void Read()
                {
                    var buffer = new byte[16];
                    OnceConnection.Client.GetStream().Read(buffer, 0, buffer.Length);
                    foreach (var b in buffer) { }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("Client"));
    }

    [Fact]
    public async Task Read_until_closed_loop_that_also_tests_a_lifetime_flag_is_long_lived()
    {
        await Verify.VerifyAsync(Usings + """
            class Dcc
            {
                protected TcpClient Connection;
                protected bool isConnected;
            }

            class DccChat : Dcc
            {
                private readonly TcpListener _server = new TcpListener(IPAddress.Any, 0);
                private StreamReader _reader;

                public void Work()
                {
                    Connection = {|#0:_server.AcceptTcpClient()|};
                    isConnected = true;
                    _reader = new StreamReader(Connection.GetStream());
                    string line;
                    while ((line = {|#1:_reader.ReadLine()|}) != null && isConnected)
                    {
                        Console.WriteLine(line);
                    }
                }
            }

            // the same loop without the lifetime flag reads one response to its end: not flagged
            class Download
            {
                public void Fetch(string host)
                {
                    var client = new TcpClient(host, 80);
                    var reader = new StreamReader(client.GetStream());
                    string line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }
            }

            class GuardedBase
            {
                protected TcpClient Connection;
                protected bool isConnected;

                protected void Guard() => Connection.ReceiveTimeout = 120000;
            }

            // the base type sets a timeout on the field: not flagged
            class GuardedChat : GuardedBase
            {
                private readonly TcpListener _server = new TcpListener(IPAddress.Any, 0);

                public void Work()
                {
                    Connection = _server.AcceptTcpClient();
                    Guard();
                    var reader = new StreamReader(Connection.GetStream());
                    string line;
                    while ((line = reader.ReadLine()) != null && isConnected)
                    {
                        Console.WriteLine(line);
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH205).WithLocation(0).WithLocation(1).WithArguments("Connection"));
    }

    [Fact]
    public async Task Fix_inserts_keep_alive_at_an_end_accept_whose_client_is_read_by_a_callback_chain()
    {
        await Fix.VerifyAsync(Usings + """
            class Server
            {
                private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);
                private NetworkStream _stream;
                private readonly byte[] _buffer = new byte[256];

                private void OnAccept(IAsyncResult result)
                {
                    TcpClient client = {|SVH205:_listener.EndAcceptTcpClient(result)|};
                    _stream = client.GetStream();
                    _stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);
                }

                private void OnRead(IAsyncResult result)
                {
                    if (_stream.EndRead(result) > 0)
                    {
                        _stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);
                    }
                }
            }
            """, Usings + """
            class Server
            {
                private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 5000);
                private NetworkStream _stream;
                private readonly byte[] _buffer = new byte[256];

                private void OnAccept(IAsyncResult result)
                {
                    TcpClient client = _listener.EndAcceptTcpClient(result);
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                    _stream = client.GetStream();
                    _stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);
                }

                private void OnRead(IAsyncResult result)
                {
                    if (_stream.EndRead(result) > 0)
                    {
                        _stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task No_fix_when_the_connection_is_stored_in_a_member_of_another_object()
    {
        await Fix.VerifyNoFixAsync(Usings + """
            class State
            {
                public Socket Socket;
                public byte[] Buffer = new byte[1024];
            }

            class Broker
            {
                private readonly Socket _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                private void OnAccepted(IAsyncResult result)
                {
                    var state = new State();
                    state.Socket = {|SVH205:_listener.EndAccept(result)|};
                    state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state);
                }

                private void OnReceived(IAsyncResult result)
                {
                    var state = (State)result.AsyncState;
                    if (state.Socket.EndReceive(result) > 0)
                    {
                        state.Socket.BeginReceive(state.Buffer, 0, state.Buffer.Length, SocketFlags.None, OnReceived, state);
                    }
                }
            }
            """);
    }
    // ---------------------------------------------------------------- lock-step request/response

    private static string LockStepClient(string creation, string loopBody, string sendTarget = "_client") => Usings + $$"""
        public sealed class LockStepClient
        {
            private readonly TcpClient _client;
            private readonly TcpClient _other = new TcpClient();
            private readonly StreamReader _reader;
            private StreamWriter _writer;
            private bool _running = true;

            public LockStepClient(string host)
            {
                _client = {{creation}};
                _client.Connect(host, 7000);
                _reader = new StreamReader(_client.GetStream());
                Run();
            }

            private void Run()
            {
                while (_running)
                {
                    var line = Console.ReadLine();
        {{loopBody}}
                }
            }

            private void Send(string text)
            {
                _writer = new StreamWriter({{sendTarget}}.GetStream());
                _writer.WriteLine(text);
                _writer.Flush();
            }

            private string Receive() => _reader.ReadLine();
        }
        """;

    [Fact]
    public Task Lock_step_loop_that_writes_through_a_helper_before_each_read_is_reported() =>
        // The catalog flags endless request/response loops with no ReceiveTimeout too: a dead server stalls the read
        // until TCP gives up retransmitting the request (about 15 minutes on Linux); only short exchanges are exempt.
        Verify.VerifyAsync(LockStepClient("{|SVH205:new TcpClient()|}", "            Send(line);\n            var reply = Receive();"));

    [Fact]
    public Task Loop_that_reads_before_it_writes_is_reported() =>
        Verify.VerifyAsync(LockStepClient("{|SVH205:new TcpClient()|}", "            var reply = Receive();\n            Send(line);"));

    [Fact]
    public Task Loop_whose_write_is_conditional_is_reported() =>
        Verify.VerifyAsync(LockStepClient("{|SVH205:new TcpClient()|}", "            if (line.Length > 0) Send(line);\n            var reply = Receive();"));

    [Fact]
    public Task Loop_that_writes_to_another_connection_before_reading_is_reported() =>
        Verify.VerifyAsync(LockStepClient("{|SVH205:new TcpClient()|}", "            Send(line);\n            var reply = Receive();", sendTarget: "_other"));

    [Fact]
    public Task Lock_step_loop_with_direct_write_and_read_on_the_stream_is_reported() => Verify.VerifyAsync(Usings + """
        public static class Poller
        {
            public static void Poll(string host)
            {
                var client = {|SVH205:new TcpClient(host, 502)|};
                var stream = client.GetStream();
                var request = new byte[12];
                var reply = new byte[256];
                while (true)
                {
                    stream.Write(request, 0, request.Length);
                    var n = stream.Read(reply, 0, reply.Length);
                    if (n == 0) return;
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    [Fact]
    public Task Loop_with_direct_read_before_write_on_the_stream_is_reported() => Verify.VerifyAsync(Usings + """
        public static class Echo
        {
            public static void Serve(string host)
            {
                var client = {|SVH205:new TcpClient(host, 502)|};
                var stream = client.GetStream();
                var buffer = new byte[256];
                while (true)
                {
                    var n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0) return;
                    stream.Write(buffer, 0, n);
                }
            }
        }
        """);

    private static string LockStepClientWithUnboundTypes(string creation, string loopBody) => Usings + $$"""
        public sealed class PackageClient
        {
            private readonly TcpClient _client;
            private readonly StreamReader _reader;
            private StreamWriter _writer;
            private bool _connected = true;

            public PackageClient(string host)
            {
                _client = {{creation}};
                _client.Connect(host, 7000);
                _reader = new StreamReader(_client.GetStream());
            }

            public void Run()
            {
                while (_connected)
                {
                    var text = Console.ReadLine();
        {{loopBody}}
                }
            }

            private void Send({|CS0246:Package|} package)
            {
                _writer = new StreamWriter(_client.GetStream());
                _writer.WriteLine({|CS0103:JsonConvert|}.SerializeObject(package));
                _writer.Flush();
            }

            private string Receive()
            {
                var data = _reader.ReadLine();
                return data;
            }
        }
        """;

    [Fact]
    public Task Lock_step_loop_is_reported_when_the_request_type_and_serializer_do_not_bind() =>
        Verify.VerifyAsync(LockStepClientWithUnboundTypes("{|SVH205:new TcpClient()|}", "            Send({|CS0103:Package|}.FromJson(text));\n            Receive();"));

    [Fact]
    public Task Read_before_an_unbound_write_is_still_reported() =>
        Verify.VerifyAsync(LockStepClientWithUnboundTypes("{|SVH205:new TcpClient()|}", "            Receive();\n            Send({|CS0103:Package|}.FromJson(text));"));

    // ---------------------------------------------------------------- ParameterizedThreadStart hand-off

    private static string ThreadPerClientServer(string accept, string handlerSetup, string handlerBody) => Usings + $$"""
        public sealed class ThreadPerClientServer
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 7000);

            public void Listen()
            {
                _listener.Start();
                while (true)
                {
                    TcpClient client = {{accept}};
                    var thread = new Thread(new ParameterizedThreadStart(Handle));
                    thread.Start(client);
                }
            }

            private void Handle(object state)
            {
                var tcp = (TcpClient)state;
        {{handlerSetup}}
                var stream = tcp.GetStream();
                var buffer = new byte[1024];
        {{handlerBody}}
                tcp.Close();
            }
        }
        """;

    private const string EndlessRead = """
                while (true)
                {
                    var n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0) break;
                    stream.Write(buffer, 0, n);
                }
        """;

    [Fact]
    public Task Accepted_client_cast_back_by_a_thread_handler_and_read_forever_is_reported() =>
        Verify.VerifyAsync(ThreadPerClientServer("{|SVH205:_listener.AcceptTcpClient()|}", "", EndlessRead));

    [Fact]
    public Task Thread_handler_that_sets_a_receive_timeout_on_the_cast_client_is_not_reported() =>
        Verify.VerifyAsync(ThreadPerClientServer("_listener.AcceptTcpClient()", "        tcp.ReceiveTimeout = 30000;", EndlessRead));

    [Fact]
    public Task Thread_handler_that_reads_one_request_is_not_reported() =>
        Verify.VerifyAsync(ThreadPerClientServer("_listener.AcceptTcpClient()", "", """
                var n = stream.Read(buffer, 0, buffer.Length);
                stream.Write(buffer, 0, n);
        """));
    // ---------------------------------------------------------------- stored into another object's field

    private static string SlotServer(string accept, string slotStart, string rearm = "_stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);") => Usings + $$"""
        public sealed class Slot
        {
            public TcpClient Connection;
            private NetworkStream _stream;
            private readonly byte[] _buffer = new byte[1024];

            public void Start()
            {
        {{slotStart}}
            }

            private void OnRead(IAsyncResult result)
            {
                var n = _stream.EndRead(result);
                if (n <= 0)
                {
                    Connection.Close();
                    return;
                }

                {{rearm}}
            }
        }

        public sealed class SlotServer
        {
            private readonly TcpListener _listener = new TcpListener(IPAddress.Any, 7000);
            private readonly Slot[] _slots = { new Slot(), new Slot() };

            public void OnAccept(IAsyncResult result)
            {
                TcpClient client = {{accept}};
                for (var i = 0; i < _slots.Length; i++)
                {
                    if (_slots[i].Connection == null)
                    {
                        _slots[i].Connection = client;
                        _slots[i].Start();
                        return;
                    }
                }
            }
        }
        """;

    private const string SlotBeginRead = """
                _stream = Connection.GetStream();
                _stream.BeginRead(_buffer, 0, _buffer.Length, OnRead, null);
        """;

    [Fact]
    public Task Client_stored_into_another_objects_field_read_by_its_callback_chain_is_reported() =>
        Verify.VerifyAsync(SlotServer("{|SVH205:_listener.EndAcceptTcpClient(result)|}", SlotBeginRead));

    [Fact]
    public Task Client_stored_into_another_objects_field_that_gets_keep_alive_there_is_not_reported() =>
        Verify.VerifyAsync(SlotServer("_listener.EndAcceptTcpClient(result)", "        Connection.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);\n" + SlotBeginRead));

    [Fact]
    public Task Client_stored_into_another_objects_field_that_reads_one_message_is_not_reported() =>
        Verify.VerifyAsync(SlotServer("_listener.EndAcceptTcpClient(result)", SlotBeginRead, rearm: "Connection.Close();"));
}
