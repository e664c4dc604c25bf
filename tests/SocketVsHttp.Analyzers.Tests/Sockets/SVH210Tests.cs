using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.ConnectionNeverClosedAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.ConnectionNeverClosedAnalyzer, SocketVsHttp.Sockets.ConnectionNeverClosedFixer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH210Tests
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

    // ---------- accepted connection, handler never closes it ----------

    [Fact]
    public Task One_shot_program_steps_and_listening_sockets_are_silent_a_loop_of_Main_is_not()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.Sockets.ConnectionNeverClosedAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.Net100 };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestCode = """
        using System;
        using System.Net;
        using System.Net.Sockets;

        public static class Program
        {
            public static void Main()
            {
                var listener = new TcpListener(IPAddress.Loopback, 5000);
                listener.Start();
                Socket once = listener.AcceptSocket();
                Console.WriteLine(once.Available);

                try
                {
                    var client = new TcpClient();
                    client.Connect("localhost", 5001);
                }
                catch (SocketException)
                {
                    Console.WriteLine("no server");
                }

                while (true)
                {
                    Socket each = {|SVH210:listener.AcceptSocket()|};
                    Console.WriteLine(each.Available);
                }
            }
        }

        public class Server
        {
            private readonly Socket listening = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public void Start(int port)
            {
                listening.Bind(new IPEndPoint(IPAddress.Any, port));
                listening.Listen(10);
            }
        }
        """;
        return test.RunAsync();
    }

    [Fact]
    public Task Accept_HandedToHandlerThatNeverCloses_MessageNamesTheHandler() => Verify.VerifyAsync(Usings + """
        class Server
        {
            async Task Run(TcpListener listener, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    _ = HandleAsync(client);
                }
            }

            async Task HandleAsync(TcpClient client)
            {
                var stream = client.GetStream();
                var buffer = new byte[1024];
                var n = await stream.ReadAsync(buffer);
                await stream.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithSpan(15, 32, 15, 65).WithSpan(20, 38, 20, 44)
            .WithMessage("The connection accepted here is handed to 'HandleAsync', which never closes or disposes it: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Accept_ThreadPoolState_And_ThreadStart_And_TaskRunLambda() => Verify.VerifyAsync(Usings + """
        class Server
        {
            void Pool(TcpListener listener)
            {
                while (true)
                {
                    TcpClient client = {|#0:listener.AcceptTcpClient()|};
                    ThreadPool.QueueUserWorkItem(Handle, client);
                }
            }

            void Threads(TcpListener listener)
            {
                var client = {|#1:listener.AcceptTcpClient()|};
                var thread = new Thread(new ParameterizedThreadStart(Handle));
                thread.Start(client);
            }

            void Lambda(Socket listener)
            {
                var socket = {|#2:listener.Accept()|};
                Task.Run(() => Echo(socket));
            }

            void {|#3:Handle|}(object? state)
            {
                var client = (TcpClient)state!;
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(reader.ReadLine());
            }

            void Echo(Socket {|#4:socket|})
            {
                var buffer = new byte[16];
                var n = socket.Receive(buffer);
                socket.Send(buffer, n, SocketFlags.None);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0).WithLocation(3).WithArguments(HandedTo("Handle")),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(1).WithLocation(3).WithArguments(HandedTo("Handle")),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(2).WithLocation(4).WithArguments(HandedTo("Echo")));

    private static string HandedTo(string handler) => $"The connection accepted here is handed to '{handler}', which never closes or disposes it";

    [Fact]
    public Task Accept_InlineLambdaOrSameMethod_NeverClosed() => Verify.VerifyAsync(Usings + """
        class Server
        {
            void Inline(TcpListener listener)
            {
                while (true)
                {
                    var client = {|SVH210:listener.AcceptTcpClient()|};
                    Task.Run(() =>
                    {
                        var stream = client.GetStream();
                        var buffer = new byte[256];
                        var n = stream.Read(buffer, 0, buffer.Length);
                        stream.Write(buffer, 0, n);
                    });
                }
            }

            async Task Once(TcpListener listener)
            {
                var client = await {|SVH210:listener.AcceptTcpClientAsync()|}.ConfigureAwait(false);
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(await reader.ReadLineAsync());
            }

            void Socket(Socket listener) => Serve({|SVH210:listener.Accept()|});

            void Serve(Socket connection)
            {
                var writer = new StreamWriter(new NetworkStream(connection));
                writer.WriteLine("hello");
                writer.Flush();
            }
        }
        """);

    [Fact]
    public Task Accept_HandlerChain_ThroughAHelper() => Verify.VerifyAsync(Usings + """
        class Server
        {
            void Run(TcpListener listener)
            {
                var client = {|SVH210:listener.AcceptSocket()|};
                Handle(client);
            }

            void Handle(Socket socket)
            {
                var stream = new NetworkStream(socket);
                Reply(stream);
            }

            static void Reply(Stream stream) => stream.Write(new byte[] { 1 });
        }
        """);

    [Fact]
    public Task Accept_Negatives_HandlerCloses() => Verify.VerifyAsync(Usings + """
        class Server
        {
            void Run(TcpListener listener, Socket raw)
            {
                var a = listener.AcceptTcpClient();
                ThreadPool.QueueUserWorkItem(UsingCast, a);
                var b = listener.AcceptTcpClient();
                Task.Run(() => UsingStream(b));
                var c = listener.AcceptTcpClient();
                Task.Run(() => Finally(c));
                var d = raw.Accept();
                Task.Run(() => ShutdownAndClose(d));
                var e = listener.AcceptTcpClient();
                Task.Run(() => Pattern(e));
                var f = listener.AcceptTcpClient();
                Task.Run(() => ReaderDisposed(f));
                var g = listener.AcceptTcpClient();
                Task.Run(() => ConditionalClose(g));
                var h = listener.AcceptTcpClient();
                Task.Run(() => UsingParameter(h));
            }

            void UsingCast(object? state)
            {
                using var client = (TcpClient)state!;
                client.GetStream().WriteByte(1);
            }

            void UsingStream(TcpClient client)
            {
                using var stream = client.GetStream();
                stream.WriteByte(1);
            }

            void Finally(TcpClient client)
            {
                try
                {
                    client.GetStream().WriteByte(1);
                }
                finally
                {
                    client.Close();
                }
            }

            void ShutdownAndClose(Socket socket)
            {
                socket.Send(new byte[] { 1 });
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }

            void Pattern(object state)
            {
                if (state is not TcpClient client)
                {
                    return;
                }

                client.GetStream().WriteByte(1);
                client.Dispose();
            }

            void ReaderDisposed(TcpClient client)
            {
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(reader.ReadLine());
                reader.Dispose();
            }

            void ConditionalClose(TcpClient client)
            {
                client.GetStream().WriteByte(1);
                client?.Close();
            }

            void UsingParameter(TcpClient client)
            {
                using (client)
                {
                    client.GetStream().WriteByte(1);
                }
            }
        }
        """);

    [Fact]
    public Task Accept_Negatives_HandedToAnotherOwner() => Verify.VerifyAsync(Usings + """
        class Session
        {
            public Session(TcpClient client) { }
        }

        class Server
        {
            private readonly List<TcpClient> clients = new();
            private TcpClient? last;
            public event Action<Socket>? Accepted;

            async Task Run(TcpListener listener, Socket raw)
            {
                var a = await listener.AcceptTcpClientAsync();
                clients.Add(a);
                var b = await listener.AcceptTcpClientAsync();
                _ = new Session(b);
                var c = raw.Accept();
                Accepted?.Invoke(c);
                var d = await listener.AcceptTcpClientAsync();
                Keep(d);
                var e = await listener.AcceptTcpClientAsync();
                Handle(e);
                using var f = await listener.AcceptTcpClientAsync();
                f.GetStream().WriteByte(1);
                var g = await listener.AcceptTcpClientAsync();
                g.GetStream().WriteByte(1);
                g.Close();
            }

            async Task<TcpClient> Next(TcpListener listener)
            {
                var client = await listener.AcceptTcpClientAsync();
                client.NoDelay = true;
                return client;
            }

            void Keep(TcpClient client) => last = client;

            void Stop()
            {
                last?.Close();
                foreach (var client in clients)
                {
                    client.Dispose();
                }
            }

            protected virtual void Handle(TcpClient client) => client.GetStream().WriteByte(1);
        }
        """);

    [Fact]
    public Task Accept_Negatives_AcceptAsyncWithEventArgs() => Verify.VerifyAsync(Usings + """
        class Server
        {
            void Run(Socket listener, SocketAsyncEventArgs args)
            {
                if (!listener.AcceptAsync(args))
                {
                    Console.WriteLine("completed synchronously");
                }
            }
        }
        """);

    // ---------- field of a type that never closes it ----------

    [Fact]
    public Task Field_NeverClosed_MessageNamesFieldAndType() => Verify.VerifyAsync(Usings + """
        class Feed
        {
            private TcpClient? client;
            private NetworkStream? stream;

            public void Connect(string host, int port)
            {
                client = new TcpClient();
                client.Connect(host, port);
                stream = client.GetStream();
            }

            public void Send(byte[] data) => stream!.Write(data, 0, data.Length);
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithSpan(16, 18, 16, 33)
            .WithMessage("'client' is never closed: nothing in 'Feed' closes or disposes it, and 'Feed' is not IDisposable: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Field_Initializer_Socket_And_NetworkStreamCreation() => Verify.VerifyAsync(Usings + """
        class Link
        {
            private readonly Socket socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
            private NetworkStream? stream;
            private Socket? other;

            public void Open(EndPoint endPoint, Socket connected)
            {
                socket.Connect(endPoint);
                stream = {|SVH210:new NetworkStream(connected, ownsSocket: true)|};
                this.other = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                other.Connect(endPoint);
            }

            public int Read(byte[] buffer) => stream!.Read(buffer, 0, buffer.Length) + socket.Receive(buffer);
        }
        """);

    [Fact]
    public Task Field_CreatedIntoALocal_KeptOnlyInFields() => Verify.VerifyAsync(Usings + """
        class ChatClient
        {
            private NetworkStream? stream;

            public void Connect(string host, int port)
            {
                var client = new TcpClient(host, port);
                stream = client.GetStream();
            }

            public void Send(byte[] data) => stream!.Write(data, 0, data.Length);
        }

        class SingleClientServer
        {
            private TcpClient? current;
            private StreamReader? reader;

            public void Run(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                Attach(client);
            }

            private void Attach(TcpClient client)
            {
                current = client;
                reader = new StreamReader(client.GetStream());
            }

            public string? Next() => reader?.ReadLine();
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithSpan(15, 22, 15, 47)
            .WithArguments("'stream' holds this connection and is never closed: nothing in 'ChatClient' closes or disposes it, and 'ChatClient' is not IDisposable"),
        new DiagnosticResult(Descriptors.SVH210).WithSpan(29, 22, 29, 48)
            .WithArguments("'current' holds this connection and is never closed: nothing in 'SingleClientServer' closes or disposes it, and 'SingleClientServer' is not IDisposable"));

    [Fact]
    public Task Field_CreatedIntoALocal_Negatives() => Verify.VerifyAsync(Usings + """
        class ClosedLater
        {
            private NetworkStream? stream;
            public void Connect(string host, int port) { var client = new TcpClient(host, port); stream = client.GetStream(); }
            public void Disconnect() => stream?.Close();
        }

        class AlsoHandedOn
        {
            private TcpClient? client;
            private readonly List<TcpClient> all = new();
            public void Connect(string host, int port) { var c = new TcpClient(host, port); client = c; all.Add(c); }
        }

        sealed class DisposableOwner : IDisposable
        {
            private TcpClient? client;
            public void Connect(string host, int port) { var c = new TcpClient(host, port); client = c; }
            public void Dispose() { }
        }

        class StreamWithoutOwnership
        {
            private NetworkStream? stream;
            public void Attach(Socket connected) => stream = new NetworkStream(connected);
            public void Attach2(Socket connected) { var s = new NetworkStream(connected, false); stream = s; }
        }

        class AcceptedIntoClosedField
        {
            private TcpClient? current;
            public void Run(TcpListener listener) { var c = listener.AcceptTcpClient(); current = c; }
            public void Stop() => current?.Dispose();
        }
        """);

    [Fact]
    public Task Field_Negatives() => Verify.VerifyAsync(Usings + """
        sealed class Disposable : IDisposable
        {
            private TcpClient client = new TcpClient();
            public void Dispose() { }
        }

        class ClosedInStop
        {
            private TcpClient? client;
            public void Start() => client = new TcpClient("localhost", 80);
            public void Stop() => client?.Close();
        }

        class ClosedThroughStream
        {
            private TcpClient? client;
            private NetworkStream? stream;
            public void Start() { client = new TcpClient("localhost", 80); stream = client.GetStream(); }
            public void Stop() => stream?.Dispose();
        }

        class ClosedThroughReader
        {
            private TcpClient? client;
            private StreamReader? reader;
            public void Start() { client = new TcpClient("localhost", 80); reader = new StreamReader(client.GetStream()); }
            public void Stop() => reader?.Dispose();
        }

        class ClosedThroughHelper
        {
            private Socket? socket;
            public void Start() => socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            public void Stop() => Release(socket);
            private static void Release(Socket? s) => s?.Dispose();
        }

        class Exposed
        {
            private TcpClient client = new TcpClient();
            public TcpClient Client => client;
        }

        class HandedOn
        {
            private readonly List<Socket> all = new();
            private Socket? socket;
            public void Start() { socket = new Socket(SocketType.Stream, ProtocolType.Tcp); all.Add(socket); }
        }

        class NotPrivate
        {
            internal TcpClient Client = new TcpClient();
        }

        class Static
        {
            private static TcpClient shared = new TcpClient();
        }

        class UsingField
        {
            private TcpClient? client;
            public void Run()
            {
                client = new TcpClient("localhost", 80);
                using (client)
                {
                    client.GetStream().WriteByte(1);
                }
            }
        }

        class AliasClosed
        {
            private TcpClient? client;
            public void Start() => client = new TcpClient("localhost", 80);
            public void Stop()
            {
                var c = client;
                client = null;
                c?.Close();
            }
        }

        class ClosedThroughTheSocketOfTheClient
        {
            private TcpClient? client;
            public void Start() => client = new TcpClient("localhost", 80);
            public void Stop() => client?.Client?.Close();
        }

        class ClosedThroughACastAndAStream
        {
            private Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            private TcpClient client = new TcpClient();
            public void Stop()
            {
                ((IDisposable)socket).Dispose();
                client.GetStream().Close();
            }
        }

        class UnknownBase : {|CS0246:FrameworkWindow|}
        {
            private TcpClient client = new TcpClient();
        }

        class Base : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => default;
        }

        class Derived : Base
        {
            private TcpClient client = new TcpClient();
        }
        """);

    [Fact]
    public Task Field_NotPrivate_ButOnlyItsTypeReachesIt_And_BeginConnectState() => Verify.VerifyAsync(Usings + """
        internal class GameClient
        {
            public TcpClient player;

            public void ConnectToServer()
            {
                player = {|#0:new TcpClient()|};
                player.BeginConnect("127.0.0.1", 5555, OnConnected, player);
            }

            private void OnConnected(IAsyncResult result)
            {
                try
                {
                    player.EndConnect(result);
                }
                catch (Exception)
                {
                    Console.WriteLine("Cannot connect");
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0)
            .WithArguments("'player' is never closed: nothing in 'GameClient' closes or disposes it, and 'GameClient' is not IDisposable"));

    [Fact]
    public Task Field_NotPrivate_Negatives_ReachableOrStateReadBack() => Verify.VerifyAsync(Usings + """
        public class PublicClient
        {
            public TcpClient Connection = new TcpClient();
        }

        internal class ClosedByAnotherType
        {
            public TcpClient link = new TcpClient();
        }

        internal class Owner
        {
            public void Stop(ClosedByAnotherType other) => other.link.Close();
        }

        internal class ClosedByNestedType
        {
            internal TcpClient conn = new TcpClient();

            private sealed class Closer
            {
                public void Stop(ClosedByNestedType outer) => outer.conn.Dispose();
            }
        }

        internal class StateReadBack
        {
            private Socket? socket;

            public void Start(EndPoint endPoint)
            {
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.BeginConnect(endPoint, OnConnected, socket);
            }

            private static void OnConnected(IAsyncResult result)
            {
                var s = (Socket)result.AsyncState!;
                try { s.EndConnect(result); } catch (SocketException) { s.Close(); }
            }
        }
        """);

    [Fact]
    public Task Field_UseWithAnArgumentThatDoesNotBind_IsStillFollowed() => Verify.VerifyAsync(Usings + """
        class Client
        {
            private TcpClient client;
            private StreamWriter? writer;

            public Client(string host, int port)
            {
                client = {|#0:new TcpClient()|};
                client.Connect(host, port);
            }

            public void Send(object package)
            {
                writer = new StreamWriter(client.GetStream(), Encoding.ASCII);
                writer.WriteLine({|CS0103:JsonConvert|}.SerializeObject(package));
                writer.Flush();
            }
        }

        class ClosedEvenThough
        {
            private TcpClient client = new TcpClient();

            public void Send(object package)
            {
                client.GetStream().Write({|CS0103:Serializer|}.Bytes(package));
                {|CS0103:Registry|}.Forget(client);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0)
            .WithArguments("'client' is never closed: nothing in 'Client' closes or disposes it, and 'Client' is not IDisposable"));

    [Fact]
    public Task FieldCatch_CallerRetriesInALoop_MethodOverwritesWithoutClosing() => Verify.VerifyAsync(Usings + """
        class LogShipper
        {
            private TcpClient? client;
            private Stream? stream;

            private async Task ConnectAsync(string host, int port)
            {
                client = {|#0:new TcpClient()|};
                await client.ConnectAsync(host, port);
                var secure = new System.Net.Security.SslStream(client.GetStream());
                await secure.AuthenticateAsClientAsync(host);
                stream = secure;
            }

            public async Task SendAsync(byte[] data, string host, int port)
            {
                for (var retry = 0; retry < 5; retry++)
                {
                    if (client == null || stream == null)
                    {
                        try
                        {
                            await ConnectAsync(host, port);
                        }
                        {|#1:catch (Exception e)
                        {
                            Console.WriteLine(e);
                            continue;
                        }|}
                    }

                    try
                    {
                        stream!.Write(data, 0, data.Length);
                        break;
                    }
                    catch (IOException)
                    {
                        Close();
                    }
                }
            }

            private void Close()
            {
                stream?.Dispose();
                client?.Close();
                stream = null;
                client = null;
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0).WithLocation(1)
            .WithArguments("'client' is not closed when a later step fails: 'SendAsync' calls 'ConnectAsync' again on the next pass after its catch moves on, and 'ConnectAsync' overwrites it without closing the connection made here"));

    [Fact]
    public Task FieldCatch_CallerRetries_Negatives() => Verify.VerifyAsync(Usings + """
        class ClosesTheOldOneFirst
        {
            private TcpClient? client;
            private Stream? stream;

            private async Task ConnectAsync(string host, int port)
            {
                client?.Dispose();
                client = new TcpClient();
                await client.ConnectAsync(host, port);
                stream = client.GetStream();
            }

            public async Task SendAsync(byte[] data, string host, int port)
            {
                for (var retry = 0; retry < 5; retry++)
                {
                    try { await ConnectAsync(host, port); } catch (Exception) { continue; }
                    stream!.Write(data, 0, data.Length);
                    return;
                }
            }

            public void Stop() => client?.Close();
        }

        class CatchClosesIt
        {
            private TcpClient? client;

            private void Connect(string host, int port)
            {
                client = new TcpClient();
                client.Connect(host, port);
            }

            public void Run(string host, int port)
            {
                while (true)
                {
                    try { Connect(host, port); return; }
                    catch (SocketException) { Drop(); }
                }
            }

            private void Drop() => client?.Dispose();
        }

        class CatchLeavesTheLoop
        {
            private TcpClient? client;

            private void Connect(string host, int port)
            {
                client = new TcpClient();
                client.Connect(host, port);
            }

            public void Run(string host, int port)
            {
                while (true)
                {
                    try { Connect(host, port); }
                    catch (SocketException) { return; }
                }
            }

            public void Stop() => client?.Close();
        }

        class GuardedByTheFieldAlone
        {
            private TcpClient? client;

            private void Connect(string host, int port)
            {
                client = new TcpClient();
                client.Connect(host, port);
            }

            public void Send(byte[] data, string host, int port)
            {
                for (var i = 0; i < 3; i++)
                {
                    if (client == null)
                    {
                        try { Connect(host, port); } catch (SocketException) { }
                    }

                    try { client!.GetStream().Write(data, 0, data.Length); return; }
                    catch (IOException) { client?.Close(); client = null; }
                }
            }
        }

        class NoLoop
        {
            private TcpClient? client;

            private void Connect(string host, int port)
            {
                client = new TcpClient();
                client.Connect(host, port);
            }

            public void Start(string host, int port)
            {
                try { Connect(host, port); } catch (SocketException) { Console.WriteLine("offline"); }
            }

            public void Stop() => client?.Close();
        }
        """);

    [Fact]
    public Task FieldCatch_ClosedOnOneFailurePath_CatchLetsTheOthersOut() => Verify.VerifyAsync(Usings + """
        sealed class Client : IDisposable
        {
            private TcpClient? client;
            private NetworkStream? stream;

            public void Connect(string host, int port, TimeSpan timeout)
            {
                client = {|#0:new TcpClient()|};
                var pending = client.BeginConnect(host, port, null, null);
                try
                {
                    if (!pending.AsyncWaitHandle.WaitOne(timeout))
                    {
                        client.Close();
                        throw new TimeoutException("Timeout connecting to " + host);
                    }

                    client.EndConnect(pending);
                    stream = client.GetStream();
                }
                {|#1:catch (Exception e)
                {
                    Console.WriteLine(e);
                    throw;
                }|}
            }

            public void Dispose() => client?.Dispose();
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0).WithLocation(1)
            .WithArguments("'client' is not closed when a later step fails: 'Connect' closes it on one failure path, but its catch lets the others out without closing it, and the next call overwrites it"));

    [Fact]
    public Task FieldCatch_ClosedOnOneFailurePath_Negatives() => Verify.VerifyAsync(Usings + """
        sealed class ClosesTheOldOneFirst : IDisposable
        {
            private TcpClient? client;

            public void Connect(string host, int port, TimeSpan timeout)
            {
                client?.Dispose();
                client = new TcpClient();
                var pending = client.BeginConnect(host, port, null, null);
                try
                {
                    if (!pending.AsyncWaitHandle.WaitOne(timeout)) { client.Close(); throw new TimeoutException(); }
                    client.EndConnect(pending);
                }
                catch (Exception) { throw; }
            }

            public void Dispose() => client?.Dispose();
        }

        sealed class CatchClosesToo : IDisposable
        {
            private TcpClient? client;

            public void Connect(string host, int port, TimeSpan timeout)
            {
                client = new TcpClient();
                var pending = client.BeginConnect(host, port, null, null);
                try
                {
                    if (!pending.AsyncWaitHandle.WaitOne(timeout)) { client.Close(); throw new TimeoutException(); }
                    client.EndConnect(pending);
                }
                catch (Exception) { client.Close(); throw; }
            }

            public void Dispose() => client?.Dispose();
        }

        sealed class NoFailurePathCloses : IDisposable
        {
            private TcpClient? client;

            public void Connect(string host, int port)
            {
                client = new TcpClient();
                try
                {
                    client.Connect(host, port);
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e);
                    throw;
                }
            }

            public void Dispose() => client?.Dispose();
        }
        """);

    // ---------- connect in try, catch moves on ----------

    [Fact]
    public Task Catch_MovesOn_SocketReturnedOnSuccess_MessageNamesTheCall() => Verify.VerifyAsync(Usings + """
        class Connector
        {
            Socket? TryConnect(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    return socket;
                }
                catch (SocketException)
                {
                    return null;
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithSpan(13, 22, 13, 69).WithSpan(19, 9, 22, 10)
            .WithMessage("'socket' is not closed when 'Connect' fails: the catch moves on without closing it: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Catch_RetryLoop_And_FieldOnSuccess_And_NeverClosed() => Verify.VerifyAsync(Usings + """
        class Connector
        {
            private TcpClient? current;

            async Task Retry(string host, int port, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = {|SVH210:new TcpClient()|};
                    try
                    {
                        await client.ConnectAsync(host, port, ct);
                        current = client;
                        return;
                    }
                    catch (Exception e)
                    {
                        Console.WriteLine(e.Message);
                        await Task.Delay(1000, ct);
                    }
                }
            }

            void Send(IPEndPoint endPoint, byte[] data)
            {
                try
                {
                    var socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket.Send(data);
                }
                catch
                {
                    Console.WriteLine("failed");
                }
            }

            bool Probe(IPEndPoint endPoint, List<Socket> open)
            {
                var socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                    return false;
                }

                open.Add(socket);
                return true;
            }
        }
        """);

    [Fact]
    public Task Catch_Negatives() => Verify.VerifyAsync(Usings + """
        class Connector
        {
            private readonly List<Socket> pending = new();

            Socket? ClosesInCatch(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    return socket;
                }
                catch (SocketException)
                {
                    socket.Close();
                    return null;
                }
            }

            Socket Rethrows(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e);
                    throw;
                }

                return socket;
            }

            void UsingDeclared(IPEndPoint endPoint)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                }
            }

            void Finally(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                }
                finally
                {
                    socket.Dispose();
                }
            }

            Socket? UsedAfterTheTry(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                    Console.WriteLine("not connected");
                }

                return socket;
            }

            void StoredBeforeTheConnect(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                pending.Add(socket);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                }
            }

            void OtherException(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    pending.Add(socket);
                }
                catch (ArgumentException)
                {
                }
            }

            void Captured(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    Task.Run(() => socket.Send(new byte[] { 1 }));
                }
                catch (SocketException)
                {
                }
            }
        }
        """);

    [Fact]
    public Task Catch_ClosedOnSuccessPathOnly_IsSvh208s_NotReportedTwice() => Verify.VerifyAsync(Usings + """
        class Connector
        {
            bool TryConnect(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                    return false;
                }

                socket.Close();
                return true;
            }

            bool InsideTheTry(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                try
                {
                    client.Connect(endPoint);
                    client.Close();
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }
        }
        """);

    [Fact]
    public Task NetFramework48_AcceptHandler() => Verify.VerifyWithoutStubsAsync("""
        using System.Net.Sockets;
        using System.Threading;

        class Server
        {
            void Run(TcpListener listener)
            {
                var client = {|SVH210:listener.AcceptTcpClient()|};
                new Thread(Handle).Start(client);
            }

            void Handle(object state)
            {
                var client = (TcpClient)state;
                client.GetStream().WriteByte(1);
            }
        }
        """, TestReferences.Net48);

    // ---------- code fix ----------

    private const string HandlerBad = """
        class Server
        {
            async Task Run(TcpListener listener, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = await {|SVH210:listener.AcceptTcpClientAsync(ct)|};
                    _ = HandleAsync(client, ct);
                }
            }

            async Task HandleAsync(TcpClient client, CancellationToken ct)
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
        """;

    private const string HandlerFixed = """
        class Server
        {
            async Task Run(TcpListener listener, CancellationToken ct)
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(ct);
                    _ = HandleAsync(client, ct);
                }
            }

            async Task HandleAsync(TcpClient client, CancellationToken ct)
            {
                using (client)
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
        }
        """;

    private const string StateBad = """
        class Server
        {
            void Run(TcpListener listener)
            {
                while (true)
                {
                    var client = {|SVH210:listener.AcceptTcpClient()|};
                    ThreadPool.QueueUserWorkItem(Handle, client);
                }
            }

            void Handle(object? state)
            {
                // the state is the accepted client
                var client = (TcpClient)state!;
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(reader.ReadLine());
            }
        }
        """;

    private const string StateFixed = """
        class Server
        {
            void Run(TcpListener listener)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    ThreadPool.QueueUserWorkItem(Handle, client);
                }
            }

            void Handle(object? state)
            {
                // the state is the accepted client
                using var client = (TcpClient)state!;
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(reader.ReadLine());
            }
        }
        """;

    private const string CatchBad = """
        class Connector
        {
            Socket? TryConnect(IPEndPoint endPoint)
            {
                var socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                try
                {
                    socket.Connect(endPoint);
                    return socket;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    return null;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.Message);
                    throw;
                }
                catch (IOException)
                {
                    return null;
                }
            }
        }
        """;

    private const string CatchFixed = """
        class Connector
        {
            Socket? TryConnect(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    return socket;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    socket.Close();
                    return null;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.Message);
                    throw;
                }
                catch (IOException)
                {
                    return null;
                }
            }
        }
        """;

    private const string FieldBad = """
        class Feed
        {
            private TcpClient? client;
            private NetworkStream? stream;
            private Socket? control;

            public void Connect(string host, int port)
            {
                client = {|SVH210:new TcpClient(host, port)|};
                stream = client.GetStream();
                control = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
            }

            public void Send(byte[] data) => stream!.Write(data, 0, data.Length);
        }
        """;

    private const string FieldFixed = """
        class Feed : IDisposable
        {
            private TcpClient? client;
            private NetworkStream? stream;
            private Socket? control;

            public void Connect(string host, int port)
            {
                client = new TcpClient(host, port);
                stream = client.GetStream();
                control = new Socket(SocketType.Stream, ProtocolType.Tcp);
            }

            public void Send(byte[] data) => stream!.Write(data, 0, data.Length);

            public void Dispose()
            {
                client?.Dispose();
                stream?.Dispose();
                control?.Dispose();
            }
        }
        """;

    [Fact]
    public Task Fix_Handler_BodyInUsing() => VerifyFix.VerifyAsync(Usings + HandlerBad, Usings + HandlerFixed);

    [Fact]
    public Task Fix_StateHandler_UsingDeclarationOnTheCast() => VerifyFix.VerifyAsync(Usings + StateBad, Usings + StateFixed);

    [Fact]
    public Task Fix_AcceptingMethodOwnsIt_UsingDeclaration() => VerifyFix.VerifyAsync(Usings + """
        class Server
        {
            async Task Once(TcpListener listener)
            {
                var client = await {|SVH210:listener.AcceptTcpClientAsync()|};
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(await reader.ReadLineAsync());
            }
        }
        """, Usings + """
        class Server
        {
            async Task Once(TcpListener listener)
            {
                using var client = await listener.AcceptTcpClientAsync();
                var reader = new StreamReader(client.GetStream());
                Console.WriteLine(await reader.ReadLineAsync());
            }
        }
        """);

    [Fact]
    public Task Fix_CloseInTheCatchThatMovesOn_OnlyThatOne() => VerifyFix.VerifyAsync(Usings + CatchBad, Usings + CatchFixed);

    [Fact]
    public Task Fix_Field_TypeBecomesDisposable_DisposesEveryNeverClosedField() => VerifyFix.VerifyAsync(Usings + FieldBad, Usings + FieldFixed);

    [Fact]
    public Task Fix_Field_WithoutUsingSystem_QualifiesTheInterface() => VerifyFix.VerifyAsync("""
        using System.Net.Sockets;

        sealed class Link : Marker
        {
            private readonly Socket socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};

            public int Read(byte[] buffer) => socket.Receive(buffer);
        }

        class Marker
        {
        }
        """, """
        using System.Net.Sockets;

        sealed class Link : Marker, System.IDisposable
        {
            private readonly Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public int Read(byte[] buffer) => socket.Receive(buffer);

            public void Dispose()
            {
                socket?.Dispose();
            }
        }

        class Marker
        {
        }
        """);

    [Fact]
    public Task Fix_Field_HeldThroughAStreamField() => VerifyFix.VerifyAsync(Usings + """
        class ChatClient
        {
            private NetworkStream? stream;

            public void Connect(string host, int port)
            {
                var client = {|SVH210:new TcpClient(host, port)|};
                stream = client.GetStream();
            }
        }
        """, Usings + """
        class ChatClient : IDisposable
        {
            private NetworkStream? stream;

            public void Connect(string host, int port)
            {
                var client = new TcpClient(host, port);
                stream = client.GetStream();
            }

            public void Dispose()
            {
                stream?.Dispose();
            }
        }
        """);

    [Fact]
    public Task FixAll_EveryShapeInOneDocument() => VerifyFix.VerifyFixAllAsync(
        Usings + HandlerBad + "\n" + StateBad.Replace("class Server", "class Pool") + "\n" + CatchBad + "\n" + FieldBad,
        Usings + HandlerFixed + "\n" + StateFixed.Replace("class Server", "class Pool") + "\n" + CatchFixed + "\n" + FieldFixed);

    [Fact]
    public Task NoFix_HandlerChain_CapturedInHandler_PatternState() => VerifyFix.VerifyNoFixAsync(Usings + """
        class Server
        {
            void Run(TcpListener listener)
            {
                var a = {|SVH210:listener.AcceptSocket()|};
                Handle(a);
                var b = {|SVH210:listener.AcceptTcpClient()|};
                Background(b);
                var c = {|SVH210:listener.AcceptTcpClient()|};
                ThreadPool.QueueUserWorkItem(Pattern, c);
                var d = {|SVH210:listener.AcceptTcpClient()|};
                Task.Run(() => d.GetStream().WriteByte(1));
            }

            void Handle(Socket socket) => Reply(new NetworkStream(socket));

            static void Reply(Stream stream) => stream.WriteByte(1);

            void Background(TcpClient client)
            {
                Task.Run(() => client.GetStream().WriteByte(1));
            }

            void Pattern(object? state)
            {
                if (state is TcpClient client)
                {
                    client.GetStream().WriteByte(1);
                }
            }

            void TwoCallers(TcpListener listener, TcpClient other)
            {
                var e = {|SVH210:listener.AcceptTcpClient()|};
                Greet(e);
                Greet(other);
                other.GetStream().WriteByte(2);
            }

            void Greet(TcpClient client) => client.GetStream().WriteByte(1);
        }
        """);

    [Fact]
    public Task NoFix_PartialType_ExistingDispose_DeclaredInsideTry() => VerifyFix.VerifyNoFixAsync(Usings + """
        partial class Feed
        {
            private TcpClient client = {|SVH210:new TcpClient()|};
        }

        partial class Feed
        {
            public void Send(byte[] data) => client.GetStream().Write(data);
        }

        class Closer
        {
            private Socket socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};

            public void Dispose(bool disposing) => Console.WriteLine(disposing);
        }

        class Connector
        {
            void Send(IPEndPoint endPoint)
            {
                try
                {
                    var socket = {|SVH210:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                }
                catch (SocketException)
                {
                }
            }
        }
        """);

    [Fact]
    public async Task Fix_Output_TriggersNoRule()
    {
        foreach (var source in new[] { HandlerFixed, StateFixed, CatchFixed, FieldFixed })
        {
            var compilation = await AnalyzerRunner.CompileAsync(OutputKind.DynamicallyLinkedLibrary, Usings + source);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var diagnostics = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
            Assert.True(diagnostics.IsEmpty, string.Join(Environment.NewLine, diagnostics));
        }
    }

    [Fact]
    public async Task BrokenCode_DoesNotCrash()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.Sockets.ConnectionNeverClosedAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    private TcpClient client = new TcpClient(;
                    void Run(TcpListener listener)
                    {
                        var c = listener.AcceptTcpClient(;
                        Handle(c, );
                        var socket = new Socket(SocketType.Stream, ;
                        try { socket.Connect(; } catch {
                    }
                    void Handle(TcpClient c) { c.
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        // The field initializer is half typed but the field is plainly never closed: that finding stays.
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH210).WithSpan(11, 32, 11, 46)
            .WithArguments("'client' is never closed: nothing in 'C' closes or disposes it, and 'C' is not IDisposable"));
        await test.RunAsync();
    }

    // ---------- accepted connections kept in a collection field ----------

    [Fact]
    public Task Collection_ElementsNeverClosed_StaticListAndDictionary() => Verify.VerifyAsync(Usings + """
        class Chat
        {
            static List<TcpClient> clients = new List<TcpClient>();

            static void Run(TcpListener listener)
            {
                while (true)
                {
                    var client = {|#0:listener.AcceptTcpClient()|};
                    clients.Add(client);
                    new Thread(() => Handle(client)).Start();
                }
            }

            static void Broadcast(byte[] data)
            {
                Parallel.ForEach(clients, other => other.GetStream().Write(data, 0, data.Length));
                foreach (var c in clients.ToArray())
                {
                    c.GetStream().Write(data, 0, data.Length);
                }

                Console.WriteLine(clients.Count);
            }

            static void Handle(TcpClient client)
            {
                var stream = client.GetStream();
                var buffer = new byte[256];
                while (stream.Read(buffer, 0, buffer.Length) > 0)
                {
                    Broadcast(buffer);
                }
            }
        }

        class Sessions
        {
            private readonly Dictionary<int, Socket> sessions = new Dictionary<int, Socket>();
            private int next;

            public async Task RunAsync(Socket listener)
            {
                while (true)
                {
                    var socket = await {|#1:listener.AcceptAsync()|};
                    sessions[next++] = socket;
                }
            }

            public void Send(int id, byte[] data)
            {
                if (sessions.TryGetValue(id, out var socket))
                {
                    socket.Send(data);
                }

                sessions.Remove(id);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0)
            .WithMessage("The connection accepted here is kept in 'clients' and handed to 'Handle'; nothing in 'Chat' closes or disposes it: the socket handle stays open until the finalizer runs"),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(1)
            .WithMessage("The connection accepted here is kept in 'sessions'; nothing in 'Sessions' closes or disposes its elements: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Collection_Negatives_ElementsClosedOrCollectionHandedOn() => Verify.VerifyAsync(Usings + """
        class ClosedInForeach
        {
            private readonly List<TcpClient> clients = new List<TcpClient>();

            public void Accept(TcpListener listener) => clients.Add(listener.AcceptTcpClient());

            public void Stop()
            {
                foreach (var client in clients)
                {
                    client.Close();
                }

                clients.Clear();
            }
        }

        class ClosedOnRemoval
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Socket> sockets = new();

            public async Task AcceptAsync(Socket listener, int id)
            {
                var socket = await listener.AcceptAsync();
                sockets.TryAdd(id, socket);
            }

            public void Drop(int id)
            {
                if (sockets.TryRemove(id, out var socket))
                {
                    socket.Dispose();
                }
            }
        }

        class ClosedByLambda
        {
            private static readonly List<Socket> all = new List<Socket>();

            static void Accept(Socket listener)
            {
                var socket = listener.Accept();
                all.Add(socket);
            }

            static void Stop() => all.ForEach(s => s.Close());
        }

        class HandedOn
        {
            private readonly List<TcpClient> clients = new List<TcpClient>();

            public void Accept(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                clients.Add(client);
            }

            public List<TcpClient> Clients => clients;
        }

        class ClosedByIndex
        {
            private readonly List<TcpClient> clients = new List<TcpClient>();

            public void Accept(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                clients.Add(client);
            }

            public void Kick(int i)
            {
                clients[i].Close();
                clients.RemoveAt(i);
            }
        }
        """);

    // ---------- a protected field of a base class in the same compilation ----------

    [Fact]
    public Task InheritedField_NoTypeOfTheHierarchyClosesIt() => Verify.VerifyAsync(Usings + """
        class Transfer
        {
            protected TcpClient connection;
            protected TcpListener server;

            internal Transfer() { }
        }

        sealed class Chat : Transfer
        {
            private StreamReader reader;

            public void Accept()
            {
                connection = {|#0:server.AcceptTcpClient()|};
                reader = new StreamReader(connection.GetStream());
                Console.WriteLine(reader.ReadLine());
            }
        }

        sealed class Send : Transfer
        {
            public void Connect(IPEndPoint endPoint)
            {
                connection = {|#1:new TcpClient()|};
                connection.Connect(endPoint);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0)
            .WithMessage("'connection' is never closed: nothing in 'Transfer' or the types derived from it closes or disposes it, and none of them is IDisposable: the socket handle stays open until the finalizer runs"),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(1)
            .WithMessage("'connection' is never closed: nothing in 'Transfer' or the types derived from it closes or disposes it, and none of them is IDisposable: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task InheritedField_Negatives() => Verify.VerifyAsync(Usings + """
        class ClosedInBase
        {
            protected TcpClient connection;

            internal ClosedInBase() { }

            public void Close() => connection?.Close();
        }

        sealed class UsesClosedInBase : ClosedInBase
        {
            public void Connect(string host) => connection = new TcpClient(host, 80);
        }

        class ClosedInSibling
        {
            protected Socket socket;

            internal ClosedInSibling() { }
        }

        sealed class Opens : ClosedInSibling
        {
            public void Open(Socket listener) => socket = listener.Accept();
        }

        sealed class Closes : ClosedInSibling
        {
            public void Stop() => socket.Dispose();
        }

        class DisposableDerived
        {
            protected TcpClient connection;

            internal DisposableDerived() { }
        }

        sealed class Owner : DisposableDerived, IDisposable
        {
            public void Open() => connection = new TcpClient("localhost", 80);

            public void Dispose() { }
        }

        public class PublicBase
        {
            protected TcpClient connection;
        }

        public class OpensPublic : PublicBase
        {
            public void Open() => connection = new TcpClient("localhost", 80);
        }

        class WithNested
        {
            protected TcpClient connection;

            internal WithNested() { }

            private sealed class Closer
            {
                public void Close(WithNested owner) => owner.connection.Close();
            }
        }

        sealed class OpensNested : WithNested
        {
            public void Open() => connection = new TcpClient("localhost", 80);
        }
        """);

    // ---------- holders overwritten or dropped ----------

    [Fact]
    public Task Overwritten_StaticFieldInEndlessLoop_And_Placeholder() => Verify.VerifyAsync(Usings + """
        class Program
        {
            static TcpClient client;

            static void Loop(string host)
            {
                while (true)
                {
                    client = {|#0:new TcpClient(host, 5000)|};
                    var stream = client.GetStream();
                    var data = Encoding.UTF8.GetBytes(Console.ReadLine() ?? "");
                    stream.Write(data, 0, data.Length);
                }
            }
        }

        class Server
        {
            private readonly TcpListener listener = new TcpListener(IPAddress.Any, 5000);

            void OnAccept(IAsyncResult result)
            {
                TcpClient client = {|#1:new TcpClient()|};
                try
                {
                    client = listener.EndAcceptTcpClient(result);
                }
                catch (Exception)
                {
                }

                Handle(client);
            }

            void Handle(TcpClient client)
            {
                using (client)
                {
                    client.GetStream().WriteByte(1);
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0)
            .WithMessage("'client' is given a new connection on every pass of this loop and nothing in 'Program' closes or disposes the one it held: the socket handle stays open until the finalizer runs"),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(1)
            .WithMessage("The TcpClient created here is never used or closed: 'client' is overwritten by 'EndAcceptTcpClient' first: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Overwritten_Negatives() => Verify.VerifyAsync(Usings + """
        class Retry
        {
            static TcpClient client;
            static bool connected;

            static void UntilConnected(string host)
            {
                while (true)
                {
                    try
                    {
                        client = new TcpClient(host, 5000);
                        break;
                    }
                    catch (SocketException)
                    {
                        Thread.Sleep(1000);
                    }
                }
            }

            static void WhileNotConnected(string host)
            {
                while (!connected)
                {
                    client = new TcpClient(host, 5000);
                    connected = true;
                }
            }
        }

        class ClosesBeforeOverwrite
        {
            static Socket socket;

            static void Loop(IPEndPoint endPoint)
            {
                while (true)
                {
                    socket?.Close();
                    socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(endPoint);
                }
            }
        }

        class PlaceholderUsed
        {
            void Run(TcpListener listener)
            {
                TcpClient client = new TcpClient();
                Console.WriteLine(client.Connected);
                client = listener.AcceptTcpClient();
                client.Close();
            }

            void Wrapped(TcpListener listener)
            {
                var client = new TcpClient();
                client = Wrap(client);
                client.Dispose();
            }

            TcpClient Wrap(TcpClient client) => client;
        }
        """);

    [Fact]
    public Task Dropped_HandedOnOnlyInBranchesThatReturn() => Verify.VerifyAsync(Usings + """
        class Slot
        {
            public TcpClient Socket;

            public void Take(TcpClient client) => Socket = client;
        }

        class Server
        {
            private static readonly Slot[] slots = new Slot[8];
            private static TcpListener listener;

            private static void OnAccept(IAsyncResult result)
            {
                TcpClient client = {|#0:listener.EndAcceptTcpClient(result)|};
                listener.BeginAcceptTcpClient(OnAccept, null);
                for (int i = 0; i < slots.Length; i++)
                {
                    if (slots[i].Socket == null)
                    {
                        slots[i].Take(client);
                        return;
                    }
                }

                Console.WriteLine($"{client.Client.RemoteEndPoint} refused: server full");
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0).WithSpan(28, 13, 31, 14)
            .WithMessage("The connection accepted here is handed on only in branches that return; on the path that takes none of them it is dropped without being closed: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task Dropped_Negatives() => Verify.VerifyAsync(Usings + """
        class Slot
        {
            public TcpClient Socket;

            public void Take(TcpClient client) => Socket = client;
        }

        class Server
        {
            private static readonly Slot[] slots = new Slot[8];
            private static TcpListener listener;

            private static void ClosedWhenFull(IAsyncResult result)
            {
                var client = listener.EndAcceptTcpClient(result);
                for (int i = 0; i < slots.Length; i++)
                {
                    if (slots[i].Socket == null)
                    {
                        slots[i].Take(client);
                        return;
                    }
                }

                client.Close();
            }

            private static void WaitsForASlot(IAsyncResult result)
            {
                var client = listener.EndAcceptTcpClient(result);
                while (true)
                {
                    foreach (var slot in slots)
                    {
                        if (slot.Socket == null)
                        {
                            slot.Take(client);
                            return;
                        }
                    }

                    Thread.Sleep(100);
                }
            }

            private static void ElseCloses(IAsyncResult result)
            {
                var client = listener.EndAcceptTcpClient(result);
                if (slots[0].Socket == null)
                {
                    slots[0].Take(client);
                    return;
                }
                else
                {
                    client.Dispose();
                }
            }
        }
        """);

    // ---------- a field connected in a try whose catch retries or moves on ----------

    [Fact]
    public Task FieldCatch_RetryOverwrites_And_SiblingCatchCloses() => Verify.VerifyAsync(Usings + """
        sealed class Rcon : IDisposable
        {
            private TcpClient tcp;
            private BinaryWriter writer;
            private int attempts;

            private void Open(string host, int port)
            {
                try
                {
                    tcp = {|#0:new TcpClient(host, port)|};
                    writer = new BinaryWriter(tcp.GetStream());
                    Authenticate();
                }
                {|#1:catch (Exception ex)
                {
                    Console.Error.WriteLine(ex.Message);
                    if (attempts++ < 3)
                    {
                        Open(host, port);
                    }
                }|}
            }

            private void Authenticate() => writer.Write(1);

            public void Dispose() => tcp?.Dispose();
        }

        sealed class Mqtt : IDisposable
        {
            private TcpClient client;
            public event Action<string> Failed;

            public async Task ConnectAsync(string host, int port)
            {
                try
                {
                    client = {|#2:new TcpClient()|};
                    await client.ConnectAsync(host, port);
                }
                catch (SocketException)
                {
                    Terminate();
                }
                {|#3:catch (Exception ex)
                {
                    Failed?.Invoke(ex.Message);
                }|}
            }

            private void Terminate() => client?.Close();

            public void Dispose() => Terminate();
        }
        """,
        new DiagnosticResult(Descriptors.SVH210).WithLocation(0).WithLocation(1)
            .WithMessage("'tcp' is not closed when a later step fails: the catch retries 'Open', which overwrites it without closing the connection made here: the socket handle stays open until the finalizer runs"),
        new DiagnosticResult(Descriptors.SVH210).WithLocation(2).WithLocation(3)
            .WithMessage("'client' is not closed when a later step fails: another catch closes it, but this one moves on without closing it: the socket handle stays open until the finalizer runs"));

    [Fact]
    public Task FieldCatch_Negatives() => Verify.VerifyAsync(Usings + """
        sealed class RetryClosesFirst : IDisposable
        {
            private TcpClient tcp;

            private void Open(string host, int port)
            {
                try
                {
                    tcp?.Dispose();
                    tcp = new TcpClient(host, port);
                    Handshake();
                }
                catch (Exception)
                {
                    Open(host, port);
                }
            }

            private void Handshake() => tcp.GetStream().WriteByte(1);

            public void Dispose() => tcp?.Dispose();
        }

        sealed class RetryWithNothingAfter : IDisposable
        {
            private TcpClient tcp;

            private void Open(string host, int port)
            {
                try
                {
                    tcp = new TcpClient(host, port);
                    var stream = tcp.GetStream();
                    Task.Run(() => stream.ReadByte());
                }
                catch (Exception)
                {
                    Open(host, port);
                }
            }

            public void Dispose() => tcp?.Dispose();
        }

        sealed class EveryCatchCloses : IDisposable
        {
            private TcpClient client;

            public async Task ConnectAsync(string host, int port)
            {
                try
                {
                    client = new TcpClient();
                    await client.ConnectAsync(host, port);
                }
                catch (SocketException)
                {
                    Terminate();
                }
                catch (Exception)
                {
                    client.Dispose();
                }
            }

            private void Terminate() => client?.Close();

            public void Dispose() => Terminate();
        }

        sealed class Rethrows : IDisposable
        {
            private TcpClient client;

            public async Task ConnectAsync(string host, int port)
            {
                try
                {
                    client = new TcpClient();
                    await client.ConnectAsync(host, port);
                }
                catch (SocketException)
                {
                    client?.Close();
                }
                catch (Exception)
                {
                    throw;
                }
            }

            public void Dispose() => client?.Dispose();
        }

        sealed class PublicField : IDisposable
        {
            public static TcpClient Client;

            public bool Connect(string host)
            {
                try
                {
                    Client = new TcpClient(host, 13);
                    Client.GetStream().WriteByte(1);
                    return true;
                }
                catch
                {
                    return Connect(host);
                }
            }

            public void Dispose() => Client?.Dispose();
        }
        """);
}
