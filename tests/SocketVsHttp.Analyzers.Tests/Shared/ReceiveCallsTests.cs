using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary>Queries <see cref="ReceiveCalls"/> on compiled snippets: the recogniser SVH201/SVH202 and later socket rules build on.</summary>
public class ReceiveCallsTests
{
    // expression -> recognised, returns count, awaitable, datagram, count value kind, display name
    [Theory]
    [InlineData("socket.Receive(buffer)", true, true, false, false, "Invocation", "Socket.Receive")]
    [InlineData("socket.Receive(buffer.AsSpan())", true, true, false, false, "Invocation", "Socket.Receive")]
    [InlineData("await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None)", true, true, true, false, "Await", "Socket.ReceiveAsync")]
    [InlineData("await socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false)", true, true, true, false, "Await", "Socket.ReceiveAsync")]
    [InlineData("socket.ReceiveFrom(buffer, ref remote)", true, true, false, true, "Invocation", "Socket.ReceiveFrom")]
    [InlineData("await socket.ReceiveFromAsync(buffer.AsMemory(), SocketFlags.None, remote)", true, false, false, true, "None", "Socket.ReceiveFromAsync")]
    [InlineData("udp.Client.Receive(buffer)", true, true, false, true, "Invocation", "Socket.Receive")]
    [InlineData("dgram.Receive(buffer)", true, true, false, true, "Invocation", "Socket.Receive")]
    [InlineData("network.Read(buffer, 0, buffer.Length)", true, true, false, false, "Invocation", "NetworkStream.Read")]
    [InlineData("client.GetStream().Read(buffer.AsSpan())", true, true, false, false, "Invocation", "NetworkStream.Read")]
    [InlineData("ssl.ReadAsync(buffer, 0, 4).Result", true, true, true, false, "Result", "SslStream.ReadAsync")]
    [InlineData("ssl.ReadAsync(buffer.AsMemory()).GetAwaiter().GetResult()", true, true, true, false, "GetResult", "SslStream.ReadAsync")]
    [InlineData("fromClient.Read(buffer, 0, 4)", true, true, false, false, "Invocation", "Stream.Read")]
    [InlineData("network.ReadAsync(buffer, 0, 4)", true, true, true, false, "None", "NetworkStream.ReadAsync")]
    [InlineData("network.ReadExactly(buffer, 0, 4)", false, false, false, false, "None", "")]
    [InlineData("network.ReadAtLeast(buffer, 4)", false, false, false, false, "None", "")]
    [InlineData("network.ReadByte()", false, false, false, false, "None", "")]
    [InlineData("unknown.Read(buffer, 0, 4)", false, false, false, false, "None", "")]
    [InlineData("memory.Read(buffer, 0, 4)", false, false, false, false, "None", "")]
    [InlineData("socket.Send(buffer)", false, false, false, false, "None", "")]
    public async Task Recognises_receive_calls(string expression, bool recognised, bool returnsCount, bool awaitable, bool datagram, string countValue, string displayName)
    {
        var source = $$"""
            using System;
            using System.IO;
            using System.Net;
            using System.Net.Security;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class C
            {
                async Task M(Socket socket, NetworkStream network, SslStream ssl, Stream unknown, TcpClient client, UdpClient udp, byte[] buffer, EndPoint remote)
                {
                    var dgram = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    var memory = new MemoryStream();
                    Stream fromClient = client.GetStream();
                    var value = {{expression}};
                }
            }
            """;

        var (invocation, types) = await FirstInvocationInInitializerAsync(source);
        Assert.Equal(recognised, ReceiveCalls.TryGetReceive(invocation, types, out var read));
        Assert.Equal(recognised && returnsCount, ReceiveCalls.TryGetCountingRead(invocation, types, out _));
        if (!recognised)
        {
            return;
        }

        Assert.Equal(returnsCount, read.ReturnsCount);
        Assert.Equal(awaitable, read.IsAwaitable);
        Assert.Equal(datagram, read.IsDatagram);
        Assert.Equal(displayName, read.DisplayName);
        var kind = read.CountValue switch
        {
            null => "None",
            IAwaitOperation => "Await",
            IPropertyReferenceOperation => "Result",
            IInvocationOperation { TargetMethod.Name: "GetResult" } => "GetResult",
            IInvocationOperation => "Invocation",
            _ => "Other",
        };
        Assert.Equal(countValue, kind);
    }

