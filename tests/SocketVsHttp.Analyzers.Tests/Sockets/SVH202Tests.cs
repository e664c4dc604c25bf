using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Sockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.ReceivedCountDiscardedAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.ReceivedCountDiscardedAnalyzer, SocketVsHttp.Sockets.ReceivedCountDiscardedFixer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH202Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task Discarded_socket_receives_are_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(Socket socket, byte[] buffer, CancellationToken ct)
            {
                {|SVH202:socket.Receive(buffer)|};
                {|SVH202:socket.Receive(buffer, 0, buffer.Length, SocketFlags.None)|};
                {|SVH202:socket.Receive(buffer.AsSpan())|};
                _ = {|SVH202:socket.Receive(buffer, SocketFlags.None)|};
                await {|SVH202:socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct)|};
                await {|SVH202:socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None)|}.ConfigureAwait(false);
                _ = await {|SVH202:socket.ReceiveAsync(buffer, ct)|};
            }
        }
        """);

    [Fact]
    public Task Discarded_network_stream_reads_are_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            private readonly NetworkStream stream;
            private readonly SslStream ssl;

            C(NetworkStream stream, SslStream ssl) => (this.stream, this.ssl) = (stream, ssl);

            async Task Run(TcpClient client, byte[] buffer, CancellationToken ct)
            {
                {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                {|SVH202:stream.Read(buffer.AsSpan(0, 4))|};
                await {|SVH202:stream.ReadAsync(buffer, 0, 16, ct)|};
                await {|SVH202:ssl.ReadAsync(buffer.AsMemory(), ct)|};
                _ = {|SVH202:ssl.Read(buffer, 0, 8)|};
                {|SVH202:client.GetStream().Read(buffer, 0, 8)|};

                Stream fromClient = client.GetStream();
                {|SVH202:fromClient.Read(buffer, 0, 8)|};

                using var created = new NetworkStream(new Socket(SocketType.Stream, ProtocolType.Tcp), ownsSocket: true);
                {|SVH202:created.Read(buffer, 0, 8)|};
            }
        }
        """);

    [Fact]
    public Task Streams_that_SVH201_calls_network_streams_are_network_streams_here_too() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Run(TcpClient client, SslStream ssl, bool secure, byte[] buffer)
            {
                Stream? nullFirst = null;
                nullFirst = client.GetStream();
                {|SVH202:nullFirst.Read(buffer, 0, 8)|};

                Stream either = secure ? ssl : client.GetStream();
                {|SVH202:either.Read(buffer, 0, 8)|};

                Stream mixed = secure ? ssl : new MemoryStream();
                mixed.Read(buffer, 0, 8);

                Stream? onlyNull = null;
                onlyNull?.Read(buffer, 0, 8);
            }
        }
        """);

    [Fact]
    public Task Receiving_exactly_what_is_queued_is_silent_a_larger_or_narrowed_buffer_is_not() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Run(TcpClient client, Socket socket, byte[] fixedBuffer)
            {
                if (client.Client.Available > 0)
                {
                    byte[] queued = new byte[client.Client.Available];
                    client.Client.Receive(queued);
                    var also = new byte[socket.Available];
                    socket.Receive(also, SocketFlags.None);
                    socket.Receive(fixedBuffer, 0, socket.Available, SocketFlags.None);
                }

                {|SVH202:socket.Receive(fixedBuffer)|};
                var sized = new byte[socket.Available];
                {|SVH202:socket.Receive(sized, 0, 4, SocketFlags.None)|};
                var other = new byte[socket.ReceiveBufferSize];
                {|SVH202:socket.Receive(other)|};
            }
        }
        """);

    [Fact]
    public Task Drain_of_what_is_queued_after_a_timeout_through_a_local_is_silent_a_local_with_another_value_is_not() => Verify.VerifyAsync(Usings + """
        class C
        {
            int Wait(Socket socket, int size, int timeout)
            {
                var expired = false;
                var started = Environment.TickCount;
                int queued = socket.Available;
                while (queued < size && !expired)
                {
                    Thread.Sleep(2);
                    queued = socket.Available;
                    expired = Environment.TickCount - started > timeout;
                    if (expired && queued > 0)
                    {
                        byte[] flush = new byte[queued];
                        socket.Receive(flush, 0, queued, SocketFlags.None);
                    }
                }

                return expired ? -1 : 0;
            }

            void Mixed(Socket socket, bool small)
            {
                int wanted = socket.Available;
                if (small)
                {
                    wanted = 64;
                }

                var buffer = new byte[wanted];
                {|SVH202:socket.Receive(buffer, 0, wanted, SocketFlags.None)|};
                Console.WriteLine(buffer[0]);

                int fixedSize = 16;
                var header = new byte[fixedSize];
                {|SVH202:socket.Receive(header, 0, fixedSize, SocketFlags.None)|};
                Console.WriteLine(header[3]);
            }
        }
        """);

    [Fact]
    public Task Stream_field_fed_by_a_constructor_given_a_network_stream_is_reported() => Verify.VerifyAsync(Usings + """
        class Message
        {
            private readonly Stream source;

            public Message(Stream source) => this.source = source;

            public async Task<bool> ReadHeaderAsync(CancellationToken token)
            {
                var header = new byte[24];
                await {|SVH202:source.ReadAsync(header, 0, 24, token)|}.ConfigureAwait(false);
                var one = new byte[1];
                await {|SVH202:source.ReadAsync(one, 0, 1, token)|};
                return header[23] == 10;
            }
        }

        class Link
        {
            public Stream Data => data;
            private Stream data;

            public void Open(TcpClient client, bool tls)
            {
                data = client.GetStream();
                if (tls)
                {
                    data = new SslStream(client.GetStream());
                }
            }
        }

        class Receiver
        {
            private Stream stream;

            void Connect(TcpClient client) => stream = client.GetStream();

            Task<bool> Next(CancellationToken token) => new Message(stream).ReadHeaderAsync(token);
        }

        class Frame
        {
            private Stream input;

            public Frame(Stream input, int size)
            {
                this.input = input;
            }

            public byte[] Read()
            {
                var body = new byte[16];
                {|SVH202:input.Read(body, 0, 16)|};
                return body;
            }
        }

        class Server
        {
            Frame Next(Link link) => new Frame(link.Data, 16);
        }
        """);

    [Fact]
    public Task Stream_field_fed_by_a_constructor_is_silent_when_no_creation_passes_a_network_stream() => Verify.VerifyAsync(Usings + """
        class Message
        {
            private readonly Stream source;

            public Message(Stream source) => this.source = source;

            public async Task ReadHeaderAsync(CancellationToken token)
            {
                var header = new byte[24];
                await source.ReadAsync(header, 0, 24, token);
                Console.WriteLine(header[23]);
            }
        }

        class Mixed
        {
            private Stream source;

            public Mixed(Stream source) => this.source = source;

            public void Reset() => source = new MemoryStream();

            public void ReadHeader()
            {
                var header = new byte[24];
                source.Read(header, 0, 24);
                Console.WriteLine(header[23]);
            }
        }

        class Producer
        {
            void Run(byte[] data, Stream unknown, TcpClient client)
            {
                _ = new Message(new MemoryStream(data));
                _ = new Message(unknown);
                _ = new Mixed(client.GetStream());
            }
        }
        """);

    [Fact]
    public Task A_count_stored_in_a_local_that_is_never_read_is_lost_a_read_local_is_not() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(NetworkStream stream, Socket socket, byte[] buffer)
            {
                int n = {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                int m;
                m = {|SVH202:socket.Receive(buffer)|};
                var k = await {|SVH202:stream.ReadAsync(buffer, 0, buffer.Length)|}.ConfigureAwait(false);
                Console.WriteLine(System.Text.Encoding.UTF8.GetString(buffer));

                int used = stream.Read(buffer, 0, buffer.Length);
                Console.WriteLine(System.Text.Encoding.UTF8.GetString(buffer, 0, used));
                int total = 0;
                total += stream.Read(buffer, 0, buffer.Length);
                Console.WriteLine(total);
            }
        }
        """);

    [Theory]
    [InlineData("build_property.EnableNETAnalyzers = true\nbuild_property.EffectiveAnalysisLevel = 10.0", false)]
    [InlineData("build_property.EnableNETAnalyzers = true\nbuild_property.EffectiveAnalysisLevel = 9.0", false)]
    [InlineData("build_property.EnableNETAnalyzers = true\nbuild_property.EffectiveAnalysisLevel = 8.0", true)]
    [InlineData("build_property.EnableNETAnalyzers = false\nbuild_property.EffectiveAnalysisLevel = 10.0", true)]
    [InlineData("build_property.EnableNETAnalyzers = true\nbuild_property.EffectiveAnalysisLevel = 10.0\ndotnet_diagnostic.CA2022.severity = none", true)]
    [InlineData("dotnet_diagnostic.CA2022.severity = warning", false)]
    [InlineData("", true)]
    public async Task A_discarded_stream_read_is_left_to_CA2022_where_the_SDK_runs_it(string config, bool svh202Speaks)
    {
        // CA2022 reports the same discarded Stream.Read with the same ReadExactly fix: one finding per defect. Socket
        // receives and kept-but-unread counts, which CA2022 does not see, stay SVH202's.
        var streamRead = svh202Speaks ? "{|SVH202:stream.Read(buffer, 0, buffer.Length)|}" : "stream.Read(buffer, 0, buffer.Length)";
        var test = new CSharpAnalyzerTest<ReceivedCountDiscardedAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + $$"""
                class C
                {
                    void Run(NetworkStream stream, Socket socket, byte[] buffer)
                    {
                        {{streamRead}};
                        {|SVH202:socket.Receive(buffer)|};
                        int unread = {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + config.Replace("\\n", "\n", StringComparison.Ordinal) + "\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task Message_names_the_call() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Run(NetworkStream stream, Socket socket, byte[] buffer)
            {
                {|#0:stream.Read(buffer, 0, 4)|};
                {|#1:socket.Receive(buffer)|};
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH202).WithLocation(0).WithArguments("NetworkStream.Read", "discarded"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(1).WithArguments("Socket.Receive", "discarded"));

    [Fact]
    public Task Forms_lambdas_local_functions_expression_bodies() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Header(NetworkStream stream, byte[] header) => {|SVH202:stream.Read(header, 0, header.Length)|};

            void Run(Socket socket, NetworkStream stream, byte[] buffer)
            {
                Action read = () => {|SVH202:socket.Receive(buffer)|};
                Func<Task> readAsync = async () => await {|SVH202:stream.ReadAsync(buffer, 0, 4)|};
                void Local() => {|SVH202:stream.Read(buffer, 0, 4)|};
            }
        }
        """);

    [Fact]
    public Task Nested_types_report_once() => Verify.VerifyAsync(Usings + """
        class Outer
        {
            private readonly Socket udp = new Socket(SocketType.Dgram, ProtocolType.Udp);

            class Inner
            {
                private readonly Socket udp = new Socket(SocketType.Stream, ProtocolType.Tcp);

                void Run(NetworkStream stream, byte[] buffer)
                {
                    {|SVH202:stream.Read(buffer, 0, 4)|};
                    {|SVH202:udp.Receive(buffer)|};
                }
            }

            void Run(byte[] buffer) => udp.Receive(buffer);
        }
        """);

    [Fact]
    public Task Top_level_statements_are_analyzed() => Verify.VerifyProgramAsync("""
        using System.Net.Sockets;

        using var client = new TcpClient("127.0.0.1", 5000);
        var stream = client.GetStream();
        var header = new byte[4];
        {|SVH202:stream.Read(header, 0, header.Length)|};
        """);

    [Fact]
    public Task Works_on_net48_and_netstandard20()
    {
        const string source = Usings + """
            class C
            {
                async Task Run(Socket socket, NetworkStream stream, byte[] buffer)
                {
                    {|SVH202:socket.Receive(buffer)|};
                    {|SVH202:stream.Read(buffer, 0, 4)|};
                    await {|SVH202:stream.ReadAsync(buffer, 0, 4)|};
                }
            }
            """;
        return Task.WhenAll(
            Verify.VerifyAsync(source, TestReferences.Net48),
            Verify.VerifyAsync(source, TestReferences.NetStandard20));
    }

    [Fact]
    public Task Counts_only_compared_with_zero_before_a_header_is_parsed_are_flagged() => Verify.VerifyAsync(Usings + """
        using System.Buffers.Binary;

        class Framing
        {
            private readonly byte[] lengthPrefix = new byte[4];

            int ReadLength(NetworkStream stream)
            {
                var header = new byte[4];
                int n = {|#0:stream.Read(header, 0, 4)|};
                if (n == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt32(header, 0);
            }

            async Task<int> ReadLengthAsync(Socket socket, CancellationToken ct)
            {
                if (await {|#1:socket.ReceiveAsync(lengthPrefix, SocketFlags.None, ct)|} <= 0)
                {
                    throw new EndOfStreamException();
                }

                return BinaryPrimitives.ReadInt32BigEndian(lengthPrefix);
            }

            void Loop(Stream raw, NetworkStream stream)
            {
                var header = new byte[8];
                int read;
                while ((read = {|#2:stream.Read(header, 0, header.Length)|}) > 0)
                {
                    var id = BitConverter.ToInt64(header.AsSpan());
                    Console.WriteLine(id);
                }
            }

            ushort ReadKind(Socket socket, byte[] kind)
            {
                var received = {|#3:socket.Receive(kind)|};
                return received is 0 ? (ushort)0 : BitConverter.ToUInt16(kind, 0);
            }

            async Task<int> WithTimeout(Socket socket, CancellationToken ct)
            {
                var header = new byte[4];
                var receive = {|#4:socket.ReceiveAsync(header, SocketFlags.None)|};
                if (await Task.WhenAny(receive, Task.Delay(1000, ct)) != receive)
                {
                    throw new TimeoutException();
                }

                int n = await receive;
                if (n == 0)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH202).WithLocation(4).WithArguments("Socket.ReceiveAsync", "only compared with 0 before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(0).WithArguments("NetworkStream.Read", "only compared with 0 before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(1).WithArguments("Socket.ReceiveAsync", "only compared with 0 before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(2).WithArguments("NetworkStream.Read", "only compared with 0 before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(3).WithArguments("Socket.Receive", "only compared with 0 before the buffer is parsed as a whole header"));

    [Fact]
    public Task Counts_only_logged_copied_or_resized_before_the_buffer_is_used_whole_are_flagged() => Verify.VerifyAsync(Usings + """
        class Modbus
        {
            private readonly NetworkStream stream;
            private readonly byte[] header = new byte[6];
            private byte[] frame;
            public event Action<byte[]> Received;

            Modbus(NetworkStream stream) => this.stream = stream;

            async Task<short> ServeAsync()
            {
                int n = await {|#0:stream.ReadAsync(header, 0, 6)|}.ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                Console.WriteLine($"read {n} bytes");
                var length = BitConverter.ToInt16(header, 4);
                frame = new byte[length];
                n = await {|#1:stream.ReadAsync(frame, 0, length)|}.ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                Handle(frame);
                return length;
            }

            bool Request(byte[] request)
            {
                stream.Write(request, 0, request.Length);
                var data = new byte[2100];
                int count = {|#2:stream.Read(data, 0, data.Length)|};
                var copy = new byte[count];
                Array.Copy(data, 0, copy, 0, count);
                Received?.Invoke(copy);
                return data[7] != 0x82;
            }

            int Exchange(byte[] request)
            {
                stream.Write(request, 0, request.Length);
                var response = new byte[4096];
                int read = {|#3:stream.Read(response, 0, response.Length)|};
                Array.Resize(ref response, read);
                return Decoder.Decode(response);
            }

            void Handle(byte[] body) { }
        }

        static class Decoder
        {
            public static int Decode(byte[] bytes) => BitConverter.ToInt32(bytes, 4);
        }
        """,
        new DiagnosticResult(Descriptors.SVH202).WithLocation(0).WithArguments("NetworkStream.ReadAsync", "only compared with 0 and logged before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(1).WithArguments("NetworkStream.ReadAsync", "only compared with 0 and logged before the buffer is used as if the read filled it"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(2).WithArguments("NetworkStream.Read", "only used to size a copy before the buffer is read at fixed offsets"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(3).WithArguments("NetworkStream.Read", "only used to resize the buffer before the buffer is parsed as a whole header by 'Decode'"));

    [Fact]
    public Task Counts_that_bound_what_is_used_are_not_flagged_even_when_also_logged_or_copied() => Verify.VerifyAsync(Usings + """
        using System.Text;

        class Framing
        {
            private readonly NetworkStream stream;

            Framing(NetworkStream stream) => this.stream = stream;

            short Checked()
            {
                var header = new byte[6];
                int n = stream.Read(header, 0, 6);
                Console.WriteLine($"read {n} bytes");
                if (n < 6)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt16(header, 4);
            }

            byte Sliced()
            {
                var buffer = new byte[2100];
                int count = stream.Read(buffer, 0, buffer.Length);
                var payload = new byte[count];
                Array.Copy(buffer, 0, payload, 0, count);
                return payload[7];
            }

            string ResizedText()
            {
                var response = new byte[4096];
                int read = stream.Read(response, 0, response.Length);
                Array.Resize(ref response, read);
                return Encoding.UTF8.GetString(response);
            }

            void ExactChecked(int length)
            {
                var frame = new byte[length];
                int n = stream.Read(frame, 0, length);
                if (n != length)
                {
                    throw new EndOfStreamException();
                }

                Handle(frame);
            }

            void ExactPassedWithCount(int length)
            {
                var frame = new byte[length];
                int n = stream.Read(frame, 0, length);
                Handle(frame, n);
            }

            void LargerThanAsked(int length)
            {
                var frame = new byte[4096];
                int n = stream.Read(frame, 0, length);
                if (n == 0)
                {
                    return;
                }

                Handle(frame);
            }

            byte FirstByteOnly()
            {
                var buffer = new byte[64];
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n == 0)
                {
                    return 0;
                }

                return buffer[0];
            }

            void Handle(byte[] body, int count = -1) { }
        }
        """);

    [Fact]
    public Task Draining_what_is_queued_into_a_buffer_nobody_reads_is_not_flagged_skipping_or_using_it_is() => Verify.VerifyAsync(Usings + """
        class Sender
        {
            private readonly TcpClient connection = new TcpClient();
            private readonly byte[] buffer = new byte[4096];

            void SendFile(Stream file)
            {
                int bytes;
                do
                {
                    while (connection.Available > 0)
                    {
                        connection.GetStream().Read(buffer, 0, buffer.Length);
                    }

                    bytes = file.Read(buffer, 0, buffer.Length);
                    connection.GetStream().Write(buffer, 0, bytes);
                }
                while (bytes > 0);
            }

            void DrainLocal(NetworkStream stream)
            {
                var scratch = new byte[256];
                while (stream.DataAvailable)
                {
                    stream.Read(scratch, 0, scratch.Length);
                }
            }

            void SkipHeader(NetworkStream stream)
            {
                var scratch = new byte[64];
                {|SVH202:stream.Read(scratch, 0, scratch.Length)|};
            }

            void DrainAndUse(NetworkStream stream)
            {
                while (stream.DataAvailable)
                {
                    {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                    Console.WriteLine(buffer[0]);
                }
            }

            void UsedOnTheNextPass(NetworkStream stream)
            {
                while (stream.DataAvailable)
                {
                    Console.WriteLine(buffer[0]);
                    {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                }
            }
        }
        """);

    [Fact]
    public Task Reads_through_a_stream_field_or_property_only_ever_holding_a_network_stream_are_flagged() => Verify.VerifyAsync(Usings + """
        class Connection
        {
            private readonly Stream stream;
            private readonly byte[] header = new byte[6];
            private Stream maybeFile;

            Connection(TcpClient client, bool file)
            {
                stream = client.GetStream();
                maybeFile = file ? File.OpenRead("log") : null;
            }

            public Stream Stream => stream;

            public Stream Other { get; set; }

            async Task<short> ServeAsync()
            {
                int n = await {|#0:Stream.ReadAsync(header, 0, 6)|}.ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt16(header, 4);
            }

            void Discarded()
            {
                {|#1:stream.Read(header, 0, header.Length)|};
                maybeFile.Read(header, 0, header.Length);
                Other.Read(header, 0, header.Length);
                Console.WriteLine(header[1]);
            }

            void Reopen(TcpClient client)
            {
                maybeFile = client.GetStream();
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH202).WithLocation(0).WithArguments("Stream.ReadAsync", "only compared with 0 before the buffer is parsed as a whole header"),
        new DiagnosticResult(Descriptors.SVH202).WithLocation(1).WithArguments("Stream.Read", "discarded"));

    // ---------- negatives ----------
    [Fact]
    public Task Counts_compared_with_the_size_or_used_as_a_length_are_not_flagged() => Verify.VerifyAsync(Usings + """
        using System.Text;

        class Framing
        {
            int Checked(NetworkStream stream)
            {
                var header = new byte[4];
                int n = stream.Read(header, 0, 4);
                if (n == 0)
                {
                    return -1;
                }

                if (n < 4)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }

            int Exact(Socket socket, byte[] header)
            {
                if (socket.Receive(header) != header.Length)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }

            int Accumulated(NetworkStream stream)
            {
                var header = new byte[4];
                var offset = 0;
                while (offset < 4)
                {
                    var n = stream.Read(header, offset, 4 - offset);
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    offset += n;
                }

                return BitConverter.ToInt32(header, 0);
            }

            string AsLength(NetworkStream stream, byte[] buffer)
            {
                int n = stream.Read(buffer, 0, buffer.Length);
                if (n <= 0)
                {
                    return "";
                }

                Console.WriteLine(BitConverter.ToString(buffer));
                return Encoding.UTF8.GetString(buffer, 0, n);
            }

            int OneByte(NetworkStream stream, byte[] kind)
            {
                if (stream.Read(kind, 0, 1) == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt16(kind, 0);
            }

            int ParsedBeforeTheRead(NetworkStream stream, byte[] header)
            {
                var previous = BitConverter.ToInt32(header, 0);
                if (stream.Read(header, 0, 4) == 0)
                {
                    return previous;
                }

                return 0;
            }

            int OtherBuffer(NetworkStream stream, byte[] header, byte[] saved)
            {
                if (stream.Read(header, 0, 4) == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt32(saved, 0);
            }

            async Task<int> TaskCheckedAgainstTheSize(Socket socket)
            {
                var header = new byte[4];
                var receive = socket.ReceiveAsync(header, SocketFlags.None);
                await Task.WhenAny(receive, Task.Delay(1000));
                if (await receive < 4)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }

            int Udp(byte[] header)
            {
                using var udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
                if (udp.Receive(header) == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt32(header, 0);
            }
        }
        """);


    [Fact]
    public Task Used_counts_and_exact_reads_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<int> Run(Socket socket, NetworkStream stream, byte[] buffer, CancellationToken ct)
            {
                var n = socket.Receive(buffer);
                int m = await stream.ReadAsync(buffer, 0, 4, ct);
                if (stream.Read(buffer, 0, 1) == 0) { return 0; }
                stream.ReadExactly(buffer, 0, 4);
                await stream.ReadExactlyAsync(buffer, ct);
                stream.ReadAtLeast(buffer, 2);
                await stream.ReadAtLeastAsync(buffer, 2, cancellationToken: ct);
                stream.ReadByte();
                return n + m + stream.Read(buffer);
            }
        }
        """);

    [Fact]
    public Task Unawaited_async_reads_and_event_args_receives_are_not_this_rule() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Run(Socket socket, NetworkStream stream, byte[] buffer, SocketAsyncEventArgs args)
            {
                socket.ReceiveAsync(args);
                _ = stream.ReadAsync(buffer, 0, 4);
            }
        }
        """);

    [Fact]
    public Task Zero_byte_reads_that_wait_for_data_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(Socket socket, NetworkStream stream, byte[] buffer, CancellationToken ct)
            {
                await stream.ReadAsync(Memory<byte>.Empty, ct);
                await stream.ReadAsync(Array.Empty<byte>(), 0, 0, ct);
                await socket.ReceiveAsync(Array.Empty<byte>(), SocketFlags.None);
                await socket.ReceiveAsync(default(Memory<byte>), SocketFlags.None, ct);
                socket.Receive(buffer, 0, 0, SocketFlags.None);
                stream.Read(new byte[0], 0, 0);
                {|SVH202:stream.Read(buffer, 0, 1)|};
            }
        }
        """);

    [Fact]
    public Task Plain_streams_and_local_streams_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Run(Stream unknown, MemoryStream memory, FileStream file, byte[] buffer, TcpClient client, bool cached)
            {
                unknown.Read(buffer, 0, 4);
                memory.Read(buffer, 0, 4);
                file.Read(buffer, 0, 4);

                Stream mixed = cached ? memory : client.GetStream();
                mixed.Read(buffer, 0, 4);

                Stream reassigned = client.GetStream();
                reassigned = memory;
                reassigned.Read(buffer, 0, 4);
            }
        }
        """);

    [Fact]
    public Task Datagram_sockets_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            private readonly Socket udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            private Socket other;

            C() => other = new Socket(SocketType.Dgram, ProtocolType.Udp);

            void Run(byte[] buffer, UdpClient client)
            {
                udp.Receive(buffer);
                other.Receive(buffer);
                var local = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                local.Receive(buffer);
                client.Client.Receive(buffer);
                System.Net.EndPoint from = new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0);
                local.ReceiveFrom(buffer, ref from);
            }
        }
        """);

    [Fact]
    public Task Datagram_sockets_created_in_another_partial_part_are_not_flagged()
    {
        var test = new CSharpAnalyzerTest<ReceivedCountDiscardedAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("C.Receive.cs", Usings + """
            partial class C
            {
                void Run(byte[] buffer)
                {
                    udp.Receive(buffer);
                    {|SVH202:tcp.Receive(buffer)|};
                }
            }
            """));
        test.TestState.Sources.Add(("C.Sockets.cs", Usings + """
            partial class C
            {
                private readonly Socket udp;
                private readonly Socket tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);

                C() => udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task Datagram_sockets_of_generic_types_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C<T>
        {
            private readonly Socket udp = new Socket(SocketType.Dgram, ProtocolType.Udp);
            private readonly Socket tcp = new Socket(SocketType.Stream, ProtocolType.Tcp);

            private Action<byte[]> Read => buffer => udp.Receive(buffer);

            void Run(byte[] buffer)
            {
                udp.Receive(buffer);
                {|SVH202:tcp.Receive(buffer)|};
            }
        }
        """);

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var source = Usings + """
            class C
            {
                void Run(Socket socket, NetworkStream stream, byte[] buffer)
                {
                    socket.Receive(buffer);
                    stream.Read(buffer, 0;
                    socket.Receive(;
                    Unknown.Read(buffer, 0, 4);
                    await {|SVH202:stream.ReadAsync(buffer, 0, 4)|};
                    _ = undefined.Receive(buffer);
                }
            """;
        await AnalyzerRunner.AssertNoCrashAsync(new ReceivedCountDiscardedAnalyzer(), source.Replace("{|SVH202:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal));
        var test = new CSharpAnalyzerTest<ReceivedCountDiscardedAnalyzer, DefaultVerifier>
        {
            TestCode = source.Replace("socket.Receive(buffer);", "{|SVH202:socket.Receive(buffer)|};", StringComparison.Ordinal),
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------- code fix: streams ----------

    [Fact]
    public Task Fix_stream_reads_become_read_exactly() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Run(NetworkStream stream, SslStream ssl, byte[] buffer, CancellationToken ct)
            {
                // the header is 4 bytes
                {|SVH202:stream.Read(buffer, 0, 4)|}; // trailing
                {|SVH202:stream.Read(buffer.AsSpan(4, 4))|};
                await {|SVH202:stream.ReadAsync(buffer, 0, 8, ct)|};
                await {|SVH202:ssl.ReadAsync(buffer.AsMemory(0, 8), ct)|}.ConfigureAwait(false);
                _ = {|SVH202:ssl.Read(buffer, 0, 2)|};
                _ = await {|SVH202:stream.ReadAsync(buffer, 0, 2)|};
            }
        }
        """, Usings + """
        class C
        {
            async Task Run(NetworkStream stream, SslStream ssl, byte[] buffer, CancellationToken ct)
            {
                // the header is 4 bytes
                stream.ReadExactly(buffer, 0, 4); // trailing
                stream.ReadExactly(buffer.AsSpan(4, 4));
                await stream.ReadExactlyAsync(buffer, 0, 8, ct);
                await ssl.ReadExactlyAsync(buffer.AsMemory(0, 8), ct).ConfigureAwait(false);
                ssl.ReadExactly(buffer, 0, 2);
                await stream.ReadExactlyAsync(buffer, 0, 2);
            }
        }
        """);

    [Fact]
    public Task Fix_in_expression_bodied_member() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            void Header(NetworkStream stream, byte[] header) => {|SVH202:stream.Read(header, 0, header.Length)|};
        }
        """, Usings + """
        class C
        {
            void Header(NetworkStream stream, byte[] header) => stream.ReadExactly(header, 0, header.Length);
        }
        """);

    [Fact]
    public Task No_stream_fix_where_the_target_has_no_read_exactly_or_read_at_least()
    {
        const string source = Usings + """
            class C
            {
                async Task<int> Run(NetworkStream stream, byte[] buffer)
                {
                    {|SVH202:stream.Read(buffer, 0, 4)|};
                    await {|SVH202:stream.ReadAsync(buffer, 0, 4)|};
                    int n = {|SVH202:stream.Read(buffer, 0, 4)|};
                    return n == 0 ? -1 : BitConverter.ToInt32(buffer, 0);
                }
            }
            """;
        return Task.WhenAll(
            VerifyFix.Create(source, source, TestReferences.Net48).RunAsync(),
            VerifyFix.Create(source, source, TestReferences.NetStandard20).RunAsync());
    }

    [Fact]
    public Task Fix_counts_only_compared_with_zero_read_at_least_the_size_and_keep_the_count() => VerifyFixKeepingSocketFindingsAsync(Usings + """
        using System.Buffers.Binary;

        class Framing
        {
            private readonly byte[] lengthPrefix = new byte[4];

            int ReadLength(NetworkStream stream, Socket socket, byte[] header)
            {
                // a socket has no ReadAtLeast: its kept count keeps the finding
                if ({|SVH202:stream.Read(header, 0, 4)|} == 0 || {|SVH202:socket.Receive(header)|} == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt32(header, 0);
            }

            async Task<int> ReadLengthAsync(SslStream ssl, CancellationToken ct)
            {
                int n = await {|SVH202:ssl.ReadAsync(lengthPrefix, 0, lengthPrefix.Length, ct)|}.ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                return BinaryPrimitives.ReadInt32BigEndian(lengthPrefix);
            }

            void Loop(NetworkStream stream)
            {
                var header = new byte[8];
                int read;
                while ((read = {|SVH202:stream.Read(header.AsSpan(0, 8))|}) > 0)
                {
                    Console.WriteLine(BitConverter.ToInt64(header, 0));
                }
            }

            async Task<long> ReadIdAsync(NetworkStream stream, byte[] id, CancellationToken ct)
            {
                var n = await {|SVH202:stream.ReadAsync(id, ct)|};
                return n is 0 ? -1 : BitConverter.ToInt64(id, 0);
            }

            async Task<int> WithTimeout(NetworkStream stream, CancellationToken ct)
            {
                var header = new byte[4];
                var receive = {|SVH202:stream.ReadAsync(header, 0, 4, ct)|};
                if (await Task.WhenAny(receive, Task.Delay(1000, ct)) != receive)
                {
                    throw new TimeoutException();
                }

                int n = await receive;
                if (n == 0)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }
        }
        """, Usings + """
        using System.Buffers.Binary;

        class Framing
        {
            private readonly byte[] lengthPrefix = new byte[4];

            int ReadLength(NetworkStream stream, Socket socket, byte[] header)
            {
                // a socket has no ReadAtLeast: its kept count keeps the finding
                if (stream.ReadAtLeast(header.AsSpan(0, 4), 4, throwOnEndOfStream: false) == 0 || {|SVH202:socket.Receive(header)|} == 0)
                {
                    return -1;
                }

                return BitConverter.ToInt32(header, 0);
            }

            async Task<int> ReadLengthAsync(SslStream ssl, CancellationToken ct)
            {
                int n = await ssl.ReadAtLeastAsync(lengthPrefix, lengthPrefix.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    return -1;
                }

                return BinaryPrimitives.ReadInt32BigEndian(lengthPrefix);
            }

            void Loop(NetworkStream stream)
            {
                var header = new byte[8];
                int read;
                while ((read = stream.ReadAtLeast(header.AsSpan(0, 8), 8, throwOnEndOfStream: false)) > 0)
                {
                    Console.WriteLine(BitConverter.ToInt64(header, 0));
                }
            }

            async Task<long> ReadIdAsync(NetworkStream stream, byte[] id, CancellationToken ct)
            {
                var n = await stream.ReadAtLeastAsync(id, id.Length, throwOnEndOfStream: false, ct);
                return n is 0 ? -1 : BitConverter.ToInt64(id, 0);
            }

            async Task<int> WithTimeout(NetworkStream stream, CancellationToken ct)
            {
                var header = new byte[4];
                var receive = stream.ReadAtLeastAsync(header.AsMemory(0, 4), 4, throwOnEndOfStream: false, ct).AsTask();
                if (await Task.WhenAny(receive, Task.Delay(1000, ct)) != receive)
                {
                    throw new TimeoutException();
                }

                int n = await receive;
                if (n == 0)
                {
                    throw new EndOfStreamException();
                }

                return BitConverter.ToInt32(header, 0);
            }
        }
        """);

    [Fact]
    public Task Fix_counts_only_logged_copied_resized_or_stored_read_at_least_the_size_an_unread_one_throws_at_a_close() => VerifyFixKeepingSocketFindingsAsync(Usings + """
        class Framing
        {
            byte Request(NetworkStream stream, Socket socket)
            {
                var data = new byte[2100];
                int count = {|SVH202:stream.Read(data, 0, data.Length)|};
                Console.WriteLine("read " + count);
                var received = {|SVH202:socket.Receive(data)|};
                Array.Resize(ref data, received);
                return data[7];
            }

            string Unread(NetworkStream stream, byte[] buffer)
            {
                int n = {|SVH202:stream.Read(buffer, 0, buffer.Length)|};
                return System.Text.Encoding.UTF8.GetString(buffer);
            }

            async Task<string> UnreadAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
            {
                var n = await {|SVH202:stream.ReadAsync(buffer, 0, 16, ct)|}.ConfigureAwait(false);
                return System.Text.Encoding.UTF8.GetString(buffer, 0, 16);
            }
        }
        """, Usings + """
        class Framing
        {
            byte Request(NetworkStream stream, Socket socket)
            {
                var data = new byte[2100];
                int count = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
                Console.WriteLine("read " + count);
                var received = {|SVH202:socket.Receive(data)|};
                Array.Resize(ref data, received);
                return data[7];
            }

            string Unread(NetworkStream stream, byte[] buffer)
            {
                int n = stream.ReadAtLeast(buffer, buffer.Length);
                return System.Text.Encoding.UTF8.GetString(buffer);
            }

            async Task<string> UnreadAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
            {
                var n = await stream.ReadAtLeastAsync(buffer.AsMemory(0, 16), 16, cancellationToken: ct).ConfigureAwait(false);
                return System.Text.Encoding.UTF8.GetString(buffer, 0, 16);
            }
        }
        """);

    [Fact]
    public Task No_fix_for_kept_counts_of_sockets_or_of_reads_whose_size_cannot_be_written_again() => VerifyFix.VerifyNoFixAsync(Usings + """
        class Framing
        {
            int Sizes(NetworkStream stream, Socket socket, byte[] header, int[] sizes, int i)
            {
                if ({|SVH202:stream.Read(header, 0, sizes[i++])|} == 0 || {|SVH202:stream.Read(header.AsSpan(2))|} == 0)
                {
                    return -1;
                }

                var n = {|SVH202:socket.Receive(header, 0, 4, SocketFlags.None)|};
                return n == 0 ? -1 : BitConverter.ToInt32(header, 0);
            }

            async Task<int> Receive(Socket socket, byte[] header)
            {
                int n = await {|SVH202:socket.ReceiveAsync(header, SocketFlags.None)|};
                return n == 0 ? -1 : BitConverter.ToInt32(header, 0);
            }
        }
        """);

    /// <summary>The fix over <paramref name="source"/>; the socket findings it leaves are marked in <paramref name="fixedSource"/>.</summary>
    private static Task VerifyFixKeepingSocketFindingsAsync(string source, string fixedSource)
    {
        var test = VerifyFix.Create(source, fixedSource, TestReferences.Net100);
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync();
    }

    // ---------- code fix: sockets ----------

    [Fact]
    public Task Fix_socket_receive_loops_until_filled() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            void Run(Socket socket, byte[] buffer)
            {
                // read the fixed-size header
                {|SVH202:socket.Receive(buffer)|};
                Console.WriteLine(buffer[0]);
            }
        }
        """, Usings + """
        class C
        {
            void Run(Socket socket, byte[] buffer)
            {
                // read the fixed-size header
                var received = 0;
                while (received < buffer.Length)
                {
                    var n = socket.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    received += n;
                }
                Console.WriteLine(buffer[0]);
            }
        }
        """);

    [Fact]
    public Task Fix_socket_receive_with_offset_size_and_flags_and_fresh_names() => VerifyFix.VerifyAsync("""
        using System.Net.Sockets;

        class C
        {
            void Run(Socket socket, byte[] buffer, int offset, int size, int n)
            {
                var received = 1;
                {|SVH202:socket.Receive(buffer, offset, size, SocketFlags.Peek)|};
                {|SVH202:socket.Receive(buffer, 16, SocketFlags.None)|};
            }
        }
        """, """
        using System.Net.Sockets;

        class C
        {
            void Run(Socket socket, byte[] buffer, int offset, int size, int n)
            {
                var received = 1;
                var received2 = 0;
                while (received2 < size)
                {
                    var n2 = socket.Receive(buffer, offset + received2, size - received2, SocketFlags.Peek);
                    if (n2 == 0)
                    {
                        throw new System.IO.EndOfStreamException();
                    }

                    received2 += n2;
                }
                var received3 = 0;
                while (received3 < 16)
                {
                    var n3 = socket.Receive(buffer, received3, 16 - received3, SocketFlags.None);
                    if (n3 == 0)
                    {
                        throw new System.IO.EndOfStreamException();
                    }

                    received3 += n3;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_socket_receive_works_on_net48() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            void Run(Socket socket, byte[] buffer)
            {
                _ = {|SVH202:socket.Receive(buffer)|};
            }
        }
        """, Usings + """
        class C
        {
            void Run(Socket socket, byte[] buffer)
            {
                var received = 0;
                while (received < buffer.Length)
                {
                    var n = socket.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    received += n;
                }
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task Fix_in_top_level_statements()
    {
        var test = VerifyFix.Create("""
            using System.Net.Sockets;

            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var header = new byte[4];
            {|SVH202:socket.Receive(header)|};
            System.Console.WriteLine(header[0]);
            """, """
            using System.Net.Sockets;

            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            var header = new byte[4];
            var received = 0;
            while (received < header.Length)
            {
                var n = socket.Receive(header, received, header.Length - received, SocketFlags.None);
                if (n == 0)
                {
                    throw new System.IO.EndOfStreamException();
                }

                received += n;
            }
            System.Console.WriteLine(header[0]);
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task No_socket_fix_for_spans_lists_unstable_arguments_or_expression_bodies() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            Socket Current() => null!;

            void Body(Socket socket, byte[] buffer) => {|SVH202:socket.Receive(buffer)|};

            async Task Run(Socket socket, byte[] buffer, int[] sizes, int i)
            {
                {|SVH202:socket.Receive(buffer.AsSpan())|};
                {|SVH202:socket.Receive(new byte[16])|};
                {|SVH202:Current().Receive(buffer)|};
                {|SVH202:socket.Receive(buffer, 0, sizes[i++], SocketFlags.None)|};
                {|SVH202:socket.Receive(size: 4, buffer: buffer, socketFlags: SocketFlags.None)|};
                {|SVH202:socket.Receive(buffer, 0, 4, SocketFlags.None, out var error)|};
                await {|SVH202:socket.ReceiveAsync(buffer, SocketFlags.None)|};
                if (i > 0) {|SVH202:socket.Receive(buffer)|};
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_document() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            void Run(Socket socket, NetworkStream stream, byte[] a, byte[] b)
            {
                {|SVH202:socket.Receive(a)|};
                {|SVH202:socket.Receive(b)|};
                {|SVH202:stream.Read(a, 0, 4)|};
            }
        }
        """, Usings + """
        class C
        {
            void Run(Socket socket, NetworkStream stream, byte[] a, byte[] b)
            {
                var received = 0;
                while (received < a.Length)
                {
                    var n = socket.Receive(a, received, a.Length - received, SocketFlags.None);
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    received += n;
                }
                var received2 = 0;
                while (received2 < b.Length)
                {
                    var n2 = socket.Receive(b, received2, b.Length - received2, SocketFlags.None);
                    if (n2 == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    received2 += n2;
                }
                stream.ReadExactly(a, 0, 4);
            }
        }
        """);

    [Fact]
    public async Task Fix_marks_the_invented_counters_for_rename()
    {
        var names = await InventedNames.OfFirstFixAsync("SVH202", """
        using System.Net.Sockets;

        class C
        {
            void Run(Socket socket, byte[] buffer)
            {
                socket.Receive(buffer);
            }
        }
        """);
        Assert.Equal(new[] { "received", "n" }, names);
    }
}
