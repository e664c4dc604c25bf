using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH205;

/// <summary>
/// The server accepts, sends one message, then goes silent; each reader gets a silence window.
/// Where the machine allows it (Linux, root, iproute2) the server lives in a network namespace of its own and, once the
/// reader has the message, the link to it goes down (<see cref="VanishingPeer"/>): the peer vanishes without a FIN or RST.
/// A reader with keep-alive then has its read fail by itself (probes unanswered: ETIMEDOUT); a reader without keep-alive
/// waits until the harness stops it. A finite keep-alive that a file writes is scaled on the same socket right after
/// connecting (idle and interval 1 s, 2 probes), the same for both columns, so this shows within seconds.
/// Elsewhere the peer is a silent socket on loopback, whose kernel answers keep-alive probes: both readers wait and the
/// verdict is NOT SHOWN HERE. The keep-alive options read back from the sockets are shown, never evidence.
/// </summary>
public sealed class SVH205Scenario : Scenario<Func<IPEndPoint, Action<TcpClient>, Action<int>, Task>, SVH205Scenario.Measurement>
{
    public const string Messages = "messages received";
    public const string StillWaiting = "reader still waiting when the window ended";
    public const string ReadFailed = "read failed by itself after the peer vanished";
    public const string TimeToFail = "time from the link drop to the failed read";
    public const string KeepAliveOn = "keep-alive on (read back from the socket)";
    public const string KeepAliveTime = "keep-alive idle time in the code";
    public const string KeepAliveInterval = "keep-alive probe interval in the code";

    /// <summary>Longest silence a reader is given on loopback (or the bound, if smaller).</summary>
    public static readonly TimeSpan MaxSilenceWindow = TimeSpan.FromSeconds(2);

    /// <summary>Longest silence a reader is given after its peer vanished (or the bound, if smaller).</summary>
    public static readonly TimeSpan MaxVanishedWindow = TimeSpan.FromSeconds(6);

    /// <summary>What a finite keep-alive is scaled to for the run: idle and interval (s), unanswered probes.</summary>
    public const int ScaledIdleSeconds = 1;
    public const int ScaledIntervalSeconds = 1;
    public const int ScaledProbes = 2;

    /// <summary>False: always the silent loopback peer (tests of that path on a machine that could do more).</summary>
    internal bool UseVanishingPeer { get; init; } = true;

    public override string RuleId => "SVH205";

    public override string Title => "Long-lived TCP connection has no keep-alive or timeout";

    public override string Measures => "server sends 1 message then vanishes (its link goes down, in a network namespace where the machine allows it; else it stays silent on loopback): whether the reader's read fails by itself or it is still waiting at the end of the window; keep-alive options on the reader's socket";

    protected override Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> BadCode => Bad.FeedReader.ReadAllAsync;

    protected override Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> FixedCode => Fixed.FeedReader.ReadAllAsync;

    /// <summary>No warm-up: a reader without keep-alive waits for the whole window, and one more such wait shows nothing new.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Messages, "count", m => m.Messages),
        new(StillWaiting, "1 = yes", m => Yes(m.Outcome.HitBound)),
        new(ReadFailed, "1 = yes", m => Yes(m.FailedByItself)),
        new(TimeToFail, "ms, -1 = did not", m => Math.Round(m.TimeToFailMs, 1)),
        new(KeepAliveOn, "1 = yes", m => Yes(m.KeepAliveOn)),
        new(KeepAliveTime, "s, -1 = OS default", m => m.KeepAliveTime),
        new(KeepAliveInterval, "s, -1 = OS default", m => m.KeepAliveInterval),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var (vanishing, whyNot, window) = bad.Peer;
        if (vanishing && (bad.SetUpFailure ?? fixedRun.SetUpFailure) is { } failure)
        {
            vanishing = false;
            whyNot = failure;
        }

