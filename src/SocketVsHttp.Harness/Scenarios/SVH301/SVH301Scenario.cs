using System;
using System.Collections.Generic;
using System.Net.WebSockets;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH301;

/// <summary>
/// A WebSocket server sends three messages, then closes with NormalClosure and waits for the client's
/// Close frame. Measures what the client's receive loop does with the Close and how the server saw the end.
/// </summary>
public sealed class SVH301Scenario : Scenario<Func<Uri, Action<string>, CancellationToken, Task>, SVH301Scenario.Measurement>
{
    public const string Messages = "messages handled";
    public const string EmptyResults = "Close results handed on as messages";
    public const string ExitedByItself = "loop exited by itself";
    public const string CleanClose = "server saw a clean close";
    public const string Elapsed = "elapsed";

    public const int MessageCount = 3;

    /// <summary>Empty results the handler tolerates before it stops a loop that spins on Close.</summary>
    public const int EmptyResultCap = 1000;

    public override string RuleId => "SVH301";

    public override string Title => "WebSocket receive loop ignores Close";

    public override string Measures => $"server sends {MessageCount} messages then Close: messages handled, what the loop does with the Close, whether the server got the client's Close frame, elapsed time";

    protected override Func<Uri, Action<string>, CancellationToken, Task> BadCode => Bad.FeedListener.ListenAsync;

    protected override Func<Uri, Action<string>, CancellationToken, Task> FixedCode => Fixed.FeedListener.ListenAsync;

    protected override WarmUp WarmUp => WarmUp.FullRun;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Messages, "count", m => m.Messages),
        new(EmptyResults, "count", m => m.EmptyResults),
        new(ExitedByItself, "1 = yes", m => Yes(m.Outcome.Completed)),
        new(CleanClose, "1 = yes", m => Yes(m.Server is { Clean: true })),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = fixedRun.Outcome.Completed && fixedRun.Server is { Clean: true } && fixedRun.Messages == MessageCount
            && fixedRun.EmptyResults == 0 && !bad.Outcome.Completed && bad.Server is { Clean: false };
        return ScenarioVerdict.From(
            confirmed,
            $"the bad loop {Describe(bad.Outcome)} after the Close and the server saw: {bad.Server?.Description}; the fixed loop answered the Close and exited, the server saw: {fixedRun.Server?.Description}",
            $"expected a clean close only for fixed; bad: {Describe(bad.Outcome)}, server: {bad.Server?.Description ?? "no session"}; fixed: {Describe(fixedRun.Outcome)}, server: {fixedRun.Server?.Description ?? "no session"}");
    }

    protected override string Outcome(Measurement run, ScenarioSettings settings) => Describe(run.Outcome);

    private static string Describe(VariantOutcome outcome)
        => outcome.Exception is WebSocketException wse && outcome.Kind == OutcomeKind.Threw
            ? $"threw WebSocketException ({wse.WebSocketErrorCode})"
            : outcome.Describe();

    protected override async Task<Measurement> MeasureAsync(
        Func<Uri, Action<string>, CancellationToken, Task> listen,
        ScenarioSettings settings,
        CancellationToken ct)
    {
        var observed = new TaskCompletionSource<CloseObservation>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LoopbackWebSocketServer.StartAsync(
            async (socket, token) =>
            {
                for (var i = 1; i <= MessageCount; i++)
                {
                    await LoopbackWebSocketServer.SendTextAsync(socket, $"message {i}", token).ConfigureAwait(false);
                }

                observed.TrySetResult(await LoopbackWebSocketServer
                    .CloseAndObserveAsync(socket, WebSocketCloseStatus.NormalClosure, settings.Bound, token)
                    .ConfigureAwait(false));
            },
            ct).ConfigureAwait(false);

        var messages = 0;
        var emptyResults = 0;
        void OnMessage(string text)
        {
            if (text.Length > 0)
            {
                messages++;
                return;
            }

            emptyResults++;
            if (emptyResults >= EmptyResultCap)
            {
                throw new BoundReachedException($"{EmptyResultCap} empty results");
            }
        }

        var outcome = await Bounded.RunAsync(token => listen(server.Uri, OnMessage, token), settings.Bound, ct: ct).ConfigureAwait(false);

        // The server's verdict arrives once its close handshake ended (answered, aborted or timed out).
        var finished = await Task.WhenAny(observed.Task, Task.Delay(settings.Bound + Bounded.Grace, ct)).ConfigureAwait(false);
        var observation = finished == observed.Task ? observed.Task.Result : null;
        return new Measurement(messages, emptyResults, observation, outcome);
    }

    public sealed record Measurement(int Messages, int EmptyResults, CloseObservation? Server, VariantOutcome Outcome) : IVariantRun;
}
