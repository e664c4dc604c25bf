using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Sockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.ConnectionPerMessageAnalyzer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH206Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---- Positives: a method that sends the one message it is given -------------------------------------------

    [Fact]
    public Task TcpClient_per_message_with_host_port_constructor_is_reported() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            public void Send(string message)
            {
                using var client = {|SVH206:new TcpClient("127.0.0.1", 9000)|};
                var bytes = Encoding.UTF8.GetBytes(message);
                client.GetStream().Write(bytes, 0, bytes.Length);
            }
        }
        """);

    [Fact]
    public Task Async_connect_stream_alias_and_cancellation_are_reported() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            private readonly IPEndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 9000);

            public async Task SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct)
            {
                using TcpClient client = {|SVH206:new()|};
                await client.ConnectAsync(endPoint, ct);
                await using var stream = client.GetStream();
                await stream.WriteAsync(payload, ct);
            }
        }
        """);

    [Fact]
    public Task Socket_with_explicit_dispose_is_reported_and_names_Socket() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            public void Send(EndPoint endPoint, byte[] data)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Send(data);
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
        }
        """, DiagnosticResult.CompilerWarning("SVH206").WithSpan(13, 22, 13, 97).WithArguments("Socket"));

    [Fact]
    public Task Using_statement_with_writer_and_one_reply_read_is_reported() => Verify.VerifyAsync(Usings + """
        public class Client
        {
            public string Query(string host, int port, string command)
            {
                using (var client = {|SVH206:new TcpClient()|})
                {
                    client.Connect(host, port);
                    var stream = client.GetStream();
                    using var writer = new StreamWriter(stream) { AutoFlush = true };
                    writer.WriteLine(command);
                    var buffer = new byte[256];
                    var n = stream.Read(buffer, 0, buffer.Length);
                    return Encoding.ASCII.GetString(buffer, 0, n);
                }
            }
        }
        """);

    [Fact]
    public Task Expression_lambda_handler_and_local_function_are_reported() => Verify.VerifyAsync(Usings + """
        public class Handlers
        {
            public Action<byte[]> Forwarder(IPEndPoint target) => data =>
            {
                using var socket = {|SVH206:new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(target);
                socket.Send(data);
            };

            public void Run(string line)
            {
                Send(line);

                static void Send(string text)
                {
                    using var client = {|SVH206:new TcpClient("localhost", 7000)|};
                    client.Client.Send(Encoding.UTF8.GetBytes(text));
                }
            }
        }
        """);

    // ---- Positives: a connection per loop iteration ----------------------------------------------------------

    [Fact]
    public Task Connection_per_iteration_is_reported() => Verify.VerifyAsync(Usings + """
        public class Batch
        {
            public async Task SendAllAsync(IEnumerable<string> lines, IPEndPoint endPoint)
            {
                foreach (var line in lines)
                {
                    using var client = {|SVH206:new TcpClient()|};
                    await client.ConnectAsync(endPoint.Address, endPoint.Port);
                    var stream = client.GetStream();
                    await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"));
                }
            }
        }
        """);

    [Fact]
    public Task Connection_per_iteration_in_top_level_statements_is_reported() => Verify.VerifyProgramAsync("""
        using System.Net.Sockets;
        using System.Text;

        for (var i = 0; i < 100; i++)
        {
            using var client = {|SVH206:new TcpClient("127.0.0.1", 9000)|};
            client.GetStream().Write(Encoding.ASCII.GetBytes("tick " + i));
        }
        """);

    [Fact]
    public Task Retry_loop_and_inline_stream_in_a_method_that_sends_its_parameter_are_reported() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            public async Task SendAsync(string host, int port, byte[] data)
            {
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        using (var stream = {|SVH206:new TcpClient(host, port)|}.GetStream())
                        {
                            await stream.WriteAsync(data, 0, data.Length);
                        }

                        return;
                    }
                    catch (SocketException) when (attempt < 3)
                    {
                        await Task.Delay(100 * attempt);
                    }
                }
            }

            public void SendWithPatterns(string host, int port, object message)
            {
                using var client = {|SVH206:new TcpClient(host, port)|};
                if (client is { Connected: true } && client is not null)
                {
                    using var writer = new BinaryWriter(client.GetStream());
                    writer.Write(message is string text ? text : message.ToString() ?? "");
                }
            }
        }
        """);

    // ---- Positives: same-type helpers, send-all loops, connections kept in a field ---------------------------------

    [Fact]
    public Task Connection_handed_to_a_helper_that_only_writes_or_returns_its_stream_is_reported() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            public void Send(string message)
            {
                using var client = {|SVH206:new TcpClient("127.0.0.1", 9000)|};
                WriteLine(client.GetStream(), message);
            }

            public async Task SendAsync(string host, byte[] payload)
            {
                var client = {|SVH206:new TcpClient()|};
                try
                {
                    await client.ConnectAsync(host, 9000);
                    var stream = StreamOf(client);
                    await stream.WriteAsync(payload, 0, payload.Length);
                }
                finally
                {
                    client.Close();
                }
            }

            private static void WriteLine(NetworkStream stream, string text)
            {
                var bytes = Encoding.UTF8.GetBytes(text + "\n");
                stream.Write(bytes, 0, bytes.Length);
            }

            private static NetworkStream StreamOf(TcpClient client) => client.GetStream();
        }
        """);

    [Fact]
    public Task Send_all_loop_is_one_message() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            public void Send(EndPoint endPoint, byte[] data)
            {
                using var socket = {|SVH206:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                var sent = 0;
                while (sent < data.Length)
                {
                    sent += socket.Send(data, sent, data.Length - sent, SocketFlags.None);
                }
            }

            public async Task SendEachAsync(EndPoint endPoint, IEnumerable<string> lines)
            {
                foreach (var line in lines)
                {
                    var bytes = Encoding.UTF8.GetBytes(line);
                    using var socket = {|SVH206:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    await socket.ConnectAsync(endPoint);
                    int sent = 0;
                    do
                    {
                        sent = sent + await socket.SendAsync(new ArraySegment<byte>(bytes, sent, bytes.Length - sent), SocketFlags.None);
                    }
                    while (sent < bytes.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Field_connection_connected_sent_once_and_closed_per_call_is_reported() => Verify.VerifyAsync(Usings + """
        public class Sender
        {
            private readonly IPEndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 9000);
            private TcpClient? client;

            public void Send(byte[] data)
            {
                client = {|SVH206:new TcpClient()|};
                client.Connect(endPoint);
                client.GetStream().Write(data, 0, data.Length);
                client.Close();
            }
        }

        public class SocketSender
        {
            private readonly Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly IPEndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 9000);

            public void Send(string text)
            {
                {|SVH206:socket.Connect(endPoint)|};
                socket.Send(Encoding.UTF8.GetBytes(text));
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
        }

        public class HelperSender
        {
            private readonly string host;
            private Socket socket;

            public HelperSender(string host)
            {
                this.host = host;
                socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            }

            public void Send(byte[] data)
            {
                {|SVH206:Connect()|};
                socket.Send(data);
                Close();
            }

            public void Close()
            {
                socket.Close();
            }

            private void Connect() => socket.Connect(host, 9000);
        }

        public class RetryingSender
        {
            private readonly TcpClient client = new TcpClient();

            public void Send(string text)
            {
                if (!{|SVH206:TryConnect()|})
                {
                    client.Connect("localhost", 9000);
                }

                var bytes = Encoding.UTF8.GetBytes(text);
                client.GetStream().Write(bytes, 0, bytes.Length);
                client.Close();
            }

            private bool TryConnect()
            {
                client.Connect("localhost", 9001);
                return client.Connected;
            }
        }
        """);

    // ---- Negatives --------------------------------------------------------------------------------------------
    [Fact]
    public Task Helpers_that_keep_the_connection_or_a_close_that_is_not_on_every_path_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Notifier
        {
            private TcpClient? kept;

            public void Keep(string host, byte[] data)
            {
                using var client = new TcpClient(host, 9000);
                client.GetStream().Write(data, 0, data.Length);
                Remember(client);
            }

            public void CloseOnlyOnSuccess(string host, byte[] data)
            {
                var client = new TcpClient(host, 9000);
                Write(client.GetStream(), data);
                client.Close();
            }

            public void ConstantPayload(string host, int port)
            {
                using var client = new TcpClient(host, port);
                Write(client.GetStream(), Encoding.ASCII.GetBytes("PING\n"));
            }

            public void HelperSendsInALoop(string host, IEnumerable<byte[]> messages)
            {
                using var client = new TcpClient(host, 9000);
                WriteAll(client.GetStream(), messages);
            }

            private void Remember(TcpClient client) => kept = client;

            private static void Write(NetworkStream stream, byte[] data) => stream.Write(data, 0, data.Length);

            private static void WriteAll(NetworkStream stream, IEnumerable<byte[]> messages)
            {
                foreach (var message in messages)
                {
                    stream.Write(message, 0, message.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Loops_that_are_not_send_all_loops_are_still_sessions() => Verify.VerifyAsync(Usings + """
        public class Sessions
        {
            public int Repeat(EndPoint endPoint, byte[] data)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                var total = 0;
                for (var i = 0; i < 3; i++)
                {
                    total += socket.Send(data);
                }

                return total;
            }

            public void Heartbeat(EndPoint endPoint, byte[] data, CancellationToken ct)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                while (!ct.IsCancellationRequested)
                {
                    socket.Send(data);
                    Thread.Sleep(1000);
                }
            }
        }
        """);

    [Fact]
    public Task Field_connections_kept_open_reconnected_lazily_or_closed_on_failure_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class LazyReconnect
        {
            private readonly IPEndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 9000);
            private TcpClient? client;

            public void Send(byte[] data)
            {
                if (client is null || !client.Connected)
                {
                    client?.Close();
                    client = new TcpClient();
                    client.Connect(endPoint);
                }

                client.GetStream().Write(data, 0, data.Length);
            }
        }

        public class CloseOnFailure
        {
            private readonly Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            private readonly IPEndPoint endPoint = new IPEndPoint(IPAddress.Loopback, 9000);

            public void Send(byte[] data)
            {
                if (!socket.Connected)
                {
                    socket.Connect(endPoint);
                }

                try
                {
                    socket.Send(data);
                }
                catch (SocketException)
                {
                    socket.Close();
                    throw;
                }
            }
        }

        public class KeptOpen : IDisposable
        {
            private readonly TcpClient client = new TcpClient();

            public void Open(string host) => client.Connect(host, 9000);

            public void Send(byte[] data) => client.GetStream().Write(data, 0, data.Length);

            public void Dispose() => client.Close();
        }

        public class ConnectHelperWithoutClose
        {
            private readonly Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public void Send(byte[] data)
            {
                if (!socket.Connected)
                {
                    Connect();
                }

                socket.Send(data);
            }

            private void Connect() => socket.Connect("localhost", 9000);
        }

        public class UdpField
        {
            private readonly Socket socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

            public void Send(EndPoint endPoint, byte[] data)
            {
                socket.Connect(endPoint);
                socket.Send(data);
                socket.Close();
            }
        }
        """);


    [Fact]
    public Task Servers_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Proxy
        {
            public void Serve(TcpListener listener, string upstreamHost, byte[] greeting)
            {
                while (true)
                {
                    using var accepted = listener.AcceptTcpClient();
                    using var upstream = new TcpClient(upstreamHost, 80);
                    upstream.GetStream().Write(greeting, 0, greeting.Length);
                    accepted.GetStream().Write(greeting, 0, greeting.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Connections_kept_in_a_field_or_returned_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Pool
        {
            private TcpClient? client;

            public void Open(string host, int port, byte[] hello)
            {
                var created = new TcpClient(host, port);
                created.GetStream().Write(hello, 0, hello.Length);
                client = created;
            }

            public TcpClient Create(string host, int port, byte[] hello)
            {
                var created = new TcpClient();
                created.Connect(host, port);
                created.GetStream().Write(hello, 0, hello.Length);
                return created;
            }

            public async Task<Socket> ConnectAsync(EndPoint endPoint, byte[] hello)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(endPoint);
                await socket.SendAsync(hello, SocketFlags.None);
                return socket;
            }

            public void Handshake(string host, int port, byte[] hello, Action<TcpClient> onReady)
            {
                using var created = new TcpClient(host, port);
                created.GetStream().Write(hello, 0, hello.Length);
                onReady(created);
            }
        }
        """);

    [Fact]
    public Task One_shot_tools_are_not_reported() => Verify.VerifyAsync(Usings + """
        public static class Program
        {
            public static void Main(string[] args)
            {
                using var client = new TcpClient(args[0], 9000);
                client.GetStream().Write(Encoding.UTF8.GetBytes(args[1]));
            }
        }
        """);

    [Fact]
    public Task Top_level_one_shot_is_not_reported() => Verify.VerifyProgramAsync("""
        using System.Net.Sockets;
        using System.Text;

        using var client = new TcpClient("127.0.0.1", 9000);
        client.GetStream().Write(Encoding.ASCII.GetBytes(args.Length > 0 ? args[0] : "hello"));
        """);

    [Fact]
    public Task Sessions_that_send_more_than_once_or_read_in_a_loop_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Sessions
        {
            public void Greet(string host, int port, byte[] hello, byte[] body)
            {
                using var client = new TcpClient(host, port);
                var stream = client.GetStream();
                stream.Write(hello, 0, hello.Length);
                stream.Write(body, 0, body.Length);
            }

            public void SendEach(string host, int port, IEnumerable<byte[]> messages)
            {
                using var client = new TcpClient(host, port);
                var stream = client.GetStream();
                foreach (var message in messages)
                {
                    stream.Write(message, 0, message.Length);
                }
            }

            public byte[] Fetch(string host, int port, byte[] request)
            {
                using var client = new TcpClient(host, port);
                var stream = client.GetStream();
                stream.Write(request, 0, request.Length);
                var response = new MemoryStream();
                var buffer = new byte[4096];
                int n;
                while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    response.Write(buffer, 0, n);
                }

                return response.ToArray();
            }
        }
        """);

    [Fact]
    public Task Retry_and_periodic_loops_without_payload_parameter_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Loops
        {
            private readonly byte[] ping = { 1 };

            public void Probe(string host, int port, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    using var client = new TcpClient(host, port);
                    client.GetStream().Write(ping, 0, ping.Length);
                    Thread.Sleep(5000);
                }
            }

            public void SendWithRetry(string host, int port)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try
                    {
                        using var client = new TcpClient(host, port);
                        client.GetStream().Write(ping, 0, ping.Length);
                        return;
                    }
                    catch (SocketException)
                    {
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Connection_renamed_by_a_pattern_is_not_followed() => Verify.VerifyAsync(Usings + """
        public class Keeper
        {
            private object? kept;

            public void Send(string host, int port, byte[] data)
            {
                using var client = new TcpClient(host, port);
                if (client is TcpClient named)
                {
                    kept = named;
                }

                client.GetStream().Write(data, 0, data.Length);
            }
        }
        """);

    [Fact]
    public Task Udp_unix_and_unknown_socket_kinds_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Datagrams
        {
            public void Send(EndPoint endPoint, byte[] data, SocketType kind)
            {
                using (var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
                {
                    udp.Connect(endPoint);
                    udp.Send(data);
                }

                using (var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
                {
                    unix.Connect(endPoint);
                    unix.Send(data);
                }

                using (var unknown = new Socket(endPoint.AddressFamily, kind, ProtocolType.Unspecified))
                {
                    unknown.Connect(endPoint);
                    unknown.Send(data);
                }

                using (var client = new UdpClient())
                {
                    client.Connect("127.0.0.1", 9000);
                    client.Send(data, data.Length);
                }
            }
        }
        """);

    [Fact]
    public Task Missing_connect_send_or_dispose_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Partial
        {
            public void NoDispose(string host, int port, byte[] data)
            {
                var client = new TcpClient(host, port);
                client.GetStream().Write(data, 0, data.Length);
            }

            public void NoConnect(Socket connected, byte[] data)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                connected.Send(data);
            }

            public void NoSend(string host, int port, byte[] data)
            {
                using var client = new TcpClient(host, port);
                Console.WriteLine(data.Length);
            }

            public void PayloadNotFromParameter(string host, int port)
            {
                using var client = new TcpClient(host, port);
                client.GetStream().Write(Encoding.ASCII.GetBytes("PING\n"));
            }

            public void CapturedByLambda(string host, int port, byte[] data)
            {
                using var client = new TcpClient(host, port);
                Action send = () => client.GetStream().Write(data, 0, data.Length);
                send();
            }
        }
        """);

    // ---- Endless loops without a close, loop-only fields, recursion as a loop ----------------------------------

    [Fact]
    public Task Endless_loop_without_close_and_a_field_only_the_loop_uses_are_reported() => Verify.VerifyAsync(Usings + """
        public class Console1
        {
            private static TcpClient client;

            public static void Run(string host)
            {
                while (true)
                {
                    try
                    {
                        client = {|SVH206:new TcpClient(host, 5560)|};
                        var stream = client.GetStream();
                        var bytes = Encoding.UTF8.GetBytes(Console.ReadLine() ?? "");
                        stream.Write(bytes, 0, bytes.Length);
                    }
                    catch (IOException e)
                    {
                        Console.WriteLine(e.Message);
                    }
                }
            }
        }

        public class Console2
        {
            public void Run(IPEndPoint endPoint, Queue<byte[]> outbox)
            {
                while (outbox.Count > 0)
                {
                    var socket = {|SVH206:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket.Send(outbox.Dequeue());
                }
            }
        }
        """);

    [Fact]
    public Task Method_that_calls_itself_for_the_next_typed_message_is_reported() => Verify.VerifyAsync(Usings + """
        public class Chat
        {
            public static void SendNext(IPEndPoint endPoint)
            {
                var sender = {|SVH206:new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)|};
                sender.Connect(endPoint);
                var text = Console.ReadLine() ?? "";
                sender.Send(Encoding.UTF8.GetBytes(text));
                var reply = new byte[1024];
                sender.Receive(reply);
                if (text != "bye")
                {
                    SendNext(endPoint);
                }

                sender.Shutdown(SocketShutdown.Both);
                sender.Close();
            }
        }
        """);

    [Fact]
    public Task Loop_fields_used_elsewhere_retry_recursion_and_waiting_recursion_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class SharedField
        {
            private static TcpClient client;

            public static void Run(string host)
            {
                while (true)
                {
                    client = new TcpClient(host, 5560);
                    client.GetStream().Write(Encoding.UTF8.GetBytes(Console.ReadLine() ?? ""));
                }
            }

            public static void Stop() => client?.Close();
        }

        public class StopsAfterOne
        {
            public void Run(IPEndPoint endPoint, byte[] hello)
            {
                while (true)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(endPoint);
                    socket.Send(hello);
                    break;
                }
            }
        }

        public class RetriesFromCatch
        {
            public static void Connect(IPEndPoint endPoint)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    socket.Send(Encoding.UTF8.GetBytes("HELLO"));
                    socket.Close();
                }
                catch (SocketException)
                {
                    socket.Close();
                    Connect(endPoint);
                }
            }
        }

        public class Probe
        {
            public static void Ping(IPEndPoint endPoint)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Send(Encoding.UTF8.GetBytes("PING"));
                socket.Close();
                Thread.Sleep(60000);
                Ping(endPoint);
            }
        }
        """);

    // ---- The harness pair ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Harness_bad_variant_is_reported_and_fixed_variant_is_not()
    {
        var folder = Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios", "SVH206");
        var bad = await File.ReadAllTextAsync(Path.Combine(folder, "Bad.cs"));
        Assert.Contains("new TcpClient()", bad);
        await Verify.VerifyAsync(bad.Replace("new TcpClient()", "{|SVH206:new TcpClient()|}", StringComparison.Ordinal));
        await Verify.VerifyAsync(await File.ReadAllTextAsync(Path.Combine(folder, "Fixed.cs")));
    }

    // ---- Targets and broken code ------------------------------------------------------------------------------

    [Fact]
    public Task Net48_extension_SendAsync_and_ConnectAsync_are_reported() => Verify.VerifyWithoutStubsAsync("""
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public class Notifier
        {
            public async Task SendAsync(IPEndPoint endPoint, byte[] data)
            {
                using (var socket = {|SVH206:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|})
                {
                    await socket.ConnectAsync(endPoint);
                    await socket.SendAsync(new System.ArraySegment<byte>(data), SocketFlags.None);
                }
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task NetStandard20_is_reported() => Verify.VerifyWithoutStubsAsync("""
        using System.Net.Sockets;

        public class Notifier
        {
            public void Send(string host, byte[] data)
            {
                using (var client = {|SVH206:new TcpClient(host, 9000)|})
                {
                    client.GetStream().Write(data, 0, data.Length);
                }
            }
        }
        """, TestReferences.NetStandard20);

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = new CSharpAnalyzerTest<ConnectionPerMessageAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                public class Broken
                {
                    public void Send(string message)
                    {
                        using var client = new TcpClient(
                        client.GetStream().Write(Encoding.UTF8.GetBytes(message)
                        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, )
                        socket.Connect(Missing);
                        socket.Send(message);
                        var other = new Missing("x", 1);
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }
}
