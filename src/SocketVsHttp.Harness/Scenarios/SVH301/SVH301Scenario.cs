using System;
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
public sealed class SVH301Scenario : IScenario
{
    public const string Messages = "messages handled";
    public const string EmptyResults = "Close results handed on as messages";
    public const string ExitedByItself = "loop exited by itself";
    public const string CleanClose = "server saw a clean close";
    public const string Elapsed = "elapsed";

    public const int MessageCount = 3;

    /// <summary>Empty results the handler tolerates before it stops a loop that spins on Close.</summary>
    public const int EmptyResultCap = 1000;

    public string RuleId => "SVH301";

    public string Title => "WebSocket receive loop ignores Close";

    public string Measures => $"server sends {MessageCount} messages then Close: messages handled, what the loop does with the Close, whether the server got the client's Close frame, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<Uri, Action<string>, CancellationToken, Task>>(Bad.FeedListener.ListenAsync, Fixed.FeedListener.ListenAsync);
        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);

        var confirmed = fixedRun.Outcome.Completed && fixedRun.Server is { Clean: true } && fixedRun.Messages == MessageCount
            && fixedRun.EmptyResults == 0 && !bad.Outcome.Completed && bad.Server is { Clean: false };
        var verdict = confirmed
            ? $"the bad loop {Describe(bad.Outcome)} after the Close and the server saw: {bad.Server!.Description}; the fixed loop answered the Close and exited, the server saw: {fixedRun.Server!.Description}"
            : $"expected a clean close only for fixed; bad: {Describe(bad.Outcome)}, server: {bad.Server?.Description ?? "no session"}; fixed: {Describe(fixedRun.Outcome)}, server: {fixedRun.Server?.Description ?? "no session"}";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Messages, bad.Messages, fixedRun.Messages, "count"),
                new MetricRow(EmptyResults, bad.EmptyResults, fixedRun.EmptyResults, "count"),
                new MetricRow(ExitedByItself, bad.Outcome.Completed ? 1 : 0, fixedRun.Outcome.Completed ? 1 : 0, "1 = yes"),
                new MetricRow(CleanClose, bad.Server is { Clean: true } ? 1 : 0, fixedRun.Server is { Clean: true } ? 1 : 0, "1 = yes"),
                new MetricRow(Elapsed, Math.Round(bad.Outcome.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Outcome.Elapsed.TotalMilliseconds, 1), "ms"),
            },
            BadOutcome = Describe(bad.Outcome),
            FixedOutcome = Describe(fixedRun.Outcome),
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
    }

    private static string Describe(VariantOutcome outcome)
        => outcome.Exception is WebSocketException wse && outcome.Kind == OutcomeKind.Threw
            ? $"threw WebSocketException ({wse.WebSocketErrorCode})"
            : outcome.Describe();

    private static async Task<Measurement> MeasureAsync(
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

    private sealed record Measurement(int Messages, int EmptyResults, CloseObservation? Server, VariantOutcome Outcome);
}
