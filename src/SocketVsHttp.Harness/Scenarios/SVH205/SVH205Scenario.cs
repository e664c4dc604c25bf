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
/// The server accepts, sends one message, then goes silent (neither reads nor closes). Each reader gets a silence window;
/// the scenario reads the keep-alive options off the reader's socket. On loopback the silent peer's kernel is alive and
/// answers keep-alive probes, so what the rule claims (a vanished peer detected only with keep-alive) cannot be shown:
/// the verdict is NOT SHOWN HERE when both readers wait, never CONFIRMED on the options alone.
/// </summary>
public sealed class SVH205Scenario : IScenario
{
    public const string Messages = "messages received";
    public const string KeepAliveOn = "keep-alive on";
    public const string KeepAliveTime = "keep-alive idle time on the socket";
    public const string KeepAliveInterval = "keep-alive probe interval on the socket";
    public const string StillWaiting = "reader still waiting when the window ended";

    /// <summary>Longest silence a reader is given (or the bound, if smaller).</summary>
    public static readonly TimeSpan MaxSilenceWindow = TimeSpan.FromSeconds(2);

    public string RuleId => "SVH205";

    public string Title => "Long-lived TCP connection has no keep-alive or timeout";

    public string Measures => "server sends 1 message then goes silent without closing: keep-alive options on the reader's socket, whether the reader is still waiting at the end of the window";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<IPEndPoint, Action<TcpClient>, Action<int>, Task>>(Bad.FeedReader.ReadAllAsync, Fixed.FeedReader.ReadAllAsync);
        var window = settings.Bound < MaxSilenceWindow ? settings.Bound : MaxSilenceWindow;
        var bad = await MeasureAsync(badCode, window, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, window, ct).ConfigureAwait(false);

        // What would confirm the rule: the bad reader still waiting for a peer that has vanished while the fixed reader's
        // read fails by itself. Loopback cannot make a peer vanish (no link to drop: the silent peer's kernel answers every
        // keep-alive probe), so a reader with keep-alive waits just like one without. The options read back from the
        // sockets are what Fixed.cs sets, not a measured effect; they are shown, but no verdict rests on them.
        var bothWaited = bad.Messages == 1 && fixedRun.Messages == 1 && bad.Outcome.HitBound && fixedRun.Outcome.HitBound;
        var kind = bothWaited ? VerdictKind.NotShownHere : VerdictKind.NotConfirmed;
        var options = $"keep-alive read back from the sockets: bad on={Yes(bad.KeepAliveOn)}, fixed on={Yes(fixedRun.KeepAliveOn)} (idle {fixedRun.KeepAliveTime} s, interval {fixedRun.KeepAliveInterval} s)";
        var verdict = bothWaited
            ? $"loopback cannot make a peer vanish: the silent peer's kernel answers keep-alive probes, so both readers got the message and were still waiting after {window.TotalMilliseconds:0} ms, as the rule expects of a live peer. Showing it needs a link that drops (a network namespace or a firewall rule), which this harness does not set up; {options}"
            : $"expected both readers to get the message and wait on the silent live peer; bad: {bad.Messages} message(s), {bad.Outcome.Describe()}; fixed: {fixedRun.Messages} message(s), {fixedRun.Outcome.Describe()}; {options}";

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
            },
            BadOutcome = bad.Outcome.Describe(),
            FixedOutcome = fixedRun.Outcome.Describe(),
            Verdict = verdict,
            VerdictKind = kind,
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

    private static string Yes(bool value) => value ? "yes" : "no";

    private sealed record Measurement(int Messages, bool KeepAliveOn, int KeepAliveTime, int KeepAliveInterval, VariantOutcome Outcome);
}
