using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using SocketVsHttp.WebSockets;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.WebSockets.WebSocketReceiveLoopIgnoresCloseAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.WebSockets.WebSocketReceiveLoopIgnoresCloseAnalyzer, SocketVsHttp.WebSockets.WebSocketReceiveLoopIgnoresCloseFixer>;

namespace SocketVsHttp.Tests.WebSockets;

public class SVH301Tests
{
    private const string Usings = """
        using System;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task WhileTrue_ArraySegment_ClientWebSocket() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task MessageArgumentIsTheReceivingExpression() => Verify.VerifyAsync(Usings + """
        class C
        {
            private readonly ClientWebSocket socket = new();

            async Task Run(CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await this.socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH301).WithSpan(14, 32, 14, 92).WithArguments("this.socket.ReceiveAsync", "never checks for a Close message", "throws or spins instead of completing the close handshake"));

    [Fact]
    public Task StateLoop_Memory_ServerWebSocket_OnlyTextChecked() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Echo(WebSocket socket, CancellationToken ct)
            {
                var buffer = new byte[4096];
                while (socket.State == WebSocketState.Open)
                {
                    var result = await {|SVH301:socket.ReceiveAsync(buffer.AsMemory(), ct)|};
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Text, result.EndOfMessage, ct);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task StateLoop_WithoutAnyMessageTypeCheck() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Echo(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[4096];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    await ws.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, ct);
                }