        var options = $"keep-alive read back from the sockets: bad {(bad.KeepAliveOn ? "on" : "off")}, fixed {(fixedRun.KeepAliveOn ? "on" : "off")} (the code's idle {Seconds(fixedRun.KeepAliveTime)}, interval {Seconds(fixedRun.KeepAliveInterval)}; shown, not evidence)";
        if (vanishing)
        {
            // Each half from its own run: the bad reader got the message and was still waiting for the vanished peer when
            // the window ended; the fixed reader got the message and its read failed by itself, timed out by keep-alive.
            var confirmed = bad.Messages == 1 && bad.Outcome.HitBound && !bad.FailedByItself
                && fixedRun.Messages == 1 && fixedRun.FailedByItself && fixedRun.TimedOut;
            return ScenarioVerdict.From(
                confirmed,
                $"after the message the peer vanished (its link went down: no FIN, no RST); the reader without keep-alive was still waiting when the harness stopped it at the end of its {window.TotalMilliseconds:0} ms window (it would wait forever); with keep-alive (run with {ScaledIdleSeconds} s idle, {ScaledIntervalSeconds} s interval, {ScaledProbes} probes) the read failed by itself after {fixedRun.TimeToFailMs:0} ms ({fixedRun.Outcome.Describe()}, connection timed out)",
                $"expected the bad reader to wait for the vanished peer and the fixed reader's read to time out by itself; bad: {bad.Messages} message(s), {bad.Outcome.Describe()}; fixed: {fixedRun.Messages} message(s), {fixedRun.Outcome.Describe()}; {options}");
        }

