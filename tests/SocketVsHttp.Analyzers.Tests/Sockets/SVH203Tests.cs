using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Fix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.NoDisconnectHandlingAnalyzer, SocketVsHttp.Sockets.NoDisconnectHandlingFixer>;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.NoDisconnectHandlingAnalyzer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH203Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task Endless_stream_read_loop_is_flagged_with_receive()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0) break;
                    }
                }

                public void Start(NetworkStream stream) => new Thread(() => Pump(stream, new byte[1024])).Start();
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(11, 9, 11, 14).WithArguments("receive", "endless", "is started on a Thread in Start()", Unobserved).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Until_cancelled_send_loop_is_flagged_with_send()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task HeartbeatAsync(Socket socket, CancellationToken ct)
                {
                    var ping = new byte[1];
                    while (!ct.IsCancellationRequested)
                    {
                        await socket.SendAsync(ping, SocketFlags.None, ct);
                        await Task.Delay(1000, ct);
                    }
                }

                public void Start(Socket socket, CancellationToken ct) => _ = HeartbeatAsync(socket, ct);
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(12, 9, 12, 14).WithArguments("send", "until cancelled", "is fired and forgotten in Start()", Unobserved).WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Connected_loop_in_thread_start_method_group_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private readonly TcpClient _client = new TcpClient();

                public void Start() => new Thread(ReadLoop) { IsBackground = true }.Start();

                private void ReadLoop()
                {
                    var stream = _client.GetStream();
                    var buffer = new byte[1024];
                    while (_client.Connected)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """.Replace("while (_client", "{|SVH203:while|} (_client"));
    }

    [Fact]
    public async Task Flag_loop_in_Task_Run_lambda_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private bool _running = true;

                public void Start(Socket socket)
                {
                    Task.Run(async () =>
                    {
                        var buffer = new byte[1024];
                        {|SVH203:while|} (_running)
                        {
                            var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                            if (n == 0) break;
                        }
                    });
                }
            }
            """);
    }

    [Fact]
    public async Task Flag_loop_in_method_started_by_Task_Run_lambda_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private bool _running = true;

                public void Start(NetworkStream stream) => Task.Run(() => PumpAsync(stream));

                private async Task PumpAsync(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    {|SVH203:while|} (_running)
                    {
                        var n = await stream.ReadAsync(buffer);
                        if (n == 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fire_and_forget_call_makes_the_method_background()
    {
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private bool _running = true;

                public void Start(NetworkStream stream) => _ = PumpAsync(stream);

                private async Task PumpAsync(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    {|SVH203:while|} (_running)
                    {
                        var n = await stream.ReadAsync(buffer);
                        if (n == 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Async_void_method_with_state_loop_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Chat
            {
                async void Listen(ClientWebSocket ws)
                {
                    var buffer = new byte[1024];
                    {|SVH203:while|} (ws.State == WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                        if (result.MessageType == WebSocketMessageType.Close) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task BackgroundService_ExecuteAsync_loop_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Worker : Microsoft.Extensions.Hosting.BackgroundService
            {
                private readonly TcpClient _client = new TcpClient();
                private bool _enabled = true;

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var stream = _client.GetStream();
                    var buffer = new byte[64];
                    {|SVH203:while|} (_enabled)
                    {
                        await stream.WriteAsync(buffer, stoppingToken);
                        await Task.Delay(1000, stoppingToken);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task For_and_do_loops_are_reported_on_their_keyword()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void A(Socket socket, byte[] buffer)
                {
                    {|SVH203:for|} (;;)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }

                void B(Socket socket, byte[] buffer)
                {
                    {|SVH203:do|}
                    {
                        socket.Send(buffer);
                    }
                    while (true);
                }

                void Start(Socket socket, byte[] buffer)
                {
                    new Thread(() => A(socket, buffer)).Start();
                    Task.Run(() => B(socket, buffer));
                }
            }
            """);
    }

    [Fact]
    public async Task Try_without_a_connection_catch_does_not_count()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    try
                    {
                        {|SVH203:while|} (true)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                        }
                    }
                    catch (OperationCanceledException)
                    {
                    }
                    finally
                    {
                        stream.Dispose();
                    }
                }

                void Start(NetworkStream stream) => Task.Run(() => Pump(stream, new byte[16]));
            }
            """);
    }

    [Fact]
    public async Task The_programs_own_loops_are_not_flagged()
    {
        // Main and the top-level statements: an exception ends the program visibly. Whether that is a defect (a bot that should
        // reconnect) or fine (a console test tool) is not in the code; the real-world labels have both.
        await Verify.VerifyProgramAsync("""
            using System.Net.Sockets;

            using var client = new TcpClient("127.0.0.1", 5000);
            var stream = client.GetStream();
            var buffer = new byte[256];
            while (true)
            {
                var n = await stream.ReadAsync(buffer);
                if (n == 0) break;
            }

            while (client.Connected)
            {
                stream.Write(buffer, 0, 1);
            }
            """);
    }

    [Fact]
    public async Task A_try_around_starting_a_thread_does_not_cover_the_thread()
    {
        await Verify.VerifyAsync(Usings + """
            class Window
            {
                private TcpClient? _client;

                void Connect_Click()
                {
                    try
                    {
                        _client = new TcpClient("127.0.0.1", 5000);
                        new Thread(() => ReceiveData(_client)).Start();
                        _ = Task.Run(() => Heartbeat(_client));
                    }
                    catch (SocketException)
                    {
                        Console.WriteLine("server unreachable");
                    }
                }

                async Task ConnectAsync()
                {
                    try
                    {
                        await Task.Run(() => Drain(_client!));
                    }
                    catch (IOException)
                    {
                    }
                }

                void ReceiveData(TcpClient client)
                {
                    var buffer = new byte[1024];
                    {|SVH203:while|} (true)
                    {
                        if (client.GetStream().Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }

                void Heartbeat(TcpClient client)
                {
                    {|SVH203:while|} (true)
                    {
                        client.GetStream().WriteByte(0);
                        client.GetStream().Write(new byte[1], 0, 1);
                    }
                }

                void Drain(TcpClient client)
                {
                    var buffer = new byte[1024];
                    while (true)
                    {
                        if (client.GetStream().Read(buffer, 0, buffer.Length) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Nested_long_lived_loops_report_the_inner_one_only()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        {|SVH203:while|} (true)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                        }
                    }
                }

                void Start(NetworkStream stream, CancellationToken ct) => new Thread(() => Pump(stream, new byte[16], ct)).Start();
            }
            """);
    }

    [Fact]
    public async Task Other_background_starters_and_forms_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private bool _running = true;

                public void A(Socket socket)
                {
                    Task.Factory.StartNew(() =>
                    {
                        var buffer = new byte[16];
                        {|SVH203:while|} (_running) { if (socket.Receive(buffer) == 0) return; }
                    }, TaskCreationOptions.LongRunning);
                }

                public void B(NetworkStream stream)
                {
                    ThreadPool.QueueUserWorkItem(_ =>
                    {
                        var buffer = new byte[16];
                        {|SVH203:while|} (_running) { if (stream.Read(buffer, 0, buffer.Length) is 0) return; }
                    });
                }

                public void C(NetworkStream stream)
                {
                    Action listen = async () =>
                    {
                        var buffer = new byte[16];
                        {|SVH203:while|} (_running) { if (await stream.ReadAsync(buffer) is 0) return; }
                    };
                    listen();
                }

                public void D(Socket socket)
                {
                    var thread = new Thread(Loop);
                    thread.Start();

                    void Loop()
                    {
                        var buffer = new byte[16];
                        {|SVH203:while|} (socket.Connected) { socket.Send(buffer); }
                    }
                }

                public async void E(Socket socket) => await PumpAsync(socket);

                private async Task PumpAsync(Socket socket)
                {
                    var buffer = new byte[16];
                    {|SVH203:while|} (_running) { if (await socket.ReceiveAsync(buffer, SocketFlags.None) == 0) return; }
                }
            }
            """);
    }

    [Fact]
    public async Task Nested_types_are_analyzed_once_each()
    {
        await Verify.VerifyAsync(Usings + """
            class Outer
            {
                async void Pump(Socket socket, byte[] buffer)
                {
                    {|SVH203:while|} (true) { await socket.SendAsync(buffer, SocketFlags.None); }
                }

                class Inner
                {
                    async void Pump(Socket socket, byte[] buffer)
                    {
                        {|SVH203:while|} (true) { await socket.SendAsync(buffer, SocketFlags.None); }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Read_until_closed_loop_fired_and_forgotten_is_flagged_and_the_message_says_how()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                public async Task AcceptLoop(TcpListener listener)
                {
                    while (true)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        _ = HandleAsync(client);
                    }
                }

                private async Task HandleAsync(TcpClient client)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    int n;
                    while ((n = await stream.ReadAsync(buffer)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, n));
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(23, 9, 23, 14)
                .WithArguments("receive", "until the peer closes", "is fired and forgotten in AcceptLoop()", Unobserved)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Reader_and_writer_loops_on_a_thread_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Session
            {
                private readonly System.Collections.Concurrent.BlockingCollection<string> _outgoing = new();
                private volatile bool _running = true;

                public void Start(TcpClient client)
                {
                    new Thread(() => ReadLines(client)) { IsBackground = true }.Start();
                    new Thread(() => WriteLines(client)) { IsBackground = true }.Start();
                    new Thread(() => Poll(client)).Start();
                }

                private void ReadLines(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    string? line;
                    {|SVH203:while|} ((line = reader.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }

                private void WriteLines(TcpClient client)
                {
                    var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    {|SVH203:foreach|} (var line in _outgoing.GetConsumingEnumerable())
                    {
                        writer.WriteLine(line);
                    }
                }

                private void Poll(TcpClient client)
                {
                    var reader = new BinaryReader(client.GetStream());
                    var ok = true;
                    {|SVH203:while|} (_running && ok)
                    {
                        ok = reader.ReadInt32() >= 0;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Channel_reader_loop_and_methods_called_from_background_code_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Pusher
            {
                private readonly System.Threading.Channels.Channel<byte[]> _queue = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();

                public void Start(WebSocket ws, NetworkStream stream) => Task.Run(() => RunAsync(ws, stream));

                private async Task RunAsync(WebSocket ws, NetworkStream stream)
                {
                    await SendAllAsync(ws);
                    await PumpAsync(stream);
                }

                private async Task SendAllAsync(WebSocket ws)
                {
                    {|SVH203:await foreach|} (var message in _queue.Reader.ReadAllAsync())
                    {
                        await ws.SendAsync(message, WebSocketMessageType.Binary, true, CancellationToken.None);
                    }
                }

                private async Task PumpAsync(NetworkStream stream)
                {
                    var buffer = new byte[64];
                    while (true)
                    {
                        if (await stream.ReadAsync(buffer) == 0) return;
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(30, 9, 30, 14)
                .WithArguments("receive", "endless", "is called from RunAsync(), which runs in the background,", Unobserved)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Loop_whose_same_type_helper_does_the_io_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class ClientThread
            {
                private readonly NetworkStream _stream;

                public ClientThread(TcpClient client)
                {
                    _stream = client.GetStream();
                    new Thread(HandleClient).Start();
                }

                private void HandleClient()
                {
                    while (true)
                    {
                        var reply = Receive();
                        Console.WriteLine(reply);
                    }
                }

                private string Receive()
                {
                    var data = new byte[256];
                    var length = _stream.Read(data, 0, data.Length);
                    return System.Text.Encoding.UTF8.GetString(data, 0, length);
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(19, 9, 19, 14)
                .WithArguments("receive", "endless", "is started on a Thread in the constructor", Unobserved));
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task Loops_whose_caller_sees_the_exception_are_not_flagged()
    {
        // Issue 9, section 3: each of these fired as "runs in the background" although nothing ran in the background.
        await Verify.VerifyAsync(Usings + """
            class Client
            {
                private bool _running = true;

                public async Task<byte[]> ReceiveMessageAsync(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[4096];
                    using var message = new MemoryStream();
                    while (true)
                    {
                        var result = await ws.ReceiveAsync(buffer, ct);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            throw new WebSocketException("closed");
                        }

                        message.Write(buffer, 0, result.Count);
                        if (result.EndOfMessage)
                        {
                            return message.ToArray();
                        }
                    }
                }

                public void ReceiveWithTimeout(Socket socket, Action<int> onData)
                {
                    socket.ReceiveTimeout = 5000;
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var n = socket.Receive(buffer);
                        if (n == 0)
                        {
                            return;
                        }

                        onData(n);
                    }
                }

                public async Task RunAsync(NetworkStream stream, CancellationToken ct)
                {
                    await PumpAsync(stream, ct);
                }

                private async Task PumpAsync(NetworkStream stream, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    while (!ct.IsCancellationRequested)
                    {
                        if (await stream.ReadAsync(buffer, ct) == 0) return;
                    }
                }

                public async Task EchoAsync(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    int n;
                    while ((n = await stream.ReadAsync(buffer)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, n));
                    }
                }

                // A background loop that calls the one-message helper: the helper's loop returns its result.
                public async void Listen(WebSocket ws)
                {
                    while (_running)
                    {
                        var message = await ReceiveMessageAsync(ws, CancellationToken.None);
                        Console.WriteLine(message.Length);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Helpers_that_catch_or_loop_themselves_do_not_make_the_caller_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class ClientThread
            {
                private readonly NetworkStream _stream;
                private bool _running = true;

                public ClientThread(TcpClient client)
                {
                    _stream = client.GetStream();
                    new Thread(Run).Start();
                }

                private void Run()
                {
                    while (_running)
                    {
                        Console.WriteLine(SafeReceive());
                        Pump();
                        Console.WriteLine(Other.Receive(_stream));
                    }
                }

                private string SafeReceive()
                {
                    try
                    {
                        var data = new byte[256];
                        return _stream.Read(data, 0, data.Length).ToString();
                    }
                    catch (IOException)
                    {
                        return "";
                    }
                }

                private void Pump()
                {
                    try
                    {
                        var data = new byte[256];
                        while (true)
                        {
                            if (_stream.Read(data, 0, data.Length) == 0) return;
                        }
                    }
                    catch (IOException)
                    {
                    }
                }
            }

            static class Other
            {
                public static string Receive(NetworkStream stream) => stream.ReadByte().ToString();
            }
            """);
    }

    [Fact]
    public async Task Background_loops_with_a_catch_or_without_connection_io_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                private readonly System.Collections.Generic.List<string> _lines = new();

                public void Start(TcpClient client, byte[] data)
                {
                    _ = HandleAsync(client);
                    new Thread(() => Replay(client)).Start();
                    new Thread(() => FromMemory(data)).Start();
                    new Thread(() => ReadRequest(client, data)).Start();
                }

                // Loops that read one request (headers up to a blank line, a body of known length), not the connection.
                private void ReadRequest(TcpClient client, byte[] body)
                {
                    var reader = new StreamReader(client.GetStream());
                    string? header;
                    while ((header = reader.ReadLine()) != "")
                    {
                        Console.WriteLine(header);
                    }

                    var stream = client.GetStream();
                    int n, total = 0;
                    while ((n = stream.Read(body, total, body.Length - total)) > 0 && total < body.Length)
                    {
                        total += n;
                    }
                }

                private async Task HandleAsync(TcpClient client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[1024];
                        int n;
                        while ((n = await stream.ReadAsync(buffer)) > 0)
                        {
                            await stream.WriteAsync(buffer.AsMemory(0, n));
                        }
                    }
                    catch (IOException)
                    {
                        client.Dispose();
                    }
                }

                private void Replay(TcpClient client)
                {
                    var writer = new StreamWriter(client.GetStream());
                    foreach (var line in _lines)
                    {
                        writer.WriteLine(line);
                    }
                }

                private void FromMemory(byte[] data)
                {
                    var reader = new StreamReader(new MemoryStream(data));
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }
            }
            """);
    }


    [Fact]
    public async Task Loop_inside_a_catching_try_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Start(NetworkStream stream, Socket socket)
                {
                    Task.Run(() => A(stream, new byte[16]));
                    Task.Run(() => B(socket, new byte[16]));
                }

                void A(NetworkStream stream, byte[] buffer)
                {
                    try
                    {
                        while (true)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                        }
                    }
                    catch (IOException)
                    {
                    }
                }

                void B(Socket socket, byte[] buffer)
                {
                    try
                    {
                        while (true) { if (socket.Receive(buffer) == 0) break; }
                    }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                    }
                }

                void C2(Socket socket, byte[] buffer)
                {
                    try
                    {
                        while (true) { socket.Send(buffer); }
                    }
                    catch
                    {
                    }
                }

                void D(Socket socket, byte[] buffer)
                {
                    try
                    {
                        while (true) { socket.Send(buffer); }
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }

                void E(Socket socket, byte[] buffer)
                {
                    try
                    {
                        while (true) { socket.Send(buffer); }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Try_inside_the_loop_around_the_io_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task PumpAsync(NetworkStream stream, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    while (!ct.IsCancellationRequested)
                    {
                        int n;
                        try
                        {
                            n = await stream.ReadAsync(buffer, ct);
                        }
                        catch (IOException)
                        {
                            return;
                        }

                        if (n == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Method_called_from_a_catching_try_in_the_same_type_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Connection
            {
                public async Task RunAsync(NetworkStream stream, CancellationToken ct)
                {
                    try
                    {
                        await PumpAsync(stream, ct);
                    }
                    catch (IOException)
                    {
                        // reconnect
                    }
                }

                private async Task PumpAsync(NetworkStream stream, CancellationToken ct)
                {
                    var buffer = new byte[1024];
                    while (!ct.IsCancellationRequested)
                    {
                        if (await stream.ReadAsync(buffer, ct) == 0) return;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Reconnect_loop_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Client
            {
                async Task RunAsync(CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        try
                        {
                            using var client = new TcpClient();
                            await client.ConnectAsync("127.0.0.1", 5000, ct);
                            var stream = client.GetStream();
                            var buffer = new byte[1024];
                            while (true)
                            {
                                if (await stream.ReadAsync(buffer, ct) == 0) break;
                            }
                        }
                        catch (SocketException)
                        {
                            await Task.Delay(1000, ct);
                        }
                        catch (IOException)
                        {
                            await Task.Delay(1000, ct);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Short_exchanges_and_bounded_loops_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task<int> RequestAsync(NetworkStream stream, byte[] request, byte[] response, CancellationToken ct)
                {
                    await stream.WriteAsync(request, ct);
                    return await stream.ReadAsync(response, ct);
                }

                void ReadFixed(NetworkStream stream, byte[] buffer)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        stream.Read(buffer, 0, buffer.Length);
                    }

                    var offset = 0;
                    while (offset < buffer.Length)
                    {
                        var n = stream.Read(buffer, offset, buffer.Length - offset);
                        if (n == 0) break;
                        offset += n;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Flag_loop_in_a_plain_method_is_not_flagged()
    {
        // A `while (_running)` loop in an ordinary Task method: the caller observes its exceptions.
        await Verify.VerifyAsync(Usings + """
            class Receiver
            {
                private bool _running = true;

                public async Task PumpAsync(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    while (_running)
                    {
                        if (await stream.ReadAsync(buffer) == 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Udp_memory_streams_and_unknown_streams_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void A(UdpClient udp)
                {
                    var buffer = new byte[512];
                    while (true)
                    {
                        udp.Client.Receive(buffer);
                    }
                }

                void B(Stream stream, MemoryStream memory, byte[] buffer)
                {
                    while (true)
                    {
                        stream.Read(buffer, 0, buffer.Length);
                        memory.Write(buffer, 0, 1);
                    }
                }

                void D(Socket socket, System.Net.EndPoint remote, byte[] buffer)
                {
                    while (true)
                    {
                        socket.ReceiveFrom(buffer, ref remote);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Io_in_a_lambda_inside_the_loop_belongs_to_the_lambda()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void A(NetworkStream stream, byte[] buffer, Action<Action> post)
                {
                    while (true)
                    {
                        post(() => stream.Write(buffer, 0, 1));
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Try_around_awaited_Task_Run_counts()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task RunAsync(NetworkStream stream)
                {
                    try
                    {
                        await Task.Run(async () =>
                        {
                            var buffer = new byte[16];
                            while (true)
                            {
                                if (await stream.ReadAsync(buffer) == 0) break;
                            }
                        });
                    }
                    catch (IOException)
                    {
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoDisconnectHandlingAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    void Pump(NetworkStream stream, byte[] buffer)
                    {
                        {|SVH203:while|} (true)
                        {
                            stream.Read(buffer, 0, buffer.Length
                            stream.Write(
                            stream.Write(buffer, 0, 1);
                        }
                        try { while (true) { stream.Read(buffer, 0, 1); } } catch (Missing) { }
                        while (true) { missing.Read(buffer, 0, 1); }
                    }

                    void Other(Socket s) { for (;;) s.Receive( }

                    void Start(NetworkStream s) => Task.Run(() => Pump(s, null!));
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------------------------------------------------------------- fixes

    [Fact]
    public async Task Fix_wraps_a_stream_loop_and_leaves_the_stream_of_a_client_the_caller_handed_in_open()
    {
        // Issue 12: the stream is the caller's connection (client.GetStream() on a parameter): disposing it closed that
        // connection under the caller. Quality/FixExecutionTests runs this shape.
        await Fix.VerifyAsync(Usings + """
            class C
            {
                async Task PumpAsync(TcpClient client, CancellationToken ct)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    // read until the peer closes
                    {|SVH203:while|} (!ct.IsCancellationRequested)
                    {
                        var n = await stream.ReadAsync(buffer, ct); // one chunk
                        if (n == 0) break;
                    }

                    Console.WriteLine("done");
                }

                void Start(TcpClient client) => _ = PumpAsync(client, default);
            }
            """, Usings + """
            class C
            {
                async Task PumpAsync(TcpClient client, CancellationToken ct)
                {
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    // read until the peer closes
                    try
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            var n = await stream.ReadAsync(buffer, ct); // one chunk
                            if (n == 0) break;
                        }
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }

                    Console.WriteLine("done");
                }

                void Start(TcpClient client) => _ = PumpAsync(client, default);
            }
            """);
    }

    [Fact]
    public async Task Fix_disposes_the_stream_of_a_client_the_method_connects_itself()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                async Task PumpAsync(string host, CancellationToken ct)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, 7000, ct);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    {|SVH203:while|} (!ct.IsCancellationRequested)
                    {
                        var n = await stream.ReadAsync(buffer, ct);
                        if (n == 0) break;
                    }
                }

                void Start() => _ = PumpAsync("localhost", default);
            }
            """, Usings + """
            class C
            {
                async Task PumpAsync(string host, CancellationToken ct)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, 7000, ct);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    try
                    {
                        while (!ct.IsCancellationRequested)
                        {
                            var n = await stream.ReadAsync(buffer, ct);
                            if (n == 0) break;
                        }
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                        stream.Dispose();
                    }
                }

                void Start() => _ = PumpAsync("localhost", default);
            }
            """);
    }

    [Fact]
    public async Task Fix_for_a_socket_loop_catches_SocketException()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                private Socket? _socket;

                void Start() => new Thread(() => Pump(new byte[16])).Start();

                void Pump(byte[] buffer)
                {
                    {|SVH203:while|} (true)
                    {
                        if (_socket!.Receive(buffer) == 0) return;
                    }
                }
            }
            """, Usings + """
            class C
            {
                private Socket? _socket;

                void Start() => new Thread(() => Pump(new byte[16])).Start();

                void Pump(byte[] buffer)
                {
                    try
                    {
                        while (true)
                        {
                            if (_socket!.Receive(buffer) == 0) return;
                        }
                    }
                    catch (SocketException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                        _socket?.Dispose();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_with_mixed_families_catches_both_and_only_comments_when_connections_differ()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Start(Socket from, NetworkStream to) => Task.Run(() => Relay(from, to, new byte[16]));

                void Relay(Socket from, NetworkStream to, byte[] buffer)
                {
                    {|SVH203:while|} (true)
                    {
                        var n = from.Receive(buffer);
                        if (n == 0) break;
                        to.Write(buffer, 0, n);
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Start(Socket from, NetworkStream to) => Task.Run(() => Relay(from, to, new byte[16]));

                void Relay(Socket from, NetworkStream to, byte[] buffer)
                {
                    try
                    {
                        while (true)
                        {
                            var n = from.Receive(buffer);
                            if (n == 0) break;
                            to.Write(buffer, 0, n);
                        }
                    }
                    catch (SocketException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_uses_qualified_names_without_usings_and_WebSocketException_for_websockets()
    {
        await Fix.VerifyAsync("""
            class C
            {
                async void Listen(System.Net.WebSockets.WebSocket ws)
                {
                    var buffer = new byte[1024];
                    {|SVH203:while|} (ws.State == System.Net.WebSockets.WebSocketState.Open)
                    {
                        var result = await ws.ReceiveAsync(buffer, System.Threading.CancellationToken.None);
                        if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close) break;
                    }
                }
            }
            """, """
            class C
            {
                async void Listen(System.Net.WebSockets.WebSocket ws)
                {
                    var buffer = new byte[1024];
                    try
                    {
                        while (ws.State == System.Net.WebSockets.WebSocketState.Open)
                        {
                            var result = await ws.ReceiveAsync(buffer, System.Threading.CancellationToken.None);
                            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close) break;
                        }
                    }
                    catch (System.Net.WebSockets.WebSocketException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_in_a_lambda_with_a_local_declared_in_the_loop_only_comments()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Start(TcpListener listener)
                {
                    new Thread(() =>
                    {
                        {|SVH203:while|} (true)
                        {
                            var socket = listener.AcceptSocket();
                            socket.Send(new byte[] { 1 });
                        }
                    }).Start();
                }
            }
            """, Usings + """
            class C
            {
                void Start(TcpListener listener)
                {
                    new Thread(() =>
                    {
                        try
                        {
                            while (true)
                            {
                                var socket = listener.AcceptSocket();
                                socket.Send(new byte[] { 1 });
                            }
                        }
                        catch (SocketException)
                        {
                            // SVH203: the connection dropped; close it and reconnect here.
                        }
                    }).Start();
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_all_wraps_each_loop_once()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Start(NetworkStream stream, Socket socket)
                {
                    Task.Run(() => A(stream, new byte[16]));
                    Task.Run(() => B(socket, new byte[16]));
                }

                void A(NetworkStream stream, byte[] buffer)
                {
                    {|SVH203:while|} (true)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                    }
                }

                void B(Socket socket, byte[] buffer)
                {
                    {|SVH203:for|} (;;)
                    {
                        socket.Send(buffer);
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Start(NetworkStream stream, Socket socket)
                {
                    Task.Run(() => A(stream, new byte[16]));
                    Task.Run(() => B(socket, new byte[16]));
                }

                void A(NetworkStream stream, byte[] buffer)
                {
                    try
                    {
                        while (true)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                        }
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }

                void B(Socket socket, byte[] buffer)
                {
                    try
                    {
                        for (; ; )
                        {
                            socket.Send(buffer);
                        }
                    }
                    catch (SocketException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_wraps_a_foreach_over_a_consuming_enumerable()
    {
        await Fix.VerifyAsync(Usings + """
            class Sender
            {
                private readonly System.Collections.Concurrent.BlockingCollection<byte[]> _queue = new();

                public void Start(NetworkStream stream) => new Thread(() => Send(stream)).Start();

                private void Send(NetworkStream stream)
                {
                    {|SVH203:foreach|} (var message in _queue.GetConsumingEnumerable())
                    {
                        stream.Write(message, 0, message.Length);
                    }
                }
            }
            """, Usings + """
            class Sender
            {
                private readonly System.Collections.Concurrent.BlockingCollection<byte[]> _queue = new();

                public void Start(NetworkStream stream) => new Thread(() => Send(stream)).Start();

                private void Send(NetworkStream stream)
                {
                    try
                    {
                        foreach (var message in _queue.GetConsumingEnumerable())
                        {
                            stream.Write(message, 0, message.Length);
                        }
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Net48_target_is_analyzed_and_fixed()
    {
        await Fix.VerifyAsync("""
            using System.IO;
            using System.Net.Sockets;

            class C
            {
                void Start(NetworkStream stream) => new System.Threading.Thread(() => Pump(stream, new byte[16])).Start();

                void Pump(NetworkStream stream, byte[] buffer)
                {
                    {|SVH203:while|} (true)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                    }
                }
            }
            """, """
            using System.IO;
            using System.Net.Sockets;

            class C
            {
                void Start(NetworkStream stream) => new System.Threading.Thread(() => Pump(stream, new byte[16])).Start();

                void Pump(NetworkStream stream, byte[] buffer)
                {
                    try
                    {
                        while (true)
                        {
                            if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                        }
                    }
                    catch (IOException)
                    {
                        // SVH203: the connection dropped; close it and reconnect here.
                    }
                }
            }
            """, TestReferences.Net48);
    }

    // ---------------------------------------------------------------- type-wide facts (partial types, other members, nested types)

    [Fact]
    public async Task Partial_type_facts_from_the_other_file_are_seen()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Sockets.NoDisconnectHandlingAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("A.cs", Usings + """
            partial class Listener
            {
                private bool _running = true;

                private void ReadLoop(NetworkStream stream, byte[] buffer)
                {
                    {|SVH203:while|} (_running) { if (stream.Read(buffer, 0, buffer.Length) == 0) return; }
                }

                private void Pump(Socket socket, byte[] buffer)
                {
                    while (true) { socket.Send(buffer); }
                }

                private void Idle(Socket socket, byte[] buffer)
                {
                    while (_running) { socket.Send(buffer); }
                }
            }
            """));
        test.TestState.Sources.Add(("B.cs", Usings + """
            partial class Listener
            {
                public void Start(NetworkStream stream, Socket socket, byte[] buffer)
                {
                    Task.Run(() => ReadLoop(stream, buffer));
                    try
                    {
                        Pump(socket, buffer);
                    }
                    catch (SocketException)
                    {
                    }
                }
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public async Task Local_functions_are_judged_by_their_own_call_sites()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                private bool _running = true;

                void Start(Socket socket, byte[] buffer)
                {
                    new Thread(Loop).Start();
                    void Loop()
                    {
                        {|SVH203:while|} (_running) { socket.Receive(buffer); }
                    }
                }

                void Guarded(Socket socket, byte[] buffer)
                {
                    try { Loop(); } catch (SocketException) { }
                    void Loop()
                    {
                        while (true) { socket.Receive(buffer); }
                    }
                }

                void Plain(Socket socket, byte[] buffer)
                {
                    Loop();
                    void Loop()
                    {
                        while (_running) { socket.Receive(buffer); }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Starts_from_a_nested_or_containing_type_count_but_its_catches_do_not()
    {
        // Starts are found across types (the compilation's thread and task starters); a catch around a call is followed in the
        // loop's own type only, so Inner.Loop, called inside a catch by Outer and started by nobody, stays silent.
        await Verify.VerifyAsync(Usings + """
            class Outer
            {
                private bool _running = true;

                void Start(Inner inner) => new Thread(inner.Pump).Start();

                void Pump(Socket socket, byte[] buffer)
                {
                    {|SVH203:while|} (_running) { socket.Send(buffer); }
                }

                void Guarded(Inner inner, Socket socket, byte[] buffer)
                {
                    try { inner.Loop(socket, buffer); } catch (SocketException) { }
                }

                class Inner
                {
                    private bool _running = true;

                    public void Pump()
                    {
                        Socket socket = null!;
                        {|SVH203:while|} (_running) { socket.Send(new byte[1]); }
                    }

                    public void Loop(Socket socket, byte[] buffer)
                    {
                        while (true) { socket.Send(buffer); }
                    }

                    void Start(Outer outer, Socket socket, byte[] buffer) => Task.Run(() => outer.Pump(socket, buffer));
                }
            }
            """);
    }

    [Fact]
    public async Task Static_field_initializer_starting_the_loop_counts()
    {
        await Verify.VerifyAsync(Usings + """
            static class Pumper
            {
                private static readonly Thread Worker = new Thread(Pump);
                private static bool s_running = true;
                private static Socket s_socket = null!;

                private static void Pump()
                {
                    {|SVH203:while|} (s_running) { s_socket.Send(new byte[1]); }
                }
            }
            """);
    }

    // ---------------------------------------------------------------- started by other types, accept loops, flags, Close loops

    private const string Unobserved = "a dropped connection ends it unobserved";
    private const string EndsTheServer = "one client's dropped connection ends the accept loop, and the server for every client";

    [Fact]
    public async Task Loop_of_a_method_another_type_queues_on_the_thread_pool_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class ChatSession
            {
                private StreamReader? _reader;

                internal void Run(object? state)
                {
                    string? line;
                    while ((line = _reader!.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }

                internal void Open(TcpClient client) => _reader = new StreamReader(client.GetStream());
            }

            class Features
            {
                public void StartChat(TcpClient client)
                {
                    var chat = new ChatSession();
                    chat.Open(client);
                    ThreadPool.QueueUserWorkItem(new WaitCallback(chat.Run));
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(14, 9, 14, 14)
                .WithArguments("receive", "until the peer closes", "is run by ThreadPool.QueueUserWorkItem in StartChat() of Features", Unobserved)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Loop_of_a_static_method_another_type_runs_with_Task_Run_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            static class Connection
            {
                public static NetworkStream? Stream;

                public static bool Connect()
                {
                    try
                    {
                        Stream = new TcpClient("127.0.0.1", 13).GetStream();
                        Task.Run(Reader.PumpAsync);
                        return true;
                    }
                    catch
                    {
                        return false;
                    }
                }
            }

            static class Reader
            {
                private static readonly byte[] Buffer = new byte[1024];

                public static async Task PumpAsync()
                {
                    {|SVH203:while|} (true)
                    {
                        await Connection.Stream!.ReadAsync(Buffer);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Loop_on_a_flag_only_a_timer_clears_started_from_another_type_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            static class Broker
            {
                public static async Task AcceptAsync(TcpListener listener)
                {
                    while (true)
                    {
                        var client = await listener.AcceptTcpClientAsync();
                        _ = Task.Run(() => Session.ReadAsync(client.GetStream()));
                    }
                }
            }

            static class Session
            {
                public static async Task ReadAsync(NetworkStream stream)
                {
                    var connected = true;
                    var timer = new System.Timers.Timer(30000);
                    timer.Elapsed += (_, _) => connected = Ping(stream);
                    timer.Start();
                    var buffer = new byte[1024];
                    while (connected)
                    {
                        var n = await stream.ReadAsync(buffer);
                        Console.WriteLine(n);
                    }
                }

                private static bool Ping(NetworkStream stream) => stream.CanWrite;
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(28, 9, 28, 14)
                .WithArguments("receive", "until stopped", "is run by Task.Run in AcceptAsync() of Broker", Unobserved)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Override_started_on_its_own_type_is_flagged_and_a_sibling_override_is_not()
    {
        await Verify.VerifyAsync(Usings + """
            abstract class DccConnection
            {
                protected TcpClient Connection = new TcpClient();

                internal virtual void InitWork(object? state)
                {
                }
            }

            class DccChat : DccConnection
            {
                internal override void InitWork(object? state)
                {
                    var reader = new StreamReader(Connection.GetStream());
                    string? line;
                    {|SVH203:while|} ((line = reader.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }
            }

            class DccSend : DccConnection
            {
                internal override void InitWork(object? state)
                {
                    var buffer = new byte[4096];
                    int n;
                    while ((n = Connection.GetStream().Read(buffer, 0, buffer.Length)) > 0)
                    {
                        Console.WriteLine(n);
                    }
                }
            }

            class Features
            {
                public void Chat()
                {
                    var chat = new DccChat();
                    ThreadPool.QueueUserWorkItem(new WaitCallback(chat.InitWork));
                }
            }
            """);
    }

    [Fact]
    public async Task Session_loop_inline_in_the_programs_accept_loop_is_flagged()
    {
        await Verify.VerifyProgramAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            var listener = new TcpListener(IPAddress.Loopback, 5000);
            listener.Start();
            var buffer = new byte[256];
            while (true)
            {
                using var client = listener.AcceptTcpClient();
                var stream = client.GetStream();
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    stream.Write(buffer, 0, n);
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(13, 5, 13, 10)
                .WithArguments("receive", "until the peer closes", "runs inside the accept loop of the top-level statements", EndsTheServer)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task WebSocket_loop_awaited_inside_Mains_accept_loop_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Program
            {
                static async Task Main()
                {
                    var listener = new System.Net.HttpListener();
                    listener.Prefixes.Add("http://localhost:5000/");
                    listener.Start();
                    while (true)
                    {
                        var context = await listener.GetContextAsync();
                        if (context.Request.IsWebSocketRequest)
                        {
                            var ws = (await context.AcceptWebSocketAsync(null)).WebSocket;
                            await Echo(ws);
                        }
                    }
                }

                static async Task Echo(WebSocket ws)
                {
                    var buffer = new byte[4096];
                    var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    while (!result.CloseStatus.HasValue)
                    {
                        await ws.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
                        result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    }

                    await ws.CloseAsync(result.CloseStatus.Value, result.CloseStatusDescription, CancellationToken.None);
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(29, 9, 29, 14)
                .WithArguments("receive", "until the peer closes", "is called inside the accept loop of Main()", EndsTheServer)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Session_loop_two_calls_below_an_accept_loop_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                public void Run(TcpListener listener)
                {
                    while (true)
                    {
                        var socket = listener.AcceptSocket();
                        Serve(socket);
                    }
                }

                private void Serve(Socket socket)
                {
                    Console.WriteLine("client");
                    Pump(socket);
                }

                private void Pump(Socket socket)
                {
                    var buffer = new byte[512];
                    while (true)
                    {
                        if (socket.Receive(buffer) == 0) return;
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH203).WithSpan(27, 9, 27, 14)
                .WithArguments("receive", "endless", "is called from Serve(), which runs inside the accept loop of Run(),", EndsTheServer)
                .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations));
    }

    [Fact]
    public async Task Starts_by_other_types_that_observe_the_task_or_catch_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            static class Reader
            {
                public static async Task PumpAsync(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    while (true)
                    {
                        if (await stream.ReadAsync(buffer) == 0) return;
                    }
                }

                public static void Drain(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    while (stream.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }
                }
            }

            class Owner
            {
                private Task? _pump;

                public async Task AwaitedAsync(NetworkStream stream) => await Task.Run(() => Reader.PumpAsync(stream));

                public void Stored(NetworkStream stream) => _pump = Task.Run(() => Reader.PumpAsync(stream));

                public void Caught(NetworkStream stream)
                {
                    new Thread(() =>
                    {
                        try
                        {
                            Reader.Drain(stream);
                        }
                        catch (IOException)
                        {
                        }
                    }).Start();
                }

                public void Called(NetworkStream stream) => Reader.Drain(stream);
            }
            """);
    }

    [Fact]
    public async Task Accept_loops_that_catch_per_client_or_hand_clients_off_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                public void Run(TcpListener listener)
                {
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        try
                        {
                            Serve(client);
                        }
                        catch (IOException)
                        {
                            client.Close();
                        }
                    }
                }

                public void RunInline(TcpListener listener)
                {
                    var buffer = new byte[64];
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        try
                        {
                            var stream = client.GetStream();
                            while (stream.Read(buffer, 0, buffer.Length) > 0)
                            {
                            }
                        }
                        catch (IOException)
                        {
                        }
                    }
                }

                private void Serve(TcpClient client)
                {
                    var buffer = new byte[64];
                    var stream = client.GetStream();
                    while (stream.Read(buffer, 0, buffer.Length) > 0)
                    {
                    }
                }

                public void ServeOnce(TcpClient client) => Serve(client);
            }
            """);
    }

    [Fact]
    public async Task A_session_loop_in_Main_with_no_accept_loop_is_still_not_flagged()
    {
        // A one-user console tool or bot: the exception ends the program visibly (tests/RealWorld/README.md, conventions).
        await Verify.VerifyAsync(Usings + """
            class Program
            {
                static async Task Main()
                {
                    using var ws = new ClientWebSocket();
                    await ws.ConnectAsync(new Uri("wss://example.org"), CancellationToken.None);
                    await Receive(ws);
                }

                static async Task Receive(WebSocket ws)
                {
                    var buffer = new byte[4096];
                    var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    while (result.MessageType != WebSocketMessageType.Close)
                    {
                        Console.WriteLine(result.Count);
                        result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_local_flag_the_loop_clears_itself_bounds_the_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                public void Start(NetworkStream stream) => new Thread(() => Pump(stream)).Start();

                private void Pump(NetworkStream stream)
                {
                    var buffer = new byte[64];
                    var open = true;
                    while (open)
                    {
                        open = stream.Read(buffer, 0, buffer.Length) > 0;
                    }

                    var running = true;
                    while (running)
                    {
                        Check(ref running, stream.Read(buffer, 0, buffer.Length));
                    }
                }

                private static void Check(ref bool running, int n) => running = n > 0;
            }
            """);
    }

    [Fact]
    public async Task Fix_for_a_session_loop_inside_an_accept_loop_keeps_the_server_running()
    {
        await Fix.VerifyAsync(Usings + """
            class Server
            {
                public void Run(TcpListener listener)
                {
                    var buffer = new byte[256];
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        var stream = client.GetStream();
                        int n;
                        {|SVH203:while|} ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            stream.Write(buffer, 0, n);
                        }

                        client.Close();
                    }
                }
            }
            """, Usings + """
            class Server
            {
                public void Run(TcpListener listener)
                {
                    var buffer = new byte[256];
                    while (true)
                    {
                        var client = listener.AcceptTcpClient();
                        var stream = client.GetStream();
                        int n;
                        try
                        {
                            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                            {
                                stream.Write(buffer, 0, n);
                            }
                        }
                        catch (IOException)
                        {
                            // SVH203: this client's connection dropped; close it, the accept loop goes on.
                            stream.Dispose();
                        }

                        client.Close();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Line_loops_with_a_non_null_pattern_are_read_until_closed_loops()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                public void Start(TcpClient client) => new Thread(() => Pump(client)).Start();

                private void Pump(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    {|SVH203:while|} (reader.ReadLine() is { } line)
                    {
                        Console.WriteLine(line);
                    }

                    {|SVH203:while|} (reader.ReadLine() is string text)
                    {
                        Console.WriteLine(text);
                    }

                    while (reader.ReadLine() is var any)
                    {
                        Console.WriteLine(any);
                        break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task An_accept_loop_inside_a_restart_loop_is_not_a_session_loop_inside_an_accept_loop()
    {
        await Verify.VerifyAsync(Usings + """
            class Server
            {
                public void Run(TcpListener listener, byte[] greeting)
                {
                    while (true)
                    {
                        listener.Start();
                        while (true)
                        {
                            var socket = listener.AcceptSocket();
                            socket.Send(greeting);
                            socket.Close();
                        }
                    }
                }
            }
            """);
    }
}