                await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
            }
        }
        """);

    [Fact]
    public Task DiscardedResult_ForLoop_DoLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Drain(ClientWebSocket ws, Memory<byte> buffer)
            {
                for (;;)
                {
                    await {|SVH301:ws.ReceiveAsync(buffer, CancellationToken.None)|};
                }
            }

            async Task Count(ClientWebSocket ws, byte[] buffer)
            {
                var total = 0;
                do
                {
                    _ = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), default)|};
                    total += (await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|}).Count;
                }
                while (total < 100);
            }
        }
        """);

    [Fact]
    public Task ConfigureAwait_And_SyncOverAsync() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|}.ConfigureAwait(false);
                    Console.WriteLine(result.Count);
                }
            }

            void Blocking(ClientWebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    var result = {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None)|}.GetAwaiter().GetResult();
                    var other = {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None)|}.Result;
                    Console.WriteLine(result.Count + other.Count);
                }
            }
        }
        """);

    [Fact]
    public Task SwitchWithoutCloseOrDefault() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Text:
                            Console.WriteLine("text");
                            break;
                        case WebSocketMessageType.Binary:
                            Console.WriteLine("binary");
                            break;
                    }

                    Console.WriteLine($"{result.MessageType} {result.Count}");
                }
            }

            async Task DataPatternWithoutElse(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), ct)|};
                    if (result.MessageType is WebSocketMessageType.Text or WebSocketMessageType.Binary)
                    {
                        Console.WriteLine(result.Count);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task NestedLoops_NoCheckAnywhere() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    WebSocketReceiveResult result;
                    var length = 0;
                    do
                    {
                        result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), ct)|};
                        length += result.Count;
                    }
                    while (!result.EndOfMessage);
                    Console.WriteLine(length);
                }
            }
        }
        """);

    [Fact]
    public Task TopLevelStatements() => Verify.VerifyProgramAsync("""
        using System;
        using System.Net.WebSockets;
        using System.Threading;

        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri("ws://localhost:5000"), CancellationToken.None);
        var buffer = new byte[1024];
        while (ws.State == WebSocketState.Open)
        {
            var result = await {|SVH301:ws.ReceiveAsync(buffer, CancellationToken.None)|};
            Console.WriteLine(result.Count);
        }
        """);

    [Fact]
    public Task Lambda_LocalFunction_AsyncVoid() => Verify.VerifyAsync(Usings + """
        class C
        {
            Task Start(WebSocket ws, CancellationToken ct) => Task.Run(async () =>
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer, ct)|};
                    Console.WriteLine(result.Count);
                }
            });

            async Task Outer(WebSocket ws)
            {
                await Pump();

                async Task Pump()
                {
                    var buffer = new byte[1024];
                    while (true)
                    {
                        var result = await {|SVH301:ws.ReceiveAsync(buffer, default)|};
                        Console.WriteLine(result.EndOfMessage);
                    }
                }
            }

            async void OnConnected(object sender, EventArgs e)
            {
                var ws = (WebSocket)sender;
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Theory]
    [InlineData("net48")]
    [InlineData("netstandard2.0")]
    public Task OlderTargets_ArraySegmentOverload(string target) => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """,
        target == "net48" ? TestReferences.Net48 : TestReferences.NetStandard20);

    [Fact]
    public Task CloseComparison_WhosePathDoesNotLeaveCloseOrThrow() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task EmptyIf(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                    }

                    Console.WriteLine(result.Count);
                }
            }

            async Task NotCloseOnlySkipsThePayload(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType != WebSocketMessageType.Close)
                    {
                        Console.WriteLine(result.Count);
                    }
                }
            }

            async Task OnlyLogs(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (ws.State == WebSocketState.Open)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), ct)|};
                    if (result.MessageType is WebSocketMessageType.Close)
                    {
                        Console.WriteLine("peer closed");
                    }
                    else
                    {
                        Console.WriteLine(result.Count);
                    }
                }
            }

            async Task SwitchCaseOnlyLeavesTheSwitch(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            break;
                        default:
                            Console.WriteLine(result.Count);
                            break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task CloseAsyncOnAnotherSocket_IsNotHandling() => Verify.VerifyAsync(Usings + """
        class Reconnecting
        {
            private ClientWebSocket? previous;

            async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType == WebSocketMessageType.Close && previous is not null)
                    {
                        await previous.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    }

                    Console.WriteLine(result.Count);
                }
            }

            async Task CloseOldOnEmptyRead(ClientWebSocket ws, ClientWebSocket old, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.Count == 0)
                    {
                        await old.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    }
                }
            }
        }
        """);

    // ---------- negatives ----------
    [Fact]
    public Task ClosePathsThatLeaveCloseOrThrow() => Verify.VerifyAsync(Usings + """
        class C
        {
            private bool running = true;

            async Task CloseAndBreak(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    Console.WriteLine(r.Count);
                }
            }

            async Task StateLoopClosesWithoutBreak(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (ws.State == WebSocketState.Open)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close)
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    else
                        Console.WriteLine(r.Count);
                }
            }

            async Task NotCloseElseCloses(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType != WebSocketMessageType.Close)
                    {
                        Console.WriteLine(r.Count);
                    }
                    else
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        return;
                    }
                }
            }

            async Task NotCloseContinuesThenCloses(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (!(r.MessageType == WebSocketMessageType.Close))
                    {
                        Console.WriteLine(r.Count);
                        continue;
                    }

                    await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    break;
                }
            }

            async Task SwitchCaseReturns(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    switch (r.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            return;
                        case WebSocketMessageType.Text:
                            Console.WriteLine(r.Count);
                            break;
                    }
                }
            }

            async Task Throws(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("closed");
                    Console.WriteLine(r.Count);
                }
            }

            async Task FlagReadByTheLoopCondition(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (running)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        running = false;
                    }
                }
            }

            async Task FlagCheckedLater(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    var closed = false;
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        closed = true;
                    }

                    if (closed) break;
                }
            }

            async Task CancelsOrCallsAProjectMethod(WebSocket ws, byte[] buffer, CancellationTokenSource cts)
            {
                while (!cts.IsCancellationRequested)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), cts.Token);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        cts.Cancel();
                    }
                }
            }

            async Task ProjectHelper(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        await OnClosedAsync(ws);
                    }
                }
            }

            async Task BreakOutOfTheOuterLoop(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    }
                    while (!r.EndOfMessage);

                    if (r.MessageType == WebSocketMessageType.Close) break;
                }
            }

            public event EventHandler? Closed;

            async Task RaisesAnEvent(WebSocket ws, byte[] buffer, Func<Task> onClose, CancellationToken ct)
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        Closed?.Invoke(this, EventArgs.Empty);
                    }
                    else if (r.Count == 0)
                    {
                        await onClose();
                    }
                }
            }

            static Task OnClosedAsync(WebSocket ws) => ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, default);
        }
        """);


    [Fact]
    public Task CloseComparedInIf() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task ClosePattern_SwitchCase_SwitchExpression() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Pattern(WebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), default);
                    if (result.MessageType is WebSocketMessageType.Close) return;
                }
            }

            async Task Switch(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Text:
                            Console.WriteLine("text");
                            break;
                        case WebSocketMessageType.Close:
                            await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            return;
                    }
                }
            }

            async Task SwitchExpression(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                var open = true;
                while (open)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    open = result.MessageType switch
                    {
                        WebSocketMessageType.Close => false,
                        _ => true,
                    };
                }
            }
        }
        """);

    [Fact]
    public Task CloseStatusChecks() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task ResultCloseStatus(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.CloseStatus.HasValue) break;
                }
            }

            async Task SocketCloseStatusInCondition(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (!ws.CloseStatus.HasValue)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    Console.WriteLine(result.Count);
                }
            }

            async Task NotNull(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.CloseStatus is not null || ws.CloseStatus != null) return;
                }
            }
        }
        """);

    [Fact]
    public Task MicrosoftEchoSample() => Verify.VerifyAsync(Usings + """
        class C
        {
            static async Task Echo(WebSocket webSocket)
            {
                var buffer = new byte[1024 * 4];
                var receiveResult = await webSocket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);

                while (!receiveResult.CloseStatus.HasValue)
                {
                    await webSocket.SendAsync(
                        new ArraySegment<byte>(buffer, 0, receiveResult.Count),
                        receiveResult.MessageType,
                        receiveResult.EndOfMessage,
                        CancellationToken.None);

                    receiveResult = await webSocket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                }

                await webSocket.CloseAsync(receiveResult.CloseStatus.Value, receiveResult.CloseStatusDescription, CancellationToken.None);
            }
        }
        """);

    [Fact]
    public Task SingleReceiveOutsideLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<int> ReadOnce(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                return result.Count;
            }
        }
        """);

    [Fact]
    public Task ResultPassedWholeToHelper_OrReturned() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (!Handle(result)) break;
                }
            }

            async Task RunInline(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (Handle(await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)))
                {
                }
            }

            async Task<ValueWebSocketReceiveResult> Skip(WebSocket ws, byte[] buffer)
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(buffer.AsMemory(), default);
                }
                while (result.Count == 0);
                return result;
            }

            static bool Handle(WebSocketReceiveResult result) => result.MessageType != WebSocketMessageType.Close;
        }
        """);

    [Fact]
    public Task NotWebSocketReceiveAsync() => Verify.VerifyAsync(Usings + """
        class FakeSocket
        {
            public Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken ct) =>
                Task.FromResult(new WebSocketReceiveResult(0, WebSocketMessageType.Text, true));
        }

        class C
        {
            async Task Run(FakeSocket socket, System.Net.Sockets.Socket raw, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    var count = await raw.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, ct);
                    Console.WriteLine(result.Count + count);
                }
            }
        }
        """);

    [Fact]
    public Task OtherMessageTypesGetTheirOwnPath() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task NotText(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType != WebSocketMessageType.Text) break;
                }
            }

            async Task NotDataPattern(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    if (result.MessageType is not (WebSocketMessageType.Text or WebSocketMessageType.Binary)) return;
                }
            }

            async Task TextElse(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        Console.WriteLine(result.Count);
                    }
                    else if (result.MessageType == WebSocketMessageType.Binary)
                    {
                        Console.WriteLine(-result.Count);
                    }
                    else
                    {
                        return;
                    }
                }
            }

            async Task SwitchDefault(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Text:
                            continue;
                        default:
                            return;
                    }
                }
            }

            async Task WhileText(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                WebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                }
                while (result.MessageType == WebSocketMessageType.Text);
            }
        }
        """);

    [Fact]
    public Task CheckInOuterLoop_OrAfterTheInnerLoop() => Verify.VerifyAsync(Usings + """
        using System.IO;

        class C
        {
            async Task Outer(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    WebSocketReceiveResult result;
                    using var message = new MemoryStream();
                    do
                    {
                        result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        message.Write(buffer, 0, result.Count);
                    }
                    while (!result.EndOfMessage);

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                }
            }

            async Task<string?> ReadMessage(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
            {
                ValueWebSocketReceiveResult result;
                var length = 0;
                do
                {
                    result = await ws.ReceiveAsync(buffer.AsMemory(length), ct);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                return result.MessageType == WebSocketMessageType.Close ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
            }
        }
        """);

    [Fact]
    public Task CloseInsideLoop_StateCloseReceived() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task EmptyReadCloses(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.Count == 0)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }
                }
            }

            async Task StateCheck(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (ws.State == WebSocketState.CloseReceived) break;
                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task TaskNotAwaitedInPlace_OrReceiveInLambdaInsideLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task WithTimeout(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var receive = ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (await Task.WhenAny(receive, Task.Delay(1000)) != receive) break;
                    Console.WriteLine(receive.Result.Count);
                }
            }

            void Loop(WebSocket ws, byte[] buffer)
            {
                for (var i = 0; i < 3; i++)
                {
                    Func<Task<int>> once = async () => (await ws.ReceiveAsync(buffer.AsMemory(), default)).Count;
                    once();
                }
            }
        }
        """);

    // ---------- code fix ----------

    [Fact]
    public Task Fix_InsertsCloseCheckAfterTheStoringStatement_KeepsComments() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    // read one frame
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|}; // trailing note
                    Console.WriteLine(result.Count);
                }
            }
        }
        """, Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    // read one frame
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct); // trailing note
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_MemoryOverload_DefaultToken_StateLoop() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Echo(WebSocket socket)
            {
                var buffer = new byte[4096];
                while (socket.State == WebSocketState.Open)
                {
                    var message = await {|SVH301:socket.ReceiveAsync(buffer.AsMemory(), default)|};
                    if (message.MessageType == WebSocketMessageType.Text)
                    {
                        await socket.SendAsync(buffer.AsMemory(0, message.Count), WebSocketMessageType.Text, message.EndOfMessage, default);
                    }
                }
            }
        }
        """, Usings + """
        class C
        {
            async Task Echo(WebSocket socket)
            {
                var buffer = new byte[4096];
                while (socket.State == WebSocketState.Open)
                {
                    var message = await socket.ReceiveAsync(buffer.AsMemory(), default);
                    if (message.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }

                    if (message.MessageType == WebSocketMessageType.Text)
                    {
                        await socket.SendAsync(buffer.AsMemory(0, message.Count), WebSocketMessageType.Text, message.EndOfMessage, default);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_NoUsings_MemberAccessReceiverAndToken_AssignmentToOuterLocal_ConfigureAwait() => VerifyFix.VerifyAsync("""
        class C
        {
            private readonly System.Net.WebSockets.ClientWebSocket socket = new();
            private readonly System.Threading.CancellationTokenSource cts = new();

            async System.Threading.Tasks.Task Run(byte[] buffer)
            {
                System.Net.WebSockets.ValueWebSocketReceiveResult last;
                do
                {
                    last = await {|SVH301:this.socket.ReceiveAsync(buffer.AsMemory(), cts.Token)|}.ConfigureAwait(false);
                }
                while (last.Count > 0);
            }
        }
        """.Replace("buffer.AsMemory()", "new System.Memory<byte>(buffer)"), """
        class C
        {
            private readonly System.Net.WebSockets.ClientWebSocket socket = new();
            private readonly System.Threading.CancellationTokenSource cts = new();

            async System.Threading.Tasks.Task Run(byte[] buffer)
            {
                System.Net.WebSockets.ValueWebSocketReceiveResult last;
                do
                {
                    last = await this.socket.ReceiveAsync(buffer.AsMemory(), cts.Token).ConfigureAwait(false);
                    if (last.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                    {
                        await this.socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, cts.Token).ConfigureAwait(false);
                        break;
                    }
                }
                while (last.Count > 0);
            }
        }
        """.Replace("buffer.AsMemory()", "new System.Memory<byte>(buffer)"));

    [Fact]
    public Task Fix_TopLevelStatements()
    {
        var test = VerifyFix.Create("""
            using System;
            using System.Net.WebSockets;
            using System.Threading;

            using var ws = new ClientWebSocket();
            var buffer = new byte[1024];
            while (ws.State == WebSocketState.Open)
            {
                var result = await {|SVH301:ws.ReceiveAsync(buffer, CancellationToken.None)|};
                Console.WriteLine(result.Count);
            }
            """, """
            using System;
            using System.Net.WebSockets;
            using System.Threading;

            using var ws = new ClientWebSocket();
            var buffer = new byte[1024];
            while (ws.State == WebSocketState.Open)
            {
                var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    break;
                }

                Console.WriteLine(result.Count);
            }
            """, TestReferences.Net100);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task FixAll_SeveralLoops_LambdaAndLocalFunction() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            Task Start(WebSocket ws, CancellationToken ct) => Task.Run(async () =>
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer, ct)|};
                    Console.WriteLine(result.Count);
                }
            });

            async Task Outer(ClientWebSocket ws)
            {
                await Pump();

                async Task Pump()
                {
                    var buffer = new byte[1024];
                    for (;;)
                    {
                        var frame = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None)|};
                        Console.WriteLine(frame.Count);
                    }
                }
            }

            async void OnConnected(object sender, EventArgs e)
            {
                var ws = (WebSocket)sender;
                var buffer = new byte[1024];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """, Usings + """
        class C
        {
            Task Start(WebSocket ws, CancellationToken ct) => Task.Run(async () =>
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer, ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    Console.WriteLine(result.Count);
                }
            });

            async Task Outer(ClientWebSocket ws)
            {
                await Pump();

                async Task Pump()
                {
                    var buffer = new byte[1024];
                    for (;;)
                    {
                        var frame = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                        if (frame.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                            break;
                        }

                        Console.WriteLine(frame.Count);
                    }
                }
            }

            async void OnConnected(object sender, EventArgs e)
            {
                var ws = (WebSocket)sender;
                var buffer = new byte[1024];
                while (ws.State == WebSocketState.Open)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), default);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }

                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    /// <summary>
    /// One Close check anywhere in the loop satisfies the rule, so fixing the first receive settles the loop;
    /// Fix All fixes every receive it was given.
    /// </summary>
    [Fact]
    public Task Fix_TwoReceivesInOneLoop()
    {
        var source = Usings + """
            class C
            {
                async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
                {
                    while (true)
                    {
                        var header = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                        var body = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                        Console.WriteLine(header.Count + body.Count);
                    }
                }
            }
            """;
        var test = VerifyFix.Create(source, Usings + """
            class C
            {
                async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
                {
                    while (true)
                    {
                        var header = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        if (header.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                        }

                        var body = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        Console.WriteLine(header.Count + body.Count);
                    }
                }
            }
            """, TestReferences.Net100);
        test.BatchFixedState.Sources.Add(Usings + """
            class C
            {
                async Task Run(ClientWebSocket ws, byte[] buffer, CancellationToken ct)
                {
                    while (true)
                    {
                        var header = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        if (header.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                        }

                        var body = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        if (body.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                        }

                        Console.WriteLine(header.Count + body.Count);
                    }
                }
            }
            """);
        test.BatchFixedState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.NumberOfIncrementalIterations = 1;
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_Net48() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """, Usings + """
        class C
        {
            async Task Run(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    Console.WriteLine(result.Count);
                }
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task Fix_EmptyCloseBranch_And_NotCloseSkip_GetTheCheckInFront() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Empty(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                    }

                    Console.WriteLine(result.Count);
                }
            }

            async Task Skip(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType != WebSocketMessageType.Close)
                    {
                        Console.WriteLine(result.Count);
                    }
                }
            }
        }
        """, Usings + """
        class C
        {
            async Task Empty(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                    }

                    Console.WriteLine(result.Count);
                }
            }

            async Task Skip(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    if (result.MessageType != WebSocketMessageType.Close)
                    {
                        Console.WriteLine(result.Count);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_CaseCloseThatOnlyLeavesTheSwitch_GetsTheCheckInFront() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), ct)|};
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            break;
                        default:
                            Console.WriteLine(result.Count);
                            break;
                    }
                }
            }
        }
        """, Usings + """
        class C
        {
            async Task Run(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                        break;
                    }

                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            break;
                        default:
                            Console.WriteLine(result.Count);
                            break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_WhenACloseBranchDoesSomethingElse() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            async Task Logs(WebSocket ws, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        Console.WriteLine("closed");
                    }
                }
            }

            async Task ClosesTheOldSocket(WebSocket ws, WebSocket old, byte[] buffer, CancellationToken ct)
            {
                while (true)
                {
                    var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};
                    switch (result.MessageType)
                    {
                        case WebSocketMessageType.Close:
                            await old.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_ResultNotStored_OrSyncOverAsync() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            async Task Drain(ClientWebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|};
                    Console.WriteLine((await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|}).Count);
                }
            }

            void Blocking(ClientWebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    var result = {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None)|}.GetAwaiter().GetResult();
                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_BreakWouldNotLeaveTheReceiveLoop() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            async Task InSwitchSection(ClientWebSocket ws, byte[] buffer, int mode)
            {
                while (true)
                {
                    switch (mode)
                    {
                        case 1:
                            var result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|};
                            Console.WriteLine(result.Count);
                            break;
                    }
                }
            }

            async Task NestedLoop(ClientWebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    ValueWebSocketReceiveResult result;
                    do
                    {
                        result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|};
                    }
                    while (!result.EndOfMessage);
                }
            }

            async Task EmbeddedStatement(ClientWebSocket ws, byte[] buffer)
            {
                ValueWebSocketReceiveResult result;
                while (true)
                    result = await {|SVH301:ws.ReceiveAsync(buffer.AsMemory(), default)|};
            }
        }
        """);

    [Fact]
    public Task NoFix_ReceiverNotASimpleReference() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            private ClientWebSocket GetSocket() => new();

            async Task Run(byte[] buffer)
            {
                while (true)
                {
                    var result = await {|SVH301:GetSocket().ReceiveAsync(buffer.AsMemory(), default)|};
                    Console.WriteLine(result.Count);
                }
            }
        }
        """);

    /// <summary>Syntax errors around and after a valid receive: no crash, the valid loop is still reported and fixed.</summary>
    [Fact]
    public Task BrokenCode_NoCrash()
    {
        const string tail = """
                        if (result.MessageType == )
                        var other = await ws.ReceiveAsync(
                    }
                }

                async Task Partial(WebSocket ws, Undefined u)
                {
                    while (true) { var r = await ws.ReceiveAsync(; u.Handle(r); }
                    for (;;) { var r2 = await u.ReceiveAsync(new ArraySegment<byte>(), default); }
                }
            """;
        var test = VerifyFix.Create(Usings + """
            class C
            {
                async Task Run(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[16];
                    while (true)
                    {
                        var result = await {|SVH301:ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct)|};

            """ + tail, Usings + """
            class C
            {
                async Task Run(WebSocket ws, CancellationToken ct)
                {
                    var buffer = new byte[16];
                    while (true)
                    {
                        var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        if (result.MessageType == WebSocketMessageType.Close)
                        {
                            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                            break;
                        }


            """ + tail, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    // ---------- Close answered, but the endless loop never leaves ----------

    [Fact]
    public Task Close_answered_in_an_endless_loop_without_a_way_out_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Serve(WebSocket webSocket)
            {
                var buffer = new byte[1024];
                try
                {
                    while (true)
                    {
                        if (webSocket.State == WebSocketState.Closed)
                            continue;

                        var res = await webSocket.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                        if (res.MessageType == WebSocketMessageType.Close)
                            await webSocket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        else
                            Console.WriteLine(res.Count);
                    }
                }
                catch (WebSocketException e)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH301).WithSpan(17, 33, 17, 111).WithArguments(
            "webSocket.ReceiveAsync",
            "closes the WebSocket on Close but is endless with no way out (no break, return or throw)",
            "goes round again on the closed WebSocket: it spins, or its next receive throws"));

    [Fact]
    public Task Close_answered_in_loops_that_can_end_is_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Breaks(WebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    var res = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                    if (res.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        break;
                    }
                }
            }

            async Task WhileOpen(WebSocket ws, byte[] buffer)
            {
                while (ws.State == WebSocketState.Open)
                {
                    var res = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                    if (res.MessageType == WebSocketMessageType.Close)
                        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }
            }

            async Task Notifies(WebSocket ws, byte[] buffer)
            {
                while (true)
                {
                    var res = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                    if (res.MessageType == WebSocketMessageType.Close)
                    {
                        await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        OnClosed();
                    }
                }
            }

            void OnClosed() => throw new OperationCanceledException();
        }
        """);
}