        // What would confirm the rule is a vanished peer; loopback has no link to drop (the silent peer's kernel answers
        // every keep-alive probe), so a reader with keep-alive waits just like one without.
        var bothWaited = bad.Messages == 1 && fixedRun.Messages == 1 && bad.Outcome.HitBound && fixedRun.Outcome.HitBound;
        return bothWaited
            ? ScenarioVerdict.NotShownHere($"loopback cannot make a peer vanish: the silent peer's kernel answers keep-alive probes, so both readers got the message and were still waiting after {window.TotalMilliseconds:0} ms. Showing it needs a link that drops: a network namespace, which this run could not use ({whyNot}); {options}")
            : new ScenarioVerdict(VerdictKind.NotConfirmed, $"expected both readers to get the message and wait on the silent live peer; bad: {bad.Messages} message(s), {bad.Outcome.Describe()}; fixed: {fixedRun.Messages} message(s), {fixedRun.Outcome.Describe()}; {options}");
    }

    /// <summary>One probe decides the path for both columns: they must meet the same kind of peer.</summary>
    protected override async Task<(Measurement Bad, Measurement Fixed)> MeasureBothAsync(
        Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> badCode, Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        var peer = Probe(settings);
        var bad = await MeasureAsync(badCode, peer, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, peer, ct).ConfigureAwait(false);
        return (bad, fixedRun);
    }

    protected override Task<Measurement> MeasureAsync(Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> readAll, ScenarioSettings settings, CancellationToken ct)
        => MeasureAsync(readAll, Probe(settings), ct);

    /// <summary>The peer this machine allows (a vanishing one where it can, else the silent loopback peer) and the window it gets.</summary>
    private PeerPath Probe(ScenarioSettings settings)
    {
        var whyNot = "the loopback peer was asked for";
        if (UseVanishingPeer)
        {
            using var probe = VanishingPeer.TryCreate(out whyNot);
        }

        var vanishing = whyNot.Length == 0;
        return new PeerPath(vanishing, whyNot, Min(settings.Bound, vanishing ? MaxVanishedWindow : MaxSilenceWindow));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Seconds(int seconds) => seconds < 0 ? "OS default" : $"{seconds} s";

    /// <summary>Sends one message, then stays connected and silent (never reads, never closes) until the server stops.</summary>
    private static async Task SendOneThenSilentAsync(TcpClient connection, CancellationToken token)
    {
        var stream = connection.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("hello\n"), token).ConfigureAwait(false);
        await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
    }

    private static async Task<Measurement> MeasureAsync(
        Func<IPEndPoint, Action<TcpClient>, Action<int>, Task> readAll, PeerPath path, CancellationToken ct)
    {
        var (vanishing, _, window) = path;
        VanishingPeer? peer = null;
        LoopbackTcpServer server;
        if (vanishing)
        {
            peer = VanishingPeer.TryCreate(out var whyNot);
            if (peer is null)
            {
                return Measurement.NotSetUp(whyNot, path);
            }

            try
            {
                server = LoopbackTcpServer.StartOn(peer.Listen(), SendOneThenSilentAsync);
            }
            catch (IOException e)
            {
                peer.Dispose();
                return Measurement.NotSetUp(e.Message, path);
            }
        }
        else
        {
            server = LoopbackTcpServer.Start(SendOneThenSilentAsync);
        }

        try
        {
            TcpClient? connected = null;
            var options = (On: false, Time: -1, Interval: -1);
            var messages = 0;
            long droppedAt = 0;
            void OnConnected(TcpClient client)
            {
                connected = client;
                options = ReadKeepAlive(client.Client);
                ScaleFiniteKeepAlive(client.Client);
            }

            void OnData(int n)
            {
                if (Interlocked.Increment(ref messages) == 1 && peer is not null)
                {
                    // The peer vanishes right after its message: no FIN, no RST, nothing answers any more.
                    Interlocked.Exchange(ref droppedAt, Environment.TickCount64);
                    peer.Drop();
                }
            }

            // At the end of the window the harness closes the reader's connection, which releases its read.
            var outcome = await Bounded.RunAsync(
                _ => readAll(server.EndPoint, OnConnected, OnData),
                window,
                () => connected?.Close(),
                ct).ConfigureAwait(false);
            var outcomeEnded = Environment.TickCount64;

            var dropped = Interlocked.Read(ref droppedAt);
            var failedByItself = outcome.Kind == OutcomeKind.Threw && dropped != 0;
            var timedOut = outcome.Exception is IOException { InnerException: SocketException { SocketErrorCode: SocketError.TimedOut } }
                or SocketException { SocketErrorCode: SocketError.TimedOut };
            var timeToFail = failedByItself ? Math.Max(0, outcomeEnded - dropped) : -1;
            return new Measurement(Volatile.Read(ref messages), options.On, options.Time, options.Interval, outcome, failedByItself, timedOut, timeToFail, null, path);
        }
        finally
        {
            await server.DisposeAsync().ConfigureAwait(false);
            peer?.Dispose();
        }
    }

    /// <summary>Keep-alive as the code left it: on/off, and the idle time and interval it wrote (-1 where it wrote none).</summary>
    private static (bool On, int Time, int Interval) ReadKeepAlive(Socket socket)
    {
        var on = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive) is int value && value != 0;
        if (!on)
        {
            return (false, -1, -1);
        }

        var time = socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime) is int seconds ? seconds : -1;
        var interval = socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval) is int every ? every : -1;
        return (true, time, interval);
    }

    /// <summary>
    /// Where the code turned keep-alive on, scales it down on the same socket so a dead peer shows within seconds; a socket
    /// without keep-alive is left alone. The same for both columns.
    /// </summary>
    private static void ScaleFiniteKeepAlive(Socket socket)
    {
        if (socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive) is int on && on != 0)
        {
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, ScaledIdleSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, ScaledIntervalSeconds);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, ScaledProbes);
        }
    }

    /// <summary>The peer both columns meet: vanishing (a network namespace) or not and why not, and the window a reader gets.</summary>
    public sealed record PeerPath(bool Vanishing, string WhyNot, TimeSpan Window);

    public sealed record Measurement(
        int Messages,
        bool KeepAliveOn,
        int KeepAliveTime,
        int KeepAliveInterval,
        VariantOutcome Outcome,
        bool FailedByItself,
        bool TimedOut,
        double TimeToFailMs,
        string? SetUpFailure,
        PeerPath Peer) : IVariantRun
    {
        public static Measurement NotSetUp(string why, PeerPath peer)
            => new(0, false, -1, -1, new VariantOutcome(OutcomeKind.Threw, TimeSpan.Zero, new IOException(why), null), false, false, -1, why, peer);
    }
}
