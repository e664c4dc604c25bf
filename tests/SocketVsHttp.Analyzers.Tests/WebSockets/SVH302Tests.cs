using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.WebSockets.MessageHandledPerFrameAnalyzer>;

namespace SocketVsHttp.Tests.WebSockets;

public class SVH302Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net.WebSockets;
        using System.Text;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task GetString_PerFrame_InLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(ClientWebSocket ws, Action<string> onMessage, CancellationToken ct)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        break;
                    }

                    onMessage({|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|});
                }
            }
        }
        """);

    [Fact]
    public Task MessageText_And_Span() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<string> ReceiveText(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                return Encoding.UTF8.GetString(buffer, 0, result.Count);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH302).WithSpan(15, 16, 15, 64)
            .WithMessage("The received buffer is handled without checking EndOfMessage: a fragmented message is processed in broken pieces"));

    [Fact]
    public Task MemoryOverload_ValueTaskResult_CountLocal() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, CancellationToken ct)
            {
                Memory<byte> buffer = new byte[4096];
                while (ws.State == WebSocketState.Open)
                {
                    var count = (await ws.ReceiveAsync(buffer, ct)).Count;
                    Console.WriteLine({|SVH302:Encoding.UTF8.GetString(buffer.Span.Slice(0, count))|});
                }
            }
        }
        """);

    [Fact]
    public Task JsonSerializer_And_JsonDocument() => Verify.VerifyAsync(Usings + """
        record Quote(string Symbol, decimal Price);

        class C
        {
            async Task Listen(WebSocket ws, Action<Quote?> onQuote, CancellationToken ct)
            {
                var buffer = new byte[8192];
                for (;;)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    onQuote({|SVH302:JsonSerializer.Deserialize<Quote>(buffer.AsSpan(0, result.Count))|});
                    using var doc = {|SVH302:JsonDocument.Parse(buffer.AsMemory(0, result.Count))|};
                }
            }
        }
        """);

    [Fact]
    public Task Callback_GivenBufferAndCount_And_SegmentLocal() => Verify.VerifyAsync(Usings + """
        class C
        {
            public event Action<ArraySegment<byte>>? FrameArrived;

            async Task Listen(WebSocket ws, Action<byte[], int> onData, CancellationToken ct)
            {
                var buffer = new byte[4096];
                var segment = new ArraySegment<byte>(buffer);
                while (!ct.IsCancellationRequested)
                {
                    WebSocketReceiveResult result = await ws.ReceiveAsync(segment, ct);
                    {|SVH302:onData(buffer, result.Count)|};
                    var frame = new ArraySegment<byte>(buffer, 0, result.Count);
                    {|SVH302:FrameArrived?.Invoke(frame)|};
                }
            }
        }
        """);

    [Fact]
    public Task SyncOverAsync_AssignmentForm_FieldBuffer() => Verify.VerifyAsync(Usings + """
        class C
        {
            private readonly byte[] buffer = new byte[512];

            void Listen(WebSocket ws)
            {
                WebSocketReceiveResult result;
                do
                {
                    result = ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None).GetAwaiter().GetResult();
                    Console.WriteLine({|SVH302:Encoding.ASCII.GetString(buffer, 0, result.Count)|});
                }
                while (result.MessageType != WebSocketMessageType.Close);
            }
        }
        """);

    [Fact]
    public Task TopLevelStatements() => Verify.VerifyProgramAsync(Usings + """
        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri("ws://127.0.0.1:5000/"), default);
        var buffer = new byte[1024];
        while (ws.State == WebSocketState.Open)
        {
            var result = await ws.ReceiveAsync(buffer, default);
            if (result.MessageType == WebSocketMessageType.Close) break;
            Console.WriteLine({|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|});
        }
        """);

    [Fact]
    public Task LambdaAndLocalFunction() => Verify.VerifyAsync(Usings + """
        class C
        {
            Func<WebSocket, Task<string>> Receive = async ws =>
            {
                var buffer = new byte[256];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), default);
                return {|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|};
            };

            async Task Run(WebSocket ws)
            {
                Console.WriteLine(await Next());

                async Task<string> Next()
                {
                    var buffer = new byte[256];
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), default);
                    return {|SVH302:Encoding.UTF8.GetString(buffer.AsSpan(0, result.Count))|};
                }
            }
        }
        """);

    [Fact]
    public Task NetFramework48() => Verify.VerifyWithoutStubsAsync("""
        using System;
        using System.Net.WebSockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        class C
        {
            async Task Listen(ClientWebSocket ws, Action<string> onMessage)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    onMessage({|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|});
                }
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task TwoReceivesInOneMember_EachSinkReportedOnce() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var first = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine({|SVH302:Encoding.UTF8.GetString(buffer, 0, first.Count)|});
                var second = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine({|SVH302:Encoding.UTF8.GetString(buffer, 0, second.Count)|});
            }
        }
        """);

    [Fact]
    public Task FirstReceiveInLambda_MemberBodyReceiveAnalyzedToo() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                Func<Task<string>> next = async () =>
                {
                    var inner = new byte[256];
                    var r = await ws.ReceiveAsync(new ArraySegment<byte>(inner), ct);
                    return {|SVH302:Encoding.UTF8.GetString(inner, 0, r.Count)|};
                };
                var buffer = new byte[1024];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine({|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|});
            }
        }
        """);

    // ---------- negatives ----------

    [Fact]
    public Task AccumulatesUntilEndOfMessage_MemoryStream() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, Action<string> onMessage, CancellationToken ct)
            {
                var buffer = new byte[4096];
                using var message = new MemoryStream();
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        onMessage(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                        message.SetLength(0);
                    }
                }
            }
        }
        """);

    [Fact]
    public Task InnerLoopUntilEndOfMessage_OffsetIntoBuffer() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<string> ReceiveMessage(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[64 * 1024];
                var total = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await ws.ReceiveAsync(buffer.AsMemory(total), ct);
                    total += result.Count;
                }
                while (!result.EndOfMessage);
                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
        """);

    [Fact]
    public Task EndOfMessageInAnyCondition_ListAppend() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, Action<byte[]> onMessage, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var parts = new List<byte>();
                while (ws.State == WebSocketState.Open)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    parts.AddRange(new ArraySegment<byte>(buffer, 0, result.Count));
                    if (!result.EndOfMessage || result.MessageType == WebSocketMessageType.Close) continue;
                    onMessage(parts.ToArray());
                    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
                    parts.Clear();
                }
            }
        }
        """);

    [Fact]
    public Task ClosePayloadDecoded_InClosePath() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[125];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }

                switch (result.MessageType)
                {
                    case WebSocketMessageType.Close:
                        Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
                        break;
                }

                if (result.MessageType != WebSocketMessageType.Close) { }
                else Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        """);

    [Fact]
    public Task OnlyCountAndMessageTypeUsed() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task<long> Drain(WebSocket ws, Action<WebSocketMessageType, int> onFrame, CancellationToken ct)
            {
                var buffer = new byte[1024];
                long total = 0;
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close) return total;
                    total += result.Count;
                    onFrame(result.MessageType, result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task BinaryStreaming_EveryFrameWrittenToStream() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Download(WebSocket ws, Stream file, CancellationToken ct)
            {
                var buffer = new byte[16 * 1024];
                while (true)
                {
                    var result = await ws.ReceiveAsync(buffer.AsMemory(), ct);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    await file.WriteAsync(buffer.AsMemory(0, result.Count), ct);
                    file.Write(buffer, 0, result.Count);
                    Buffer.BlockCopy(buffer, 0, new byte[result.Count], 0, result.Count);
                }
            }
        }
        """);

    [Fact]
    public Task ResultHandedToHelper_Unknown() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                while (true)
                {
                    var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (IsLastFrame(result)) break;
                    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
                }
            }

            static bool IsLastFrame(WebSocketReceiveResult result) => result.MessageType == WebSocketMessageType.Close;
        }
        """);

    [Fact]
    public Task DecodeOfOtherBuffer_And_CallbackWithoutBytes() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Listen(WebSocket ws, byte[] other, Action<byte[]> onBuffer, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine(Encoding.UTF8.GetString(other, 0, result.Count));
                onBuffer(other);
                onBuffer(buffer); // no count: unknown framing, not flagged
            }
        }
        """);

    [Fact]
    public Task DecodeBeforeReceive_NotInLoop() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                var buffer = Encoding.UTF8.GetBytes("hello");
                Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, buffer.Length));
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine(result.Count);
            }
        }
        """);

    [Fact]
    public Task StoredTask_NotFollowed() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var pending = ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                var result = await pending;
                Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
        }
        """);

    [Fact]
    public Task EndOfMessageReadInLambdaOfTheMember() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(WebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.Count));
                Func<WebSocketReceiveResult, bool> isLast = r => r.EndOfMessage;
            }
        }
        """);

    [Fact]
    public Task NoWebSocketReference() => Verify.VerifyWithoutStubsAsync("""
        class C
        {
            string Decode(byte[] b, int n) => System.Text.Encoding.UTF8.GetString(b, 0, n);
        }
        """, TestReferences.NetStandard20);

    [Fact]
    public async Task BrokenCode_DoesNotCrash()
    {
        var test = new CSharpAnalyzerTest<SocketVsHttp.WebSockets.MessageHandledPerFrameAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    async Task Listen(WebSocket ws, CancellationToken ct)
                    {
                        var buffer = new byte[1024];
                        while (true)
                        {
                            var result = await ws.ReceiveAsync(new ArraySegment<byte>(, ct);
                            Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, result.));
                            var r2 = await ws.ReceiveAsync();
                            Console.WriteLine(Encoding.UTF8.GetString(missing, 0, r2.Count)
                        }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }

    // ---------- EndOfMessage only copied onto an outgoing frame ----------

    [Fact]
    public Task Echo_that_decodes_each_frame_and_copies_EndOfMessage_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Echo(WebSocket ws)
            {
                var buffer = new byte[4096];
                var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                while (!result.CloseStatus.HasValue)
                {
                    var text = {|SVH302:Encoding.UTF8.GetString(buffer, 0, result.Count)|};
                    var reply = Encoding.UTF8.GetBytes("Echo: " + text);
                    await ws.SendAsync(new ArraySegment<byte>(reply), result.MessageType, result.EndOfMessage, CancellationToken.None);
                    result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), CancellationToken.None);
                }
            }
        }
        """);

    [Fact]
    public Task Relay_of_raw_frames_with_EndOfMessage_and_a_decode_that_checks_it_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Relay(WebSocket from, WebSocket to, CancellationToken ct)
            {
                var buffer = new byte[4096];
                while (true)
                {
                    var result = await from.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    await to.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, ct);
                }
            }

            async Task LogWholeMessages(WebSocket from, WebSocket to, CancellationToken ct)
            {
                var buffer = new byte[4096];
                var offset = 0;
                while (true)
                {
                    var result = await from.ReceiveAsync(new ArraySegment<byte>(buffer, offset, buffer.Length - offset), ct);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    await to.SendAsync(new ArraySegment<byte>(buffer, offset, result.Count), result.MessageType, result.EndOfMessage, ct);
                    offset += result.Count;
                    if (result.EndOfMessage)
                    {
                        Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, offset));
                        offset = 0;
                    }
                }
            }
        }
        """);
}
