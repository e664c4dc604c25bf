using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH302;

/// <summary>
/// A WebSocket server sends text messages, each fragmented into three frames (endOfMessage false, false, true), then closes.
/// Measures what the client's handler receives: whole messages (equal to one that was sent) versus broken pieces.
/// </summary>
public sealed class SVH302Scenario : Scenario<Func<Uri, Action<string>, CancellationToken, Task>, SVH302Scenario.Measurement>
{
    public const string Sent = "messages sent (3 frames each)";
    public const string Handled = "strings handed to the handler";
    public const string Whole = "whole messages handled";
    public const string Broken = "broken pieces handled";
    public const string Elapsed = "elapsed";

    public const int MessageCount = 20;
    public const int FramesPerMessage = 3;

    /// <summary>Handled strings the callback tolerates before it stops the variant (3 per message is the most a sane run can produce).</summary>
    public const int HandledCap = 10 * MessageCount * FramesPerMessage;

    public override string RuleId => "SVH302";

    public override string Title => "WebSocket message handled per frame";

    public override string Measures => $"server sends {MessageCount} text messages, each in {FramesPerMessage} frames: strings the handler gets, how many are whole messages and how many broken pieces, elapsed time";

    protected override Func<Uri, Action<string>, CancellationToken, Task> BadCode => Bad.MessageListener.ListenAsync;

    protected override Func<Uri, Action<string>, CancellationToken, Task> FixedCode => Fixed.MessageListener.ListenAsync;

    protected override WarmUp WarmUp => WarmUp.FullRun;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Sent, "count", _ => MessageCount),
        new(Handled, "count", m => m.Handled),
        new(Whole, "count", m => m.Whole),
        new(Broken, "count", m => m.Broken),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = fixedRun.Outcome.Completed && fixedRun.Whole == MessageCount && fixedRun.Broken == 0
            && bad.Outcome.Completed && bad.Broken >= MessageCount && bad.Whole == 0;
        return ScenarioVerdict.From(
            confirmed,
            $"handling per frame turned {MessageCount} messages into {bad.Broken} broken pieces and 0 whole messages; accumulating until EndOfMessage handled all {fixedRun.Whole} whole, 0 broken",
            $"expected bad: 0 whole and >= {MessageCount} broken, fixed: {MessageCount} whole and 0 broken; measured bad {bad.Whole} whole / {bad.Broken} broken ({bad.Outcome.Describe()}), fixed {fixedRun.Whole} whole / {fixedRun.Broken} broken ({fixedRun.Outcome.Describe()})");
    }

    /// <summary>A JSON-like text with non-ASCII characters, so a frame boundary can also split a UTF-8 sequence.</summary>
    public static string Message(int index) => $"{{\"id\":{index},\"city\":\"Zürich\",\"note\":\"größer – naïve café {index}\"}}";

    /// <summary>Sends <paramref name="text"/> as one message in <see cref="FramesPerMessage"/> frames of about equal byte size.</summary>
    private static async Task SendFragmentedAsync(WebSocket socket, string text, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var size = (bytes.Length + FramesPerMessage - 1) / FramesPerMessage;
        for (var frame = 0; frame < FramesPerMessage; frame++)
        {
            var start = Math.Min(frame * size, bytes.Length);
            var length = Math.Min(size, bytes.Length - start);
            var last = frame == FramesPerMessage - 1;
            await socket.SendAsync(new ArraySegment<byte>(bytes, start, length), WebSocketMessageType.Text, last, ct).ConfigureAwait(false);
        }
    }

    protected override async Task<Measurement> MeasureAsync(
        Func<Uri, Action<string>, CancellationToken, Task> listen,
        ScenarioSettings settings,
        CancellationToken ct)
    {
        await using var server = await LoopbackWebSocketServer.StartAsync(
            async (socket, token) =>
            {
                for (var i = 1; i <= MessageCount; i++)
                {
                    await SendFragmentedAsync(socket, Message(i), token).ConfigureAwait(false);
                }

                await LoopbackWebSocketServer.CloseAndObserveAsync(socket, WebSocketCloseStatus.NormalClosure, settings.Bound, token).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);

        var sent = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 1; i <= MessageCount; i++)
        {
            sent.Add(Message(i));
        }

        var handled = 0;
        var whole = 0;
        var broken = 0;
        void OnMessage(string text)
        {
            handled++;
            if (sent.Contains(text))
            {
                whole++;
            }
            else
            {
                broken++;
            }

            if (handled >= HandledCap)
            {
                throw new BoundReachedException($"{HandledCap} handled strings");
            }
        }

        var outcome = await Bounded.RunAsync(token => listen(server.Uri, OnMessage, token), settings.Bound, ct: ct).ConfigureAwait(false);
        return new Measurement(handled, whole, broken, outcome);
    }

    public sealed record Measurement(int Handled, int Whole, int Broken, VariantOutcome Outcome) : IVariantRun;
}
