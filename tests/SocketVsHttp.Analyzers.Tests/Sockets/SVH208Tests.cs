using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer, SocketVsHttp.Sockets.SocketNotClosedOnFailureFixer>;

namespace SocketVsHttp.Tests.Sockets;

public class SVH208Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task Socket_ConnectSendClose_MessageNamesTheLocal() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Send(IPEndPoint endPoint, byte[] data)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Send(data);
                socket.Close();
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH208).WithSpan(14, 22, 14, 97).WithArguments("socket")
            .WithMessage("'socket' is closed only on the success path: a failed connect or send leaks the handle; use 'using'"));

    [Fact]
    public Task TcpClient_Async_TargetTypedNew_Dispose() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<int> Ping(string host, int port, CancellationToken ct)
            {
                TcpClient client = {|SVH208:new()|};
                await client.ConnectAsync(host, port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync(new byte[] { 1 }, ct);
                var n = await stream.ReadAsync(new byte[1], ct);
                client.Dispose();
                return n;
            }
        }
        """);

    [Fact]
    public Task NetworkStream_And_SslStream_Created() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Write(Socket connected, byte[] data)
            {
                var stream = {|SVH208:new NetworkStream(connected)|};
                stream.Write(data, 0, data.Length);
                stream.Close();
            }

            async Task Tls(TcpClient client, string host)
            {
                var ssl = {|SVH208:new SslStream(client.GetStream(), false)|};
                await ssl.AuthenticateAsClientAsync(host);
                await ssl.WriteAsync(new byte[] { 1 });
                ssl.Close();
            }
        }
        """);

    [Fact]
    public Task AssignedLocal_ConditionalClose_InLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Probe(IPEndPoint[] endPoints)
            {
                foreach (var endPoint in endPoints)
                {
                    Socket socket;
                    socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket?.Close();
                }
            }
        }
        """);

    [Fact]
    public Task CloseInsideTheSameTryAsTheConnect() => Verify.VerifyAsync(Usings + """
        class C
        {
            bool TryConnect(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                try
                {
                    socket.Connect(endPoint);
                    socket.Close();
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
    public Task CatchThatLeavesBeforeTheClose() => Verify.VerifyAsync(Usings + """
        class C
        {
            bool TryConnect(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
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

            void Rethrows(IPEndPoint endPoint)
            {
                var client = {|SVH208:new TcpClient()|};
                try
                {
                    client.Connect(endPoint);
                }
                catch (Exception e)
                {
                    Console.WriteLine(e);
                    throw;
                }

                client.Close();
            }
        }
        """);

    [Fact]
    public Task TopLevelStatements() => Verify.VerifyProgramAsync(Usings + """
        var once = new TcpClient();
        once.Connect("127.0.0.1", 5000);
        once.Close();

        for (var port = 5000; port < 5003; port++)
        {
            var client = {|SVH208:new TcpClient()|};
            client.Connect("127.0.0.1", port);
            client.GetStream().Write(new byte[] { 1, 2, 3 });
            client.Close();
        }
        """);

    [Fact]
    public Task NetStandard20_ExtensionConnectAsync() => Verify.VerifyWithoutStubsAsync("""
        using System.Net;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        class C
        {
            async Task Connect(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                await socket.ConnectAsync(endPoint);
                socket.Dispose();
            }
        }
        """, TestReferences.NetStandard20);

    [Fact]
    public Task NetFramework48() => Verify.VerifyWithoutStubsAsync("""
        using System.Net.Sockets;

        class C
        {
            void Send(byte[] data)
            {
                var client = {|SVH208:new TcpClient()|};
                client.Connect("localhost", 80);
                client.GetStream().Write(data, 0, data.Length);
                client.Close();
            }
        }
        """, TestReferences.Net48);

    // ---------- negatives ----------

    [Fact]
    public Task UsingForms() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(IPEndPoint endPoint, Stream inner)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Close();

                using (var client = new TcpClient())
                {
                    client.Connect(endPoint);
                    client.Close();
                }

                await using var ssl = new SslStream(inner);
                await ssl.AuthenticateAsClientAsync("host");
                ssl.Close();

                var late = new TcpClient();
                using (late)
                {
                    late.Connect(endPoint);
                }
            }
        }
        """);

    [Fact]
    public Task TryFinally_And_CatchCleanup() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Finally(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                finally
                {
                    socket.Close();
                }
            }

            TcpClient CloseOnFailure(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                try
                {
                    client.Connect(endPoint);
                }
                catch
                {
                    client.Dispose();
                    throw;
                }

                client.Close();
                return new TcpClient();
            }

            void CatchesBeforeClose(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                }
                catch (Exception e)
                {
                    Console.WriteLine(e);
                }

                socket.Close();
            }
        }
        """);

    [Fact]
    public Task What_the_connection_hands_out_leaves_the_method() => Verify.VerifyAsync(Usings + """
        class C
        {
            private Stream? _stream;

            // Issue 12: `using var client` would return (or keep) a disposed stream or socket.
            NetworkStream ReturnsItsStream(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                client.Connect(endPoint);
                if (!client.Connected)
                {
                    client.Close();
                    throw new IOException("not connected");
                }

                return client.GetStream();
            }

            Socket ReturnsItsSocket(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                client.Connect(endPoint);
                if (!client.Connected) client.Close();
                return client.Client;
            }

            Stream ReturnsAStreamLocal(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                client.Connect(endPoint);
                if (!client.Connected) client.Close();
                var stream = client.GetStream();
                return new BufferedStream(stream);
            }

            void StoresItsStream(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                client.Connect(endPoint);
                if (!client.Connected) client.Close();
                _stream = client.GetStream();
            }
        }
        """);

    [Fact]
    public Task What_leaves_is_a_count_or_an_address_is_still_reported() => Verify.VerifyAsync(Usings + """
        class C
        {
            int ReturnsACount(IPEndPoint endPoint, byte[] buffer)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                var n = socket.Receive(buffer);
                socket.Close();
                return n;
            }

            EndPoint? ReturnsAnAddress(IPEndPoint endPoint)
            {
                var client = {|SVH208:new TcpClient()|};
                client.Connect(endPoint);
                var local = client.Client.LocalEndPoint;
                client.Close();
                return local;
            }
        }
        """);

    [Fact]
    public Task OwnershipHandedOn() => Verify.VerifyAsync(Usings + """
        class C
        {
            private Socket? field;
            private readonly List<TcpClient> clients = new();

            Socket Returned(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                if (!socket.Connected) socket.Close();
                return socket;
            }

            void Field(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                field = socket;
                socket.Close();
            }

            void Collection(IPEndPoint endPoint)
            {
                var client = new TcpClient();
                clients.Add(client);
                client.Connect(endPoint);
                client.Close();
            }

            void PassedToConstructor(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                var stream = new NetworkStream(socket, ownsSocket: true);
                stream.Write(new byte[] { 1 });
                socket.Close();
            }

            void Lambda(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                Task.Run(() => socket.Send(new byte[] { 1 }));
                socket.Close();
            }
        }
        """);

    [Fact]
    public Task NeverClosed_Or_NothingCanThrowBeforeClose() => Verify.VerifyAsync(Usings + """
        class C
        {
            void NeverClosed(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
            }

            void OnlyOptions()
            {
                var client = new TcpClient();
                client.NoDelay = true;
                Console.WriteLine(client.ReceiveBufferSize);
                client.Close();
            }

            void CallAfterCloseOnly(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Dispose();
                Console.WriteLine(socket.ToString());
            }

            void Other(Socket existing, IPEndPoint endPoint)
            {
                existing.Connect(endPoint);
                existing.Close();
                var listener = new TcpListener(endPoint);
                listener.Start();
                listener.Stop();
            }
        }
        """);

    [Fact]
    public Task ReassignedWithAnotherObject_Silent() => Verify.VerifyAsync(Usings + """
        class C
        {
            void Retry(IPEndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Close();
                socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                socket.Close();
            }
        }
        """);

    // ---------- code fix ----------

    [Fact]
    public Task Fix_UsingDeclaration_RemovesClose_KeepsComments() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            int Send(IPEndPoint endPoint, byte[] data)
            {
                // one connection per message
                var socket = {|SVH208:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|}; // TCP
                socket.Connect(endPoint);
                var sent = socket.Send(data);

                socket.Close();
                return sent;
            }
        }
        """, Usings + """
        class C
        {
            int Send(IPEndPoint endPoint, byte[] data)
            {
                // one connection per message
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // TCP
                socket.Connect(endPoint);
                var sent = socket.Send(data);
                return sent;
            }
        }
        """);

    [Fact]
    public Task Fix_CommentOnCloseIsKept_ConditionalDispose() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Send(string host, byte[] data, CancellationToken ct)
            {
                var client = {|SVH208:new TcpClient()|};
                await client.ConnectAsync(host, 80, ct);
                await client.GetStream().WriteAsync(data, ct);
                // done
                client?.Dispose();
            }
        }
        """, Usings + """
        class C
        {
            async Task Send(string host, byte[] data, CancellationToken ct)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, 80, ct);
                await client.GetStream().WriteAsync(data, ct);
                // done
            }
        }
        """);

    [Fact]
    public Task OneShotMain_WithoutCatch_IsSilent()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.Net100 };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestCode = Usings + """
            static class Program
            {
                static void Main()
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(new IPEndPoint(IPAddress.Loopback, 8005));
                    socket.Send(new byte[] { 1 });
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                }

                static void Other(IPEndPoint endPoint)
                {
                    var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket.Close();
                }
            }
            """;
        return test.RunAsync();
    }

    [Fact]
    public Task OneShotMain_WithACatchThatGoesOn_IsSilent_InALoop_IsReported()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer, DefaultVerifier> { ReferenceAssemblies = TestReferences.Net100 };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestCode = Usings + """
            static class Program
            {
                static void Main()
                {
                    try
                    {
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        socket.Connect(new IPEndPoint(IPAddress.Loopback, 8005));
                        socket.Close();
                    }
                    catch (SocketException)
                    {
                        Console.WriteLine("no server");
                    }

                    for (var i = 0; i < 3; i++)
                    {
                        var client = {|SVH208:new TcpClient()|};
                        client.Connect("localhost", 8005);
                        client.Close();
                    }

                    Console.ReadLine();
                }
            }
            """;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_TopLevelStatements()
    {
        var test = VerifyFix.Create(Usings + """
            foreach (var port in new[] { 5000, 5001 })
            {
                var client = {|SVH208:new TcpClient()|};
                client.Connect("127.0.0.1", port);
                client.GetStream().Write(new byte[] { 1, 2, 3 });
                client.Close();
                Console.WriteLine("sent");
            }
            """, Usings + """
            foreach (var port in new[] { 5000, 5001 })
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", port);
                client.GetStream().Write(new byte[] { 1, 2, 3 });
                Console.WriteLine("sent");
            }
            """, TestReferences.Net100);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_SeveralInOneDocument() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Tls(string host, byte[] data)
            {
                var client = {|SVH208:new TcpClient()|};
                await client.ConnectAsync(host, 443);
                var ssl = {|SVH208:new SslStream(client.GetStream())|};
                await ssl.AuthenticateAsClientAsync(host);
                await ssl.WriteAsync(data);
                ssl.Close();
                client.Close();
            }

            void Plain(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                socket.Dispose();
            }
        }
        """, Usings + """
        class C
        {
            async Task Tls(string host, byte[] data)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, 443);
                using var ssl = new SslStream(client.GetStream());
                await ssl.AuthenticateAsClientAsync(host);
                await ssl.WriteAsync(data);
            }

            void Plain(IPEndPoint endPoint)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
            }
        }
        """);

    [Fact]
    public Task Fix_NestedCloseStays() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            bool TryConnect(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                try
                {
                    socket.Connect(endPoint);
                    socket.Close();
                    return true;
                }
                catch (SocketException)
                {
                    return false;
                }
            }
        }
        """, Usings + """
        class C
        {
            bool TryConnect(IPEndPoint endPoint)
            {
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(endPoint);
                    socket.Close();
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
    public Task NoFix_AssignedAfterDeclaration() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            void Probe(IPEndPoint endPoint)
            {
                Socket socket;
                socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                socket.Close();
            }
        }
        """);

    [Fact]
    public Task NoFix_NulledAfterClose() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            void Probe(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                socket.Close();
                socket = null;
            }
        }
        """);

    [Fact]
    public Task NoFix_SwitchSection_UsedAfterClose_DisposeAsync() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            void Switch(int mode, IPEndPoint endPoint)
            {
                switch (mode)
                {
                    case 1:
                        var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                        socket.Connect(endPoint);
                        socket.Close();
                        break;
                }
            }

            void UsedAfterClose(IPEndPoint endPoint)
            {
                var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(endPoint);
                socket.Close();
                Console.WriteLine(socket.Connected);
            }

            async Task Async(Socket connected)
            {
                var stream = {|SVH208:new NetworkStream(connected)|};
                await stream.WriteAsync(new byte[] { 1 });
                await stream.DisposeAsync();
            }
        }
        """);

    [Fact]
    public async Task NoFix_CSharp7()
    {
        const string source = Usings + """
            class C
            {
                void Send(IPEndPoint endPoint)
                {
                    var socket = {|SVH208:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket.Close();
                }
            }
            """;
        var test = new CSharpCodeFixTest<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer, SocketVsHttp.Sockets.SocketNotClosedOnFailureFixer, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = source,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, new CSharpParseOptions(LanguageVersion.CSharp7_3)));
        await test.RunAsync();
    }

    [Fact]
    public async Task BrokenCode_DoesNotCrash()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.Sockets.SocketNotClosedOnFailureAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    void Send(IPEndPoint endPoint)
                    {
                        var socket = new Socket(SocketType.Stream, ;
                        socket.Connect(;
                        socket.Close(
                        var other = new TcpClient(missing);
                        other.Connect(endPoint)
                        other.
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }
}
