using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH205;

/// <summary>
/// A half-open simulation: the server accepts, sends one message, then goes silent (neither reads nor closes). Each reader
/// gets a silence window; the scenario reads the keep-alive options off the reader's socket. On loopback the silent peer's
/// kernel is alive and answers keep-alive probes, so no keep-alive reader can detect it here: the window shows that both
/// readers wait, the options show what the fix changes, and a reference reader with an idle timeout shows detection.
/// </summary>
public sealed class SVH205Scenario : IScenario
{
    public const string Messages = "messages received";
    public const string KeepAliveOn = "keep-alive on";
    public const string KeepAliveTime = "keep-alive idle time on the socket";
    public const string KeepAliveInterval = "keep-alive probe interval on the socket";
    public const string StillWaiting = "reader still waiting when the window ended";
    public const string IdleTimeoutReference = "reference, same code in both columns: a 500 ms idle-timeout read gave up after";

    /// <summary>Longest silence a reader is given (or the bound, if smaller).</summary>
    public static readonly TimeSpan MaxSilenceWindow = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMilliseconds(500);

    public string RuleId => "SVH205";

    public string Title => "Long-lived TCP connection has no keep-alive or timeout";

    public string Measures => "server sends 1 message then goes silent without closing: keep-alive options on the reader's socket, whether the reader is still waiting at the end of the window; a reference read with an idle timeout";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        var window = settings.Bound < MaxSilenceWindow ? settings.Bound : MaxSilenceWindow;
        var bad = await MeasureAsync(Bad.FeedReader.ReadAllAsync, window, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(Fixed.FeedReader.ReadAllAsync, window, ct).ConfigureAwait(false);
        var reference = await MeasureIdleTimeoutReaderAsync(window, ct).ConfigureAwait(false);

        var confirmed = !bad.KeepAliveOn && fixedRun.KeepAliveOn && fixedRun.KeepAliveTime == 30 && fixedRun.KeepAliveInterval == 5
            && bad.Messages == 1 && fixedRun.Messages == 1;
        var detected = reference is null ? "did not detect it within the window" : $"detected it after {reference.Value.TotalMilliseconds:0} ms";
        var verdict = confirmed
            ? $"the bad reader's socket has keep-alive off: a peer that vanishes without a FIN/RST leaves it waiting forever; the fixed socket probes after 30 s idle, every 5 s, and fails the read once probes go unanswered. "
              + $"On loopback the silent peer's kernel answers the probes, so both readers were still waiting after {window.TotalMilliseconds:0} ms (expected); a reader with a {IdleTimeout.TotalMilliseconds:0} ms idle timeout {detected}"
            : $"expected keep-alive off for bad and on (30 s / 5 s) for fixed; bad on={bad.KeepAliveOn}, fixed on={fixedRun.KeepAliveOn} time={fixedRun.KeepAliveTime} interval={fixedRun.KeepAliveInterval}";

        var referenceMs = reference is null ? -1 : Math.Round(reference.Value.TotalMilliseconds, 1);
        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Messages, bad.Messages, fixedRun.Messages, "count"),
                new MetricRow(KeepAliveOn, bad.KeepAliveOn ? 1 : 0, fixedRun.KeepAliveOn ? 1 : 0, "1 = yes"),
                new MetricRow(KeepAliveTime, bad.KeepAliveTime, fixedRun.KeepAliveTime, "s"),
                new MetricRow(KeepAliveInterval, bad.KeepAliveInterval, fixedRun.KeepAliveInterval, "s"),
                new MetricRow(StillWaiting, bad.Outcome.HitBound ? 1 : 0, fixedRun.Outcome.HitBound ? 1 : 0, "1 = yes"),
                new MetricRow(IdleTimeoutReference, referenceMs, referenceMs, "ms"),
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            Confirmed = confirmed,
        };
    }

    private static LoopbackTcpServer StartSilentServer() => LoopbackTcpServer.Start(async (connection, token) =>
    {
        var stream = connection.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hello\n"), token).ConfigureAwait(false);

        // Half-open simulation: stay connected, never read, never close (until the server stops).
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
    });

    private static async Task<Measurement> MeasureAsync(Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> readAll, TimeSpan window, CancellationToken ct)
    {
        await using var server = StartSilentServer();
        TcpClient? connected = null;
        var options = default((bool On, int Time, int Interval));
        var messages = 0;
        void OnConnected(TcpClient client)
        {
            connected = client;
            options = ReadKeepAlive(client.Client);
        }

        // At the end of the window the harness closes the reader's connection, which releases its read.
        var outcome = await Bounded.RunAsync(
            _ => readAll(server.EndPoint, OnConnected, _ => Interlocked.Increment(ref messages)),
            window,
            () => connected?.Close(),
            ct).ConfigureAwait(false);
        return new Measurement(Volatile.Read(ref messages), options.On, options.Time, options.Interval, outcome);
    }

    private static (bool On, int Time, int Interval) ReadKeepAlive(Socket socket)
    {
        var on = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive) is int value && value != 0;
        var time = socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime) is int seconds ? seconds : -1;
        var interval = socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval) is int every ? every : -1;
        return (on, time, interval);
    }

    /// <summary>The doc's other remedy: each read gets an idle timeout (a token that fires when no data came for a while).</summary>
    private static async Task<TimeSpan?> MeasureIdleTimeoutReaderAsync(TimeSpan window, CancellationToken ct)
    {
        await using var server = StartSilentServer();
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);
        var stream = client.GetStream();
        var buffer = new byte[1024];
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < window)
        {
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            idle.CancelAfter(IdleTimeout);
            var started = stopwatch.Elapsed;
            try
            {
                if (await stream.ReadAsync(buffer, idle.Token).ConfigureAwait(false) == 0)
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // No data for the idle timeout: the peer is treated as gone. Time from the last data.
                return stopwatch.Elapsed - started;
            }
        }

        return null;
    }

    private sealed record Measurement(int Messages, bool KeepAliveOn, int KeepAliveTime, int KeepAliveInterval, VariantOutcome Outcome);
}