    // expression -> a line read on a network reader, the line value kind, display name
    [Theory]
    [InlineData("new StreamReader(network).ReadLine()", true, "Invocation", "StreamReader.ReadLine")]
    [InlineData("await new StreamReader(client.GetStream(), Encoding.UTF8).ReadLineAsync()", true, "Await", "StreamReader.ReadLineAsync")]
    [InlineData("new StreamReader(ssl, Encoding.UTF8, false, 1024, leaveOpen: true).ReadLineAsync().Result", true, "Result", "StreamReader.ReadLineAsync")]
    [InlineData("local.ReadLine()", true, "Invocation", "StreamReader.ReadLine")]
    [InlineData("text.ReadLine()", true, "Invocation", "TextReader.ReadLine")]
    [InlineData("nullFirst.ReadLine()", true, "Invocation", "StreamReader.ReadLine")]
    [InlineData("new StreamReader(fromClient).ReadLine()", true, "Invocation", "StreamReader.ReadLine")]
    [InlineData("new StreamReader(network).ReadLineAsync()", true, "None", "StreamReader.ReadLineAsync")]
    [InlineData("new StreamReader(memory).ReadLine()", false, "None", "")]
    [InlineData("new StreamReader(unknown).ReadLine()", false, "None", "")]
    [InlineData("new StreamReader(\"file.txt\").ReadLine()", false, "None", "")]
    [InlineData("new StringReader(\"a\").ReadLine()", false, "None", "")]
    [InlineData("mixed.ReadLine()", false, "None", "")]
    [InlineData("given.ReadLine()", false, "None", "")]
    [InlineData("new StreamReader(network).ReadToEnd()", false, "None", "")]
    public async Task Recognises_line_reads_on_network_readers(string expression, bool recognised, string lineValue, string displayName)
    {
        var source = $$"""
            using System;
            using System.IO;
            using System.Net.Security;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            class C
            {
                async Task M(NetworkStream network, SslStream ssl, Stream unknown, TcpClient client, StreamReader given, bool flag)
                {
                    var memory = new MemoryStream();
                    Stream fromClient = client.GetStream();
                    var local = new StreamReader(network);
                    TextReader text = new StreamReader(ssl);
                    StreamReader? nullFirst = null;
                    nullFirst = new StreamReader(network);
                    var mixed = flag ? new StreamReader(network) : new StreamReader(memory);
                    var value = {{expression}};
                }
            }
            """;

        var (invocation, types) = await FirstInvocationInInitializerAsync(source);
        Assert.Equal(recognised, ReceiveCalls.TryGetLineRead(invocation, types, out var line, out var name));
        if (!recognised)
        {
            return;
        }

        Assert.Equal(displayName, name);
        var kind = line switch
        {
            null => "None",
            IAwaitOperation => "Await",
            IPropertyReferenceOperation => "Result",
            IInvocationOperation => "Invocation",
            _ => "Other",
        };
        Assert.Equal(lineValue, kind);
    }

    private static async Task<(IInvocationOperation Invocation, KnownTypes Types)> FirstInvocationInInitializerAsync(string source)
    {
        var references = await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("probe", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        var declarator = tree.GetRoot().DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(d => d.Identifier.Text == "value");

        // The receive call is the innermost invocation whose receiver is not itself an invocation chain start (GetStream / Client).
        var invocation = declarator.Initializer!.Value.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Select(s => (IInvocationOperation)model.GetOperation(s)!)
            .First(o => o.TargetMethod.Name is not ("ConfigureAwait" or "GetAwaiter" or "GetResult" or "AsSpan" or "AsMemory" or "GetStream"));
        return (invocation, KnownTypes.For(compilation));
    }
}
