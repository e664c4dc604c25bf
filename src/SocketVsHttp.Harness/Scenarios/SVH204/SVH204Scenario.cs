using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH204;

/// <summary>
/// The server accepts, waits a moment and closes the connection. A watchdog waits until the peer is gone: the bad one
/// polls <c>TcpClient.Connected</c>, the fixed one blocks in a read and treats 0 bytes (or an I/O error) as the close.
/// The harness stops a watchdog that still reports the peer alive <see cref="AliveCap"/> after the close.
/// </summary>
public sealed class SVH204Scenario : Scenario<Action<TcpClient, Action>, SVH204Scenario.Measurement>
{
    public const string AliveAfterClose = "reported the peer alive after it closed";
    public const string ChecksAfterClose = "checks after the peer closed";
    public const string Detected = "detected the close by itself";
    public const string Elapsed = "elapsed";

    /// <summary>How long after the close the harness lets a watchdog go on saying "alive" before it stops it.</summary>
    public static readonly TimeSpan AliveCap = TimeSpan.FromSeconds(1);

    /// <summary>How long the peer stays connected before it closes.</summary>
    private static readonly TimeSpan PeerLifetime = TimeSpan.FromMilliseconds(50);

    public override string RuleId => "SVH204";

    public override string Title => "Socket.Connected is used as a liveness check";

    public override string Measures => $"server closes the connection after {PeerLifetime.TotalMilliseconds:0} ms: how long and how many checks the watchdog still reports the peer alive, whether it notices by itself";

    protected override Action<TcpClient, Action> BadCode => Bad.PeerWatchdog.WaitUntilPeerGone;

    protected override Action<TcpClient, Action> FixedCode => Fixed.PeerWatchdog.WaitUntilPeerGone;

    protected override WarmUp WarmUp => WarmUp.FullRun;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(AliveAfterClose, "ms", m => Math.Round(m.AliveAfterCloseMs, 1)),
        new(ChecksAfterClose, "count", m => m.ChecksAfterClose),
        new(Detected, "1 = yes", m => Yes(m.Detected)),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var confirmed = bad.Outcome.HitBound && !bad.Detected && bad.ChecksAfterClose > 1
            && fixedRun.Outcome.Completed && fixedRun.Detected && fixedRun.AliveAfterCloseMs < bad.AliveAfterCloseMs;
        return ScenarioVerdict.From(
            confirmed,
            $"Connected still said the peer was there {bad.AliveAfterCloseMs:0} ms and {bad.ChecksAfterClose} checks after it closed, until the harness stopped the watchdog; the 0-byte read noticed the close after {fixedRun.AliveAfterCloseMs:0.#} ms",
            $"expected bad to report a closed peer alive and fixed to notice the close; bad {bad.Outcome.Describe()} (detected: {bad.Detected}), fixed {fixedRun.Outcome.Describe()} (detected: {fixedRun.Detected})");
    }

    protected override async Task<Measurement> MeasureAsync(Action<TcpClient, Action> waitUntilPeerGone, ScenarioSettings settings, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long closedAtTicks = -1;
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            await Task.Delay(PeerLifetime, token).ConfigureAwait(false);
            Interlocked.Exchange(ref closedAtTicks, clock.Elapsed.Ticks);

            // Close (FIN): the peer is gone. Nothing is sent, so the client does no I/O that would notice.
            connection.Close();
        });

        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint, ct).ConfigureAwait(false);

        var checksAfterClose = 0;
        void OnCheck()
        {
            var closedAt = Interlocked.Read(ref closedAtTicks);
            if (closedAt < 0)
            {
                return;
            }

            checksAfterClose++;
            if (clock.Elapsed - TimeSpan.FromTicks(closedAt) > AliveCap)
            {
                throw new BoundReachedException($"peer still reported alive {AliveCap.TotalMilliseconds:0} ms after it closed");
            }
        }

        // A read that blocks past the bound is released by closing the connection.
        var outcome = await Bounded.RunBlockingAsync(_ => waitUntilPeerGone(client, OnCheck), settings.Bound, client.Close, ct).ConfigureAwait(false);
        var endedAt = clock.Elapsed;
        var closedAtFinal = Interlocked.Read(ref closedAtTicks);
        var aliveAfterClose = closedAtFinal < 0 ? 0 : Math.Max(0, (endedAt - TimeSpan.FromTicks(closedAtFinal)).TotalMilliseconds);
        var detected = outcome.Completed && closedAtFinal >= 0;
        return new Measurement(aliveAfterClose, checksAfterClose, detected, outcome);
    }

    public sealed record Measurement(double AliveAfterCloseMs, int ChecksAfterClose, bool Detected, VariantOutcome Outcome) : IVariantRun;
}
