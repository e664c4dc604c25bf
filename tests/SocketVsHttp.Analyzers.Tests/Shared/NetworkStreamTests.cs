using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary>
/// Pins the one answer to "is this stream a network stream" (<see cref="ReceiveCalls.IsNetworkStream"/>, used by SVH201,
/// SVH202, SVH203 and SVH205) and to "which variable is this" (<see cref="OperationExtensions.ReferencedSymbol"/>).
/// </summary>
public class NetworkStreamTests
{
    [Theory]
    [InlineData("network", true)]
    [InlineData("ssl", true)]
    [InlineData("client.GetStream()", true)]
    [InlineData("(Stream)network", true)]
    [InlineData("fromClient", true)]
    [InlineData("nullFirst", true)]
    [InlineData("reassigned", true)]
    [InlineData("either", true)]
    [InlineData("coalesced", true)]
    [InlineData("copy", true)]
    [InlineData("unknown", false)]
    [InlineData("memory", false)]
    [InlineData("mixed", false)]
    [InlineData("onlyNull", false)]
    [InlineData("fromOut", false)]
    [InlineData("laterMemory", false)]
    [InlineData("File.OpenRead(\"a\")", false)]
    public async Task Answers_is_network_stream(string expression, bool expected)
    {
        var source = $$"""
            using System.IO;
            using System.Net.Security;
            using System.Net.Sockets;

            class C
            {
                void M(NetworkStream network, SslStream ssl, Stream unknown, TcpClient client, bool flag)
                {
                    var memory = new MemoryStream();
                    Stream fromClient = client.GetStream();
                    Stream? nullFirst = null;
                    nullFirst = client.GetStream();
                    Stream reassigned = network;
                    reassigned = ssl;
                    Stream either = flag ? network : ssl;
                    Stream coalesced = (Stream?)network ?? client.GetStream();
                    Stream copy = fromClient;
                    Stream mixed = flag ? network : memory;
                    Stream? onlyNull = null;
                    Stream fromOut = network;
                    Open(out fromOut);
                    Stream laterMemory = network;
                    laterMemory = new MemoryStream();
                    Use({{expression}});
                }

                static void Open(out Stream stream) => stream = new MemoryStream();
                static void Use(object value) { }
            }
            """;

        var (argument, types) = await ArgumentOfUseAsync(source);
        Assert.Equal(expected, ReceiveCalls.IsNetworkStream(argument, types));
    }

    [Theory]
    [InlineData("local", "local")]
    [InlineData("(object)local", "local")]
    [InlineData("parameter", "parameter")]
    [InlineData("field", "field")]
    [InlineData("this.field", "field")]
    [InlineData("Property", null)]
    [InlineData("local + 1", null)]
    public async Task Answers_referenced_symbol(string expression, string? expected)
    {
        var source = $$"""
            class C
            {
                int field;
                int Property { get; set; }

                void M(int parameter)
                {
                    var local = 1;
                    Use({{expression}});
                }

                static void Use(object value) { }
            }
            """;

        var (argument, _) = await ArgumentOfUseAsync(source);
        Assert.Equal(expected, argument.ReferencedSymbol()?.Name);
    }

    private static async Task<(IOperation Argument, KnownTypes Types)> ArgumentOfUseAsync(string source)
    {
        var references = await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("probe", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().Single(i => i.Expression.ToString() == "Use");
        var invocation = (IInvocationOperation)model.GetOperation(call)!;
        return (invocation.Arguments[0].Value, KnownTypes.For(compilation));
    }
}
