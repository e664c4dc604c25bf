using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Sockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Fix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.SocketReceiveLoopIgnoresCloseAnalyzer, SocketVsHttp.Sockets.SocketReceiveLoopIgnoresCloseFixer>;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.SocketReceiveLoopIgnoresCloseAnalyzer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH201Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string LineUsings = """
        using System;
        using System.IO;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------------------------------------------------------------- positives

    [Fact]
    public async Task NetworkStream_Read_in_while_true_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(TcpClient client, byte[] buffer)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Loop_paced_by_the_console_that_writes_to_the_connection_is_silent_otherwise_flagged()
    {
        // Each pass waits for the user and then writes: after the peer closes, the next write fails within a pass or two;
        // nothing spins. Without the write, or with the console read only under a condition, the loop is still reported.
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Chat(TcpClient client, byte[] buffer)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        var text = Console.ReadLine();
                        stream.Write(Encoding.UTF8.GetBytes(text ?? ""));
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, n));
                    }
                }

                void Lines(StreamReader reader, StreamWriter writer)
                {
                    while (true)
                    {
                        writer.WriteLine(Console.ReadLine());
                        writer.Flush();
                        var reply = reader.ReadLine();
                        Console.WriteLine(reply);
                    }
                }

                void OnlyReads(TcpClient client, byte[] buffer)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        Console.ReadLine();
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                }

                void SometimesAsks(TcpClient client, byte[] buffer, bool interactive)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        if (interactive)
                        {
                            Console.ReadLine();
                        }

                        stream.Write(buffer, 0, 1);
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Message_names_the_receiver_type_and_method()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(13, 21, 13, 58).WithArguments("count", "NetworkStream.Read", "is never tested for 0", Spins));
    }

    [Fact]
    public async Task Socket_Receive_stored_and_used_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(Socket socket, byte[] buffer)
                {
                    int received;
                    while (true)
                    {
                        received = {|SVH201:socket.Receive(buffer)|};
                        Handle(buffer, received);
                    }
                }

                void Handle(byte[] data, int count) { }
            }
            """);
    }

    [Fact]
    public async Task Socket_ReceiveAsync_task_and_valuetask_overloads_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(Socket socket, byte[] buffer, CancellationToken ct)
                {
                    while (!ct.IsCancellationRequested)
                    {
                        var a = await {|SVH201:socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None)|};
                        var b = await {|SVH201:socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct)|}.ConfigureAwait(false);
                        Console.WriteLine(a + b);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReadAsync_Memory_ValueTask_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async ValueTask Pump(NetworkStream stream, Memory<byte> buffer, CancellationToken ct)
                {
                    while (true)
                    {
                        int n = await {|SVH201:stream.ReadAsync(buffer, ct)|};
                        Process(buffer.Slice(0, n));
                    }
                }

                void Process(Memory<byte> data) { }
            }
            """);
    }

    [Fact]
    public async Task Read_Span_overload_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream)
                {
                    Span<byte> buffer = stackalloc byte[256];
                    for (;;)
                    {
                        var n = {|SVH201:stream.Read(buffer)|};
                        Process(buffer.Slice(0, n));
                    }
                }

                void Process(ReadOnlySpan<byte> data) { }
            }
            """);
    }

    [Fact]
    public async Task SslStream_over_GetStream_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(TcpClient client, byte[] buffer)
                {
                    using var ssl = new SslStream(client.GetStream());
                    await ssl.AuthenticateAsClientAsync("example.com");
                    do
                    {
                        int n = await {|SVH201:ssl.ReadAsync(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                    while (client.Connected);
                }
            }
            """);
    }

    [Fact]
    public async Task Stream_local_assigned_from_network_origins_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(TcpClient client, bool tls, byte[] buffer)
                {
                    Stream stream = client.GetStream();
                    if (tls)
                    {
                        stream = new SslStream(stream);
                    }

                    Stream other = tls ? new SslStream(client.GetStream()) : client.GetStream();
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        int m = {|SVH201:other.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n + m);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Count_used_inline_as_argument_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        Process(buffer, {|SVH201:stream.Read(buffer, 0, buffer.Length)|});
                    }
                }

                void Process(byte[] data, int count) { }
            }
            """);
    }

    [Fact]
    public async Task Read_until_filled_with_compound_assignment_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void ReadFrame(NetworkStream stream, byte[] frame)
                {
                    int total = 0;
                    while (total < frame.Length)
                    {
                        total += {|SVH201:stream.Read(frame, total, frame.Length - total)|};
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Read_in_for_increment_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    int total = 0;
                    for (int n = 1; total < 100; total += {|SVH201:stream.Read(buffer, 0, buffer.Length)|})
                    {
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Count_tested_only_against_minus_one_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    int n;
                    while ((n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|}) != -1)
                    {
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Callee_that_only_returns_on_zero_does_not_count_as_a_test()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Handle(buffer, n);
                    }
                }

                void Handle(byte[] data, int count)
                {
                    if (count == 0) return;
                    Console.WriteLine(count);
                }
            }
            """);
    }

    [Fact]
    public async Task Top_level_statements_loop_is_flagged()
    {
        await Verify.VerifyProgramAsync(Usings + """
            using var client = new TcpClient("localhost", 5000);
            var stream = client.GetStream();
            var buffer = new byte[1024];
            while (true)
            {
                var n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                Console.WriteLine(n);
            }
            """);
    }

    [Fact]
    public async Task Task_Run_lambda_and_local_function_are_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                Task Start(NetworkStream stream, byte[] buffer) => Task.Run(async () =>
                {
                    while (true)
                    {
                        var n = await {|SVH201:stream.ReadAsync(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                });

                void Local(Socket socket, byte[] buffer)
                {
                    Loop();

                    void Loop()
                    {
                        while (socket.Connected)
                        {
                            var n = {|SVH201:socket.Receive(buffer)|};
                            Console.WriteLine(n);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Blocking_unwrap_of_ReadAsync_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int a = {|SVH201:stream.ReadAsync(buffer, 0, buffer.Length)|}.Result;
                        int b = {|SVH201:stream.ReadAsync(buffer, 0, buffer.Length)|}.GetAwaiter().GetResult();
                        Console.WriteLine(a + b);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Foreach_loop_with_expression_bodied_helper_is_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            using System.Collections.Generic;

            class C
            {
                void Drain(List<NetworkStream> streams, byte[] buffer)
                {
                    foreach (var stream in streams)
                    {
                        var n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Log(n);
                    }
                }

                void Log(int n) => Console.WriteLine(n);
            }
            """);
    }

    // ---------------------------------------------------------------- negatives

    [Fact]
    public async Task Count_tested_in_loop_condition_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer, CancellationToken ct)
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer, ct)) > 0)
                    {
                        Console.WriteLine(n);
                    }

                    while ((n = stream.Read(buffer, 0, buffer.Length)) != 0)
                    {
                        Console.WriteLine(n);
                    }

                    while (0 < (n = stream.Read(buffer, 0, buffer.Length)))
                    {
                        Console.WriteLine(n);
                    }

                    do
                    {
                        n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                    while (n > 0);

                    for (int m; (m = stream.Read(buffer, 0, buffer.Length)) >= 1;)
                    {
                        Console.WriteLine(m);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Count_tested_in_loop_body_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n <= 0) break;
                        Console.WriteLine(n);
                    }

                    while (true)
                    {
                        int read = stream.Read(buffer, 0, buffer.Length);
                        if (read == 0) return;
                        Console.WriteLine(read);
                    }
                }

                void Receive(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        int received = socket.Receive(buffer);
                        if (received == 0)
                        {
                            socket.Close();
                            break;
                        }

                        Console.WriteLine(received);
                    }
                }

                void Less(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (n < 1) break;
                        if (0 == n) break;
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Patterns_and_switches_are_close_tests()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                        if (n is 0) throw new IOException("closed");
                        Console.WriteLine(n);
                    }
                }

                void Relational(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (n is <= 0) return;
                        Console.WriteLine(n);
                    }
                }

                void Negated(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (n is not > 0) return;
                        Console.WriteLine(n);
                    }
                }

                void Switch(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        switch (n)
                        {
                            case 0:
                                return;
                            default:
                                Console.WriteLine(n);
                                break;
                        }
                    }
                }

                void SwitchExpression(NetworkStream stream, byte[] buffer)
                {
                    var open = true;
                    while (open)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        open = n switch { 0 => false, _ => true };
                    }
                }

                void Direct(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        if (stream.Read(buffer, 0, buffer.Length) == 0) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Comparison_with_a_non_constant_bound_is_taken_as_a_test()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                        if (n < buffer.Length) break;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Exit_calls_are_close_tests()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Decides(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (!Handle(buffer, n)) break;
                    }
                }

                void LoopCondition(NetworkStream stream, byte[] buffer)
                {
                    int n = 1;
                    while (Handle(buffer, n))
                    {
                        n = stream.Read(buffer, 0, buffer.Length);
                    }
                }

                void Throws(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        EnsureOpen(n);
                        Console.WriteLine(n);
                    }
                }

                bool Handle(byte[] data, int count) => count > 0;

                static void EnsureOpen(int count)
                {
                    if (count == 0)
                    {
                        throw new IOException("The peer closed the connection.");
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Count_returned_to_the_caller_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                int ReadSome(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        try
                        {
                            var n = stream.Read(buffer, 0, buffer.Length);
                            return n;
                        }
                        catch (IOException)
                        {
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Other_accepted_forms_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            using System.Collections.Generic;

            class C
            {
                int count;
                int[] counts = new int[4];

                IEnumerable<int> Chunks(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        yield return n;
                    }
                }

                void Declared(NetworkStream stream, byte[] buffer)
                {
                    while (stream.Read(buffer, 0, buffer.Length) is int n && n > 0)
                    {
                        Console.WriteLine(n);
                    }
                }

                void AtLeastOne(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        var n = stream.Read(buffer, 0, buffer.Length);
                        if (!(n >= 1)) break;
                        if (n is 0 or < 0) break;
                    }
                }

                void FieldCount(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        count = stream.Read(buffer, 0, buffer.Length);
                        if (count == 0) break;
                    }
                }

                void ArrayElement(NetworkStream stream, byte[] buffer)
                {
                    for (int i = 0; i < counts.Length; i++)
                    {
                        counts[i] = stream.Read(buffer, 0, buffer.Length);
                    }
                }

                async Task ConfigureAwaitInCondition(NetworkStream stream, Memory<byte> buffer)
                {
                    int n;
                    while ((n = await stream.ReadAsync(buffer).ConfigureAwait(false)) is > 0)
                    {
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Poll_with_Available_zero_is_a_close_test_but_Available_alone_is_not()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Polled(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        if (socket.Poll(1000, SelectMode.SelectRead) && socket.Available == 0)
                        {
                            break; // closed
                        }

                        int n = socket.Receive(buffer);
                        Console.WriteLine(n);
                    }
                }

                void Waits(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        if (socket.Available == 0)
                        {
                            Thread.Sleep(10);
                            continue;
                        }

                        int n = {|SVH201:socket.Receive(buffer)|};
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Read_outside_a_loop_is_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                int ReadOnce(NetworkStream stream, byte[] buffer)
                {
                    int n = stream.Read(buffer, 0, buffer.Length);
                    Console.WriteLine(n);
                    return buffer[0];
                }

                void OnceBeforeTheLoop(NetworkStream stream, byte[] buffer)
                {
                    for (int n = stream.Read(buffer, 0, buffer.Length), i = 0; i < n; i++)
                    {
                        Console.WriteLine(buffer[i]);
                    }

                    foreach (var b in buffer.AsSpan(0, stream.Read(buffer, 0, buffer.Length)))
                    {
                        Console.WriteLine(b);
                    }
                }

                void LoopInLambdaOnly(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        Action a = () => Console.WriteLine(stream.Read(buffer, 0, buffer.Length));
                        a();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Streams_that_are_not_network_streams_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Memory(byte[] data, byte[] buffer)
                {
                    var stream = new MemoryStream(data);
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }

                void File(string path, byte[] buffer)
                {
                    using FileStream stream = System.IO.File.OpenRead(path);
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }

                void Parameter(Stream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }

                Stream field;

                void Field(byte[] buffer)
                {
                    while (true)
                    {
                        int n = field.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }

                void Mixed(TcpClient client, string path, bool network, byte[] buffer)
                {
                    Stream stream = network ? client.GetStream() : System.IO.File.OpenRead(path);
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReadExactly_and_ReadAtLeast_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        stream.ReadExactly(buffer, 0, 4);
                        await stream.ReadExactlyAsync(buffer, 0, 4);
                        int n = stream.ReadAtLeast(buffer, 4);
                        int m = await stream.ReadAtLeastAsync(buffer, 4);
                        Console.WriteLine(n + m);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Datagram_sockets_are_not_flagged()
    {
        await Verify.VerifyAsync(Usings + """
            using System.Net;

            class C
            {
                void Udp(byte[] buffer)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    while (true)
                    {
                        int n = socket.Receive(buffer);
                        Console.WriteLine(n);
                    }
                }

                void UdpClientSocket(UdpClient udp, byte[] buffer)
                {
                    while (true)
                    {
                        int n = udp.Client.Receive(buffer);
                        Console.WriteLine(n);
                    }
                }

                void ReceiveFrom(Socket socket, byte[] buffer)
                {
                    EndPoint remote = new IPEndPoint(IPAddress.Any, 0);
                    while (true)
                    {
                        int n = socket.ReceiveFrom(buffer, ref remote);
                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Discarded_count_and_unawaited_task_are_left_to_other_rules()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        stream.Read(buffer, 0, buffer.Length);
                        _ = stream.Read(buffer, 0, buffer.Length);
                        Task<int> pending = stream.ReadAsync(buffer, 0, buffer.Length);
                        Console.WriteLine(await pending);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task NetStandard20_target_is_analyzed()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                }

                void Good(NetworkStream stream, byte[] buffer)
                {
                    int n;
                    while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        Console.WriteLine(n);
                    }
                }
            }
            """, TestReferences.NetStandard20);
    }

    [Fact]
    public async Task Net48_target_is_analyzed()
    {
        await Verify.VerifyAsync(Usings + """
            class C
            {
                void Pump(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        int n = {|SVH201:socket.Receive(buffer)|};
                        Console.WriteLine(n);
                    }
                }
            }
            """, TestReferences.Net48);
    }

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = Fix.Create(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true
                    {
                        int n = stream.Read(buffer, 0, ;
                        var m = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(m)
                        var k = missing.Read(buffer, 0, 1);
                        Stream s = Unknown();
                        var j = s.Read(buffer, 0, 1);
                        var r = stream.Read(buffer, 0, buffer.Length) is;
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true
                    {
                        int n = stream.Read(buffer, 0, ;
                        var m = stream.Read(buffer, 0, buffer.Length);
                        if (m == 0)
                        {
                            break;
                        }

                        Console.WriteLine(m)
                        var k = missing.Read(buffer, 0, 1);
                        Stream s = Unknown();
                        var j = s.Read(buffer, 0, 1);
                        var r = stream.Read(buffer, 0, buffer.Length) is;
                    }
                }
            }
            """, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    [Fact]
    public async Task Test_that_only_skips_the_work_in_a_loop_with_no_way_out_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Count(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n > 0)
                        {
                            Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, n));
                        }
                    }
                }

                void Line(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    for (;;)
                    {
                        var line = reader.ReadLine();
                        if (line != null) Console.WriteLine(line);
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(14, 21, 14, 58)
                .WithArguments("count", "NetworkStream.Read", "is tested, but this endless loop has no way out (no break, return or throw)", Spins),
            new DiagnosticResult(Descriptors.SVH201).WithSpan(27, 24, 27, 41)
                .WithArguments("line", "StreamReader.ReadLine", "is tested, but this endless loop has no way out (no break, return or throw)", Spins));
    }

    [Fact]
    public async Task Test_that_only_skips_a_broadcast_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Server
            {
                static readonly System.Collections.Generic.List<TcpClient> Clients = new();

                static void HandleClient(TcpClient client)
                {
                    while (true)
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[1024];
                        var count = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        if (count > 0)
                        {
                            Parallel.ForEach(Clients, other =>
                            {
                                other.GetStream().Write(buffer, 0, buffer.Length);
                            });
                            var text = Encoding.UTF8.GetString(buffer, 0, count);
                            switch (text)
                            {
                                case "a":
                                    Console.WriteLine(text);
                                    break;
                                default:
                                    break;
                            }
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Test_in_a_loop_that_can_end_another_way_is_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                private volatile bool _running = true;

                void Flag(NetworkStream stream, byte[] buffer)
                {
                    while (_running)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n > 0) Console.WriteLine(n);
                        else _running = false;
                    }
                }

                void ClosesOnZero(TcpClient client, byte[] buffer)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n > 0) Console.WriteLine(n);
                        else client.Close();
                    }
                }

                void Throws(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = reader.ReadLine();
                        if (line != null) Console.WriteLine(line);
                        else throw new EndOfStreamException();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task A_new_connection_per_iteration_or_a_drain_of_what_is_available_is_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void AcceptLoop(Socket listener, TcpListener tcp)
                {
                    while (true)
                    {
                        Socket handler = listener.Accept();
                        var buffer = new byte[1024];
                        int received = handler.Receive(buffer);
                        Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, received));
                        handler.Close();

                        var client = tcp.AcceptTcpClient();
                        var reader = new StreamReader(client.GetStream());
                        var line = reader.ReadLine();
                        Console.WriteLine(line!.Length);
                    }
                }

                string DrainAvailable(NetworkStream stream, Socket socket)
                {
                    var buffer = new byte[64];
                    var text = new StringBuilder();
                    do
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                    }
                    while (stream.DataAvailable);

                    while (socket.Available > 0)
                    {
                        int n = socket.Receive(buffer);
                        text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                    }

                    return text.ToString();
                }
            }
            """);
    }

    [Fact]
    public async Task A_drain_repeated_by_an_endless_loop_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Pump(TcpClient client)
                {
                    var stream = client.GetStream();
                    while (true)
                    {
                        var buffer = new byte[64];
                        var text = new StringBuilder();
                        int n;
                        do
                        {
                            n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
                        }
                        while (stream.DataAvailable);

                        Console.WriteLine(text);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Read_in_a_helper_called_from_an_endless_loop_with_no_way_out_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
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
                    return Encoding.UTF8.GetString(data, 0, length);
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(30, 22, 30, 56)
                .WithArguments("count", "NetworkStream.Read", "is never tested for 0, and HandleClient() calls this method from an endless loop with no way out", Spins));
    }

    [Fact]
    public async Task Helpers_whose_caller_can_stop_are_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Client
            {
                private readonly NetworkStream _stream;

                public Client(TcpClient client) => _stream = client.GetStream();

                private void Breaks()
                {
                    while (true)
                    {
                        var reply = Receive();
                        if (reply.Length == 0) break;
                    }
                }

                private void Interactive()
                {
                    while (true)
                    {
                        var input = Console.ReadLine();
                        Console.WriteLine(Request(input!));
                    }
                }

                private void Throwing()
                {
                    while (true)
                    {
                        Console.WriteLine(ReceiveOrThrow());
                        Console.WriteLine(Count());
                    }
                }

                private string Receive()
                {
                    var data = new byte[256];
                    var length = _stream.Read(data, 0, data.Length);
                    return Encoding.UTF8.GetString(data, 0, length);
                }

                private string Request(string text)
                {
                    _stream.Write(Encoding.UTF8.GetBytes(text));
                    var data = new byte[256];
                    var length = _stream.Read(data, 0, data.Length);
                    return Encoding.UTF8.GetString(data, 0, length);
                }

                private string ReceiveOrThrow()
                {
                    var data = new byte[256];
                    var length = _stream.Read(data, 0, data.Length);
                    if (length == 0) throw new EndOfStreamException();
                    return Encoding.UTF8.GetString(data, 0, length);
                }

                private int Count()
                {
                    var data = new byte[256];
                    return _stream.Read(data, 0, data.Length);
                }
            }
            """);
    }

    // ---------------------------------------------------------------- ReadLine: a null line is the close

    [Fact]
    public async Task ReadLine_used_without_a_null_test_in_an_endless_loop_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Serve(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = reader.ReadLine();
                        Handle(line);
                    }
                }

                void Handle(string? line) { }
            }
            """.Replace("reader.ReadLine()", "{|SVH201:reader.ReadLine()|}"));
    }

    [Fact]
    public async Task Message_names_the_line_and_null()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                async Task Serve(NetworkStream stream, CancellationToken ct)
                {
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    while (!ct.IsCancellationRequested)
                    {
                        var line = await reader.ReadLineAsync(ct);
                        var parts = line!.Split(' ');
                        Console.WriteLine(parts[0]);
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(15, 30, 15, 54).WithArguments("line", "StreamReader.ReadLineAsync", "is never tested for null", ThrowsOnNull));
    }

    [Fact]
    public async Task ReadLine_shapes_real_code_uses_are_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                private bool _running = true;

                void ReaderMadeInTheLoop(TcpClient client)
                {
                    Stream connection = client.GetStream();
                    while (true)
                    {
                        using (var reader = new StreamReader(connection, Encoding.ASCII, false, 4096, leaveOpen: true))
                        {
                            string answer = {|SVH201:reader.ReadLine()|};
                            Console.WriteLine(answer);
                        }
                    }
                }

                void Inline(SslStream ssl)
                {
                    TextReader reader = new StreamReader(ssl);
                    while (true)
                    {
                        Handle({|SVH201:reader.ReadLine()|});
                        Console.WriteLine({|SVH201:reader.ReadLine()|}.Trim());
                    }
                }

                void UntilQuit(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    string? command = "";
                    while (command != "quit")
                    {
                        command = {|SVH201:reader.ReadLine()|};
                        Console.WriteLine("> " + command);
                    }
                }

                void SkipsBlankLinesButNeverLeaves(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    var ok = true;
                    while (_running && ok)
                    {
                        var line = {|SVH201:reader.ReadLine()|};
                        if (string.IsNullOrEmpty(line))
                        {
                            continue;
                        }

                        ok = Handle(line);
                    }
                }

                async Task BlockingUnwrap(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = {|SVH201:reader.ReadLineAsync()|}.Result;
                        if (line == "quit") break;
                        await Task.Yield();
                    }
                }

                bool Handle(string? line) => true;
            }
            """);
    }

    [Fact]
    public async Task ReadLine_through_a_private_reader_field_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class ChatClient
            {
                private TcpClient? _client;
                private StreamReader? _reader;
                private StreamReader? _log;
                public StreamReader? Shared;

                public void Connect(string host)
                {
                    _client = new TcpClient(host, 5000);
                    _reader = new StreamReader(_client.GetStream());
                    _log = new StreamReader("chat.log");
                    new Thread(Listen).Start();
                }

                private void Listen()
                {
                    while (true)
                    {
                        var line = {|SVH201:_reader!.ReadLine()|};
                        Console.WriteLine(line);
                        Console.WriteLine(_log!.ReadLine());
                        Console.WriteLine(Shared!.ReadLine());
                    }
                }

                public void Disconnect()
                {
                    _reader?.Dispose();
                    _reader = null;
                }
            }
            """);
    }

    [Fact]
    public async Task Reader_local_with_a_null_start_value_is_still_a_network_reader()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Serve(TcpClient client)
                {
                    StreamReader? reader = null;
                    Stream? stream = null;
                    try
                    {
                        stream = client.GetStream();
                        reader = new StreamReader(stream);
                        while (client.Connected)
                        {
                            string? message = {|SVH201:reader.ReadLine()|};
                            Console.WriteLine(message);
                        }
                    }
                    finally
                    {
                        reader?.Dispose();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReadLine_tested_for_null_is_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Condition(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    string? line;
                    while ((line = reader.ReadLine()) != null)
                    {
                        Console.WriteLine(line);
                    }
                }

                async Task ConditionAsync(NetworkStream stream)
                {
                    using var reader = new StreamReader(stream);
                    string? line;
                    while ((line = await reader.ReadLineAsync()) is not null)
                    {
                        Console.WriteLine(line);
                    }
                }

                void Break(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = reader.ReadLine();
                        if (line == null) break;
                        Console.WriteLine(line);
                    }
                }

                void IsNull(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = reader.ReadLine();
                        if (line is null)
                        {
                            return;
                        }

                        Console.WriteLine(line);
                    }
                }

                void NullOrEmptyLeaves(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = reader.ReadLine();
                        if (string.IsNullOrEmpty(line)) break;
                        Console.WriteLine(line);
                    }
                }

                void OtherForms(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var a = reader.ReadLine() ?? throw new EndOfStreamException();
                        var b = reader.ReadLine();
                        Console.WriteLine(b?.Trim());
                        switch (reader.ReadLine())
                        {
                            case null:
                                return;
                            case "ping":
                                Console.WriteLine(a);
                                break;
                        }

                        if (reader.ReadLine() is { } c) Console.WriteLine(c);
                    }
                }

                void DoWhile(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    string? line;
                    do
                    {
                        line = reader.ReadLine();
                        Console.WriteLine(line);
                    }
                    while (line != null);
                }

                string? Returned(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        return reader.ReadLine();
                    }
                }

                void AsksTheReader(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        if (reader.EndOfStream) break;
                        Console.WriteLine(reader.ReadLine());
                    }

                    while (!reader.EndOfStream)
                    {
                        Console.WriteLine(reader.ReadLine());
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ReadLine_on_readers_that_are_not_over_a_network_stream_is_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class C
            {
                void Files(string path, byte[] data, Stream unknown, StreamReader given)
                {
                    var file = new StreamReader(path);
                    var memory = new StreamReader(new MemoryStream(data));
                    var fileStream = new StreamReader(File.OpenRead(path));
                    var text = new StringReader("a");
                    var other = new StreamReader(unknown);
                    while (true)
                    {
                        Console.WriteLine(file.ReadLine());
                        Console.WriteLine(memory.ReadLine());
                        Console.WriteLine(fileStream.ReadLine());
                        Console.WriteLine(text.ReadLine());
                        Console.WriteLine(other.ReadLine());
                        Console.WriteLine(given.ReadLine());
                        Console.WriteLine(Console.In.ReadLine());
                    }
                }

                void Bounded(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    var header = new string?[3];
                    for (var i = 0; i < 3; i++)
                    {
                        header[i] = reader.ReadLine();
                    }

                    foreach (var name in header)
                    {
                        Console.WriteLine(name + reader.ReadLine());
                    }

                    while (true)
                    {
                        reader.ReadLine();
                        if (header[0] == null) break;
                    }
                }
            }
            """);
    }

    // ---------------------------------------------------------------- code fix

    [Fact]
    public async Task Fix_inserts_break_after_the_declaration()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        // read a chunk
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|}; // may be short

                        Console.WriteLine(n);
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        // read a chunk
                        int n = stream.Read(buffer, 0, buffer.Length); // may be short
                        if (n == 0)
                        {
                            break;
                        }

                        Console.WriteLine(n);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_inserts_break_after_an_assignment_statement_with_await()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(Socket socket, Memory<byte> buffer, CancellationToken ct)
                {
                    int received;
                    do
                    {
                        received = await {|SVH201:socket.ReceiveAsync(buffer, SocketFlags.None, ct)|}.ConfigureAwait(false);
                        Handle(buffer.Slice(0, received));
                    }
                    while (!ct.IsCancellationRequested);
                }

                void Handle(Memory<byte> data) { }
            }
            """, Usings + """
            class C
            {
                async Task Pump(Socket socket, Memory<byte> buffer, CancellationToken ct)
                {
                    int received;
                    do
                    {
                        received = await socket.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                        if (received == 0)
                        {
                            break;
                        }

                        Handle(buffer.Slice(0, received));
                    }
                    while (!ct.IsCancellationRequested);
                }

                void Handle(Memory<byte> data) { }
            }
            """);
    }

    [Fact]
    public async Task Fix_in_top_level_statements()
    {
        var source = Usings + """
            using var client = new TcpClient("localhost", 5000);
            var stream = client.GetStream();
            var buffer = new byte[1024];
            while (true)
            {
                var n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                Console.WriteLine(n);
            }

            """;
        var fixedSource = Usings + """
            using var client = new TcpClient("localhost", 5000);
            var stream = client.GetStream();
            var buffer = new byte[1024];
            while (true)
            {
                var n = stream.Read(buffer, 0, buffer.Length);
                if (n == 0)
                {
                    break;
                }

                Console.WriteLine(n);
            }

            """;
        var test = Fix.Create(source, fixedSource, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_in_Task_Run_lambda()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                Task Start(NetworkStream stream, byte[] buffer) => Task.Run(async () =>
                {
                    while (true)
                    {
                        var n = await {|SVH201:stream.ReadAsync(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                });
            }
            """, Usings + """
            class C
            {
                Task Start(NetworkStream stream, byte[] buffer) => Task.Run(async () =>
                {
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            break;
                        }

                        Console.WriteLine(n);
                    }
                });
            }
            """);
    }

    [Fact]
    public async Task Fix_inside_switch_section_returns_from_void_method()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                var n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                                Console.WriteLine(n);
                                break;
                        }
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                var n = stream.Read(buffer, 0, buffer.Length);
                                if (n == 0)
                                {
                                    return;
                                }

                                Console.WriteLine(n);
                                break;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_inside_switch_section_returns_from_async_Task()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                {
                                    var n = await {|SVH201:stream.ReadAsync(buffer, 0, buffer.Length)|};
                                    Console.WriteLine(n);
                                    break;
                                }
                        }
                    }
                }
            }
            """, Usings + """
            class C
            {
                async Task Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                {
                                    var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                                    if (n == 0)
                                    {
                                        return;
                                    }

                                    Console.WriteLine(n);
                                    break;
                                }
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_inside_switch_section_of_a_method_returning_a_value_throws()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                int Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                var n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                                Console.WriteLine(n);
                                break;
                            case 2:
                                return 2;
                        }
                    }
                }
            }
            """, Usings + """
            class C
            {
                int Pump(NetworkStream stream, byte[] buffer, int mode)
                {
                    while (true)
                    {
                        switch (mode)
                        {
                            case 1:
                                var n = stream.Read(buffer, 0, buffer.Length);
                                if (n == 0)
                                {
                                    throw new EndOfStreamException();
                                }

                                Console.WriteLine(n);
                                break;
                            case 2:
                                return 2;
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_throws_where_a_break_would_make_the_end_of_a_value_method_reachable()
    {
        // Issue 12: `break` here made the end of the method reachable (CS0161: not all code paths return a value).
        await Fix.VerifyAsync(Usings + """
            class C
            {
                int ReadLineLength(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, total, 1)|};
                        total += n;
                        if (buffer[total - 1] == (byte)'\n')
                        {
                            return total;
                        }
                    }
                }

                async Task<int> ReadLineLengthAsync(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (true)
                    {
                        var n = await {|SVH201:stream.ReadAsync(buffer, total, 1)|};
                        total += n;
                        if (buffer[total - 1] == (byte)'\n') return total;
                    }
                }
            }
            """, Usings + """
            class C
            {
                int ReadLineLength(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (true)
                    {
                        int n = stream.Read(buffer, total, 1);
                        if (n == 0)
                        {
                            throw new EndOfStreamException();
                        }

                        total += n;
                        if (buffer[total - 1] == (byte)'\n')
                        {
                            return total;
                        }
                    }
                }

                async Task<int> ReadLineLengthAsync(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (true)
                    {
                        var n = await stream.ReadAsync(buffer, total, 1);
                        if (n == 0)
                        {
                            throw new EndOfStreamException();
                        }

                        total += n;
                        if (buffer[total - 1] == (byte)'\n') return total;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_breaks_in_a_value_method_whose_loop_already_ends()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                int Drain(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (total < 1000)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        total += n;
                    }

                    return total;
                }
            }
            """, Usings + """
            class C
            {
                int Drain(NetworkStream stream, byte[] buffer)
                {
                    var total = 0;
                    while (total < 1000)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            break;
                        }

                        total += n;
                    }

                    return total;
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_names_EndOfStreamException_in_full_without_using_System_IO()
    {
        await Fix.VerifyAsync("""
            using System.Net.Sockets;

            class C
            {
                int Read(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        if (buffer[n - 1] == 10) return buffer.Length;
                    }
                }
            }
            """, """
            using System.Net.Sockets;

            class C
            {
                int Read(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            throw new System.IO.EndOfStreamException();
                        }

                        if (buffer[n - 1] == 10) return buffer.Length;
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task No_fix_when_leaving_the_loop_would_read_an_unassigned_local()
    {
        // A break before `message` is assigned would add CS0165 after the loop: the rewritten member is bound first.
        await Fix.VerifyNoFixAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    string message;
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        message = n.ToString();
                        if (buffer[0] == 1) break;
                    }

                    Console.WriteLine(message);
                }
            }
            """);
    }

    [Fact]
    public async Task No_fix_when_the_count_is_used_inline()
    {
        await Fix.VerifyNoFixAsync(Usings + """
            class C
            {
                void Pump(NetworkStream stream, byte[] buffer)
                {
                    int total = 0;
                    while (true)
                    {
                        Process(buffer, {|SVH201:stream.Read(buffer, 0, buffer.Length)|});
                        total += {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                    }
                }

                void Process(byte[] data, int count) { }
            }
            """);
    }

    [Fact]
    public async Task No_fix_for_embedded_statement_or_field()
    {
        await Fix.VerifyNoFixAsync(Usings + """
            class C
            {
                int count;

                void Pump(NetworkStream stream, byte[] buffer)
                {
                    int n;
                    while (true)
                        n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                }

                void Field(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        count = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(count);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_for_ReadLine_inserts_a_null_test()
    {
        await Fix.VerifyAsync(LineUsings + """
            class C
            {
                void Serve(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = {|SVH201:reader.ReadLine()|};
                        Console.WriteLine(line);
                    }
                }

                async Task ServeAsync(NetworkStream stream, CancellationToken ct)
                {
                    var reader = new StreamReader(stream);
                    string? line;
                    while (!ct.IsCancellationRequested)
                    {
                        line = await {|SVH201:reader.ReadLineAsync(ct)|};
                        Console.WriteLine(line);
                    }
                }

                async Task<string> FirstCommandAsync(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = await {|SVH201:reader.ReadLineAsync()|};
                        if (line!.StartsWith("cmd ")) return line.Substring(4);
                    }
                }
            }
            """, LineUsings + """
            class C
            {
                void Serve(TcpClient client)
                {
                    var reader = new StreamReader(client.GetStream());
                    while (true)
                    {
                        var line = reader.ReadLine();
                        if (line == null)
                        {
                            break;
                        }

                        Console.WriteLine(line);
                    }
                }

                async Task ServeAsync(NetworkStream stream, CancellationToken ct)
                {
                    var reader = new StreamReader(stream);
                    string? line;
                    while (!ct.IsCancellationRequested)
                    {
                        line = await reader.ReadLineAsync(ct);
                        if (line == null)
                        {
                            break;
                        }

                        Console.WriteLine(line);
                    }
                }

                async Task<string> FirstCommandAsync(NetworkStream stream)
                {
                    var reader = new StreamReader(stream);
                    while (true)
                    {
                        var line = await reader.ReadLineAsync();
                        if (line == null)
                        {
                            throw new EndOfStreamException();
                        }

                        if (line!.StartsWith("cmd ")) return line.Substring(4);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_for_a_test_that_only_skips_the_work_gives_the_loop_a_way_out()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void Pump(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        var n = {|SVH201:socket.Receive(buffer)|};
                        if (n > 0)
                        {
                            Console.WriteLine(n);
                        }
                    }
                }
            }
            """, Usings + """
            class C
            {
                void Pump(Socket socket, byte[] buffer)
                {
                    while (true)
                    {
                        var n = socket.Receive(buffer);
                        if (n == 0)
                        {
                            break;
                        }

                        if (n > 0)
                        {
                            Console.WriteLine(n);
                        }
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task No_fix_for_a_read_in_a_drain_loop_inside_the_endless_loop()
    {
        await Fix.VerifyNoFixAsync(LineUsings + """
            class C
            {
                void Pump(NetworkStream stream)
                {
                    while (true)
                    {
                        var buffer = new byte[64];
                        int n;
                        do
                        {
                            n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                            Console.WriteLine(n);
                        }
                        while (stream.DataAvailable);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task Fix_all_handles_several_loops_in_one_document()
    {
        await Fix.VerifyAsync(Usings + """
            class C
            {
                void A(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = {|SVH201:stream.Read(buffer, 0, buffer.Length)|};
                        Console.WriteLine(n);
                    }
                }

                async Task B(Socket socket, byte[] buffer)
                {
                    for (;;)
                    {
                        var received = await {|SVH201:socket.ReceiveAsync(buffer, SocketFlags.None)|};
                        var again = {|SVH201:socket.Receive(buffer)|};
                        Console.WriteLine(received + again);
                    }
                }
            }
            """, Usings + """
            class C
            {
                void A(NetworkStream stream, byte[] buffer)
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            break;
                        }

                        Console.WriteLine(n);
                    }
                }

                async Task B(Socket socket, byte[] buffer)
                {
                    for (;;)
                    {
                        var received = await socket.ReceiveAsync(buffer, SocketFlags.None);
                        if (received == 0)
                        {
                            break;
                        }

                        var again = socket.Receive(buffer);
                        if (again == 0)
                        {
                            break;
                        }

                        Console.WriteLine(received + again);
                    }
                }
            }
            """);
    }

    // ---------------------------------------------------------------- lines through a helper, loops waiting for a line

    // ---- a line read by a helper that a long-lived loop of the type calls ----

    private const string ThrowsInHelper = "when the peer closes, the null line throws in this method instead of ending that loop";

    [Fact]
    public async Task Helper_line_handed_to_a_parser_or_dereferenced_under_a_long_lived_loop_is_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Message
            {
                public string Kind = "";
                public static Message Parse(string json) => new Message { Kind = json.Substring(0, 1) };
            }

            class Client
            {
                private readonly StreamReader _reader;
                private bool _running = true;

                public Client(TcpClient client) => _reader = new StreamReader(client.GetStream());

                public void Run()
                {
                    while (_running)
                    {
                        var message = Receive();
                        var words = Words();
                        Console.WriteLine(message.Kind + words.Length);
                    }
                }

                private Message Receive()
                {
                    string data = {|#0:_reader.ReadLine()|};
                    return Message.Parse(data);
                }

                private string[] Words()
                {
                    return {|#1:_reader.ReadLine()|}.Split(' ');
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithLocation(0)
                .WithArguments("line", "StreamReader.ReadLine", "is never tested for null, and Run() calls this method from a long-lived loop", ThrowsInHelper),
            new DiagnosticResult(Descriptors.SVH201).WithLocation(1)
                .WithArguments("line", "StreamReader.ReadLine", "is never tested for null, and Run() calls this method from a long-lived loop", ThrowsInHelper));
    }

    [Fact]
    public async Task Helper_line_tested_logged_thrown_on_or_not_called_from_a_long_lived_loop_is_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Message
            {
                public static Message Parse(string json) => new Message();
            }

            class Client
            {
                private readonly StreamReader _reader;

                public Client(TcpClient client) => _reader = new StreamReader(client.GetStream());

                public void Run()
                {
                    while (true)
                    {
                        Tested();
                        Logged();
                        Throws();
                        Returned();
                    }
                }

                public void Once()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        OnlyHere();
                    }
                }

                private Message Tested()
                {
                    var data = _reader.ReadLine();
                    if (data == null) return null;
                    return Message.Parse(data);
                }

                private void Logged()
                {
                    var data = _reader.ReadLine();
                    Console.WriteLine(data);
                }

                private Message Throws()
                {
                    var data = _reader.ReadLine() ?? throw new IOException("closed");
                    return Message.Parse(data);
                }

                private string Returned() => _reader.ReadLine();

                private Message OnlyHere()
                {
                    var data = _reader.ReadLine();
                    return Message.Parse(data);
                }
            }
            """);
    }

    private const string Spins = "when the peer closes, this loop spins or processes nothing forever";
    private const string ThrowsOnNull = "when the peer closes, the null line throws NullReferenceException here instead of ending the loop";

    [Fact]
    public async Task Line_read_through_another_types_helper_in_an_endless_loop_is_flagged_at_the_call()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Client
            {
                private readonly StreamReader _input;

                internal Client(TcpClient tcp) => _input = new StreamReader(tcp.GetStream());

                internal string readLine()
                {
                    return _input.ReadLine();
                }
            }

            class Bot
            {
                static void Run(Client client)
                {
                    while (true)
                    {
                        string message = client.readLine();
                        if (message != null)
                        {
                            Console.WriteLine(message);
                        }
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(26, 30, 26, 47)
                .WithArguments("line", "Client.readLine", "(which returns StreamReader.ReadLine's line) is tested, but this endless loop has no way out (no break, return or throw)", Spins));
    }

    [Fact]
    public async Task Loop_waiting_for_a_line_that_dereferences_it_is_flagged_with_the_exception()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Client
            {
                private readonly StreamReader _input;

                internal Client(TcpClient tcp) => _input = new StreamReader(tcp.GetStream());

                internal string ReadReply() => _input.ReadLine()!;

                internal void Join()
                {
                    bool joined = false;
                    while (!joined)
                    {
                        string message = ReadReply();
                        joined = message.Contains("End of /NAMES list");
                    }

                    var done = false;
                    while (!done)
                    {
                        var line = _input.ReadLine();
                        done = line == "OK";
                    }
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH201).WithSpan(21, 30, 21, 41)
                .WithArguments("line", "Client.ReadReply", "(which returns StreamReader.ReadLine's line) is never tested for null", ThrowsOnNull),
            new DiagnosticResult(Descriptors.SVH201).WithSpan(28, 24, 28, 41)
                .WithArguments("line", "StreamReader.ReadLine", "is never tested for null", Spins));
    }

    [Fact]
    public async Task Helpers_and_line_waits_that_see_the_close_are_not_flagged()
    {
        await Verify.VerifyAsync(LineUsings + """
            class Client
            {
                private readonly StreamReader _input;
                private readonly StreamReader _file = new StreamReader(new MemoryStream());

                internal Client(TcpClient tcp) => _input = new StreamReader(tcp.GetStream());

                internal string ReadLine() => _input.ReadLine()!;

                internal string ReadTrimmed() => _input.ReadLine()!.Trim();

                internal string ReadFileLine() => _file.ReadLine()!;

                internal void Loops()
                {
                    while (true)
                    {
                        var line = ReadLine();
                        if (line == null) break;
                        Console.WriteLine(line);
                    }

                    while (true)
                    {
                        Console.WriteLine(ReadTrimmed().Length);
                        Console.WriteLine(ReadFileLine().Length);
                    }
                }

                internal void Waits()
                {
                    var joined = false;
                    while (!joined)
                    {
                        var message = ReadLine();
                        if (message is null) throw new IOException("closed");
                        joined = message.Contains("End");
                    }

                    var counted = false;
                    var n = 0;
                    while (!counted)
                    {
                        var message = ReadLine();
                        counted = ++n > 3;
                        Console.WriteLine(message);
                    }
                }
            }
            """);
    }
}
