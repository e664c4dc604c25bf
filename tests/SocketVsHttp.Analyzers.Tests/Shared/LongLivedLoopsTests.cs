using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary>Queries <see cref="LongLivedLoops"/> on compiled snippets: the predicate SVH203/SVH205 build on.</summary>
public class LongLivedLoopsTests
{
    [Theory]
    [InlineData("while (true) { }", true)]
    [InlineData("while (1 == 1) { }", true)]
    [InlineData("for (;;) { }", true)]
    [InlineData("for (int k = 0; ; k++) { }", true)]
    [InlineData("do { } while (true);", true)]
    [InlineData("while (!ct.IsCancellationRequested) { }", true)]
    [InlineData("while (!cts.IsCancellationRequested) { }", true)]
    [InlineData("while (socket.Connected) { }", true)]
    [InlineData("while (client.Connected && !ct.IsCancellationRequested) { }", true)]
    [InlineData("do { } while (client.Connected);", true)]
    [InlineData("while (ws.State == WebSocketState.Open) { }", true)]
    [InlineData("while (WebSocketState.Open == ws.State) { }", true)]
    [InlineData("while (ws.State != WebSocketState.Closed) { }", true)]
    [InlineData("while (running) { }", true)]
    [InlineData("while (_running) { }", true)]
    [InlineData("while (this.running) { }", true)]
    [InlineData("while (!disposed) { }", true)]
    [InlineData("while (IsRunning) { }", true)]
    [InlineData("while (flag || i < 3) { }", false)]
    [InlineData("while (running || i < 3) { }", true)]
    [InlineData("for (int j = 0; j < 10; j++) { }", false)]
    [InlineData("while (i < 3) { }", false)]
    [InlineData("while (flag) { }", false)]
    [InlineData("while (!flag) { }", false)]
    [InlineData("while (stream.DataAvailable) { }", false)]
    [InlineData("while (client.Connected && i < 3) { }", false)]
    [InlineData("while (ws.State == WebSocketState.Closed) { }", false)]
    [InlineData("while (ws.State != WebSocketState.Open) { }", false)]
    [InlineData("do { } while (false);", false)]
    [InlineData("while (false) { }", false)]
    [InlineData("foreach (var x in items) { }", false)]
    [InlineData("bool ok = true; while (_running && ok) { }", true)]
    [InlineData("bool failed = false; while (!failed && !ct.IsCancellationRequested) { }", true)]
    [InlineData("bool ok = true; while (ok) { }", false)]
    [InlineData("bool ok = true; while (ok && i < 3) { }", false)]
    [InlineData("bool ok = true; while (ok && flag) { }", false)]
    [InlineData("foreach (var x in new System.Collections.Concurrent.BlockingCollection<int>().GetConsumingEnumerable()) { }", true)]
    [InlineData("foreach (var x in new System.Collections.Concurrent.BlockingCollection<int>()) { }", false)]
    public async Task Classifies_loop(string loop, bool expected)
    {
        var source = $$"""
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Net.WebSockets;
            using System.Threading;

            class C
            {
                bool running;
                volatile bool _running;
                bool disposed;
                bool IsRunning { get; set; }

                void M(Socket socket, TcpClient client, NetworkStream stream, WebSocket ws, CancellationToken ct, CancellationTokenSource cts, bool flag, int i, List<int> items)
                {
                    {{loop}}
                }
            }
            """;

        Assert.Equal(expected, await ClassifyAsync(source));
    }

    [Fact]
    public async Task Broken_condition_does_not_throw()
    {
        var source = """
            class C
            {
                void M()
                {
                    while (undefined.Connected && ) { }
                }
            }
            """;

        Assert.False(await ClassifyAsync(source));
    }

    private static async Task<bool> ClassifyAsync(string source)
    {
        var references = await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var tree = CSharpSyntaxTree.ParseText(source);
        var compilation = CSharpCompilation.Create("probe", [tree], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);
        var loopSyntax = tree.GetRoot().DescendantNodes().OfType<StatementSyntax>()
            .First(s => s is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax);
        var loop = Assert.IsAssignableFrom<ILoopOperation>(model.GetOperation(loopSyntax));
        return LongLivedLoops.IsLongLived(loop, KnownTypes.For(compilation));
    }
}
