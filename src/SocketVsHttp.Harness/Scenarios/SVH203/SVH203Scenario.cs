using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH203;

/// <summary>
/// The server sends one message, then resets the connection (linger 0 close: RST). The listener's read loop runs in the
/// background (Task.Run); its owner waits, up to the bound, for the listener's "closed" callback.
/// </summary>
public sealed class SVH203Scenario : Scenario<Action<TcpClient, Action<int>, Action>, SVH203Scenario.Measurement>
{
    public const string Messages = "messages received";
    public const string OwnerNotified = "owner notified of the disconnect";
    public const string TimeToKnow = "time until the owner knows";
    public const string Unobserved = "unobserved task exceptions";

    private static readonly TimeSpan ResetDelay = TimeSpan.FromMilliseconds(50);

    public override string RuleId => "SVH203";

    public override string Title => "Long-lived connection has no disconnect handling";

    public override string Measures => "server sends 1 message then resets the connection: whether the background loop's owner learns of it, how long that takes (up to the bound), task exceptions nobody observed";

    protected override Action<TcpClient, Action<int>, Action> BadCode => (client, onData, onClosed) => new Bad.FeedListener(client, onData, onClosed).Start();

    protected override Action<TcpClient, Action<int>, Action> FixedCode => (client, onData, onClosed) => new Fixed.FeedListener(client, onData, onClosed).Start();

    /// <summary>No warm-up: the verdict rests on whether the owner was told and on unobserved exceptions, not on elapsed time.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Messages, "count", m => m.Messages),
        new(OwnerNotified, "1 = yes", m => Yes(m.Notified)),
        new(TimeToKnow, "ms", m => Ms(m.Waited)),
        new(Unobserved, "count", m => m.Unobserved),
    };

    /// <summary>
    /// Each half read from its own run: the bad loop received the message (it ran), its connection error went unobserved
    /// (counted, not inferred from the owner's silence: code that never runs is silent too), and its owner was never told;
    /// the fixed loop received the message, caught the error and told its owner.
    /// </summary>
    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = bad.Messages >= 1 && bad.Unobserved >= 1 && !bad.Notified
            && fixedRun.Messages >= 1 && fixedRun.Notified && fixedRun.Unobserved == 0;
        return ScenarioVerdict.From(
            confirmed,
            $"after the reset the bad loop died in the background and its owner was still waiting after {bad.Waited.TotalMilliseconds:0} ms ({bad.Unobserved} unobserved task exception(s)); the fixed loop caught the IOException and its owner knew after {fixedRun.Waited.TotalMilliseconds:0} ms",
            $"expected the bad loop to receive the message and die with an unobserved connection error, its owner never told, and the fixed owner told; bad: messages={bad.Messages}, unobserved={bad.Unobserved}, notified={bad.Notified}; fixed: messages={fixedRun.Messages}, unobserved={fixedRun.Unobserved}, notified={fixedRun.Notified}");
    }

    protected override string Outcome(Measurement run, ScenarioSettings settings)
        => run.Notified ? "completed" : $"hit the bound ({settings.Bound.TotalMilliseconds:0} ms, owner never told)";

    protected override async Task<Measurement> MeasureAsync(Action<TcpClient, Action<int>, Action> start, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            var stream = connection.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes("hello\n"), token).ConfigureAwait(false);
            await Task.Delay(ResetDelay, token).ConfigureAwait(false);

            // Linger 0: Close sends RST instead of FIN; the client's next read fails with IOException (ConnectionReset).
            connection.Client.LingerState = new LingerOption(true, 0);
            connection.Client.Close();
        });

        var unobserved = 0;
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (e.Exception.GetBaseException() is IOException or SocketException)
            {
                Interlocked.Increment(ref unobserved);
                e.SetObserved();
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);

            var messages = 0;
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stopwatch = Stopwatch.StartNew();
            start(client, _ => Interlocked.Increment(ref messages), () => closed.TrySetResult());

            var notified = await Task.WhenAny(closed.Task, Task.Delay(settings.Bound, ct)).ConfigureAwait(false) == closed.Task;
            stopwatch.Stop();

            // The bad loop's task is dropped by its owner: collect it so a fault nobody observed is reported.
            client.Close();
            await Task.Delay(50, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < 3; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            return new Measurement(Volatile.Read(ref messages), notified, stopwatch.Elapsed, Volatile.Read(ref unobserved));
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }
    }

    public sealed record Measurement(int Messages, bool Notified, TimeSpan Waited, int Unobserved);
}
