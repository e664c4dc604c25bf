using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH208;

/// <summary>
/// N sends to a loopback port nobody listens on (a port just released): every Connect fails with "connection refused".
/// Counts the process's socket handles before and right after the attempts (the GC held off meanwhile, so no finalizer can
/// close what the code forgot), then again after a forced full GC.
/// </summary>
public sealed class SVH208Scenario : Scenario<Func<IPEndPoint, byte[], int>, SVH208Scenario.Measurement>
{
    public const string Attempts = "connect attempts";
    public const string Failed = "failed attempts";
    public const string LeftOpen = "socket handles left open after the attempts";
    public const string OpenAfterGc = "still open after a forced full GC";
    public const string Elapsed = "elapsed";

    private static readonly byte[] Payload = { 1, 2, 3, 4 };

    public override string RuleId => "SVH208";

    public override string Title => "Socket is not closed when connecting or talking fails";

    public override string Measures => "N sends to a closed loopback port (Connect is refused): socket handles the process still holds afterwards, before and after a forced GC, elapsed time";

    protected override Func<IPEndPoint, byte[], int> BadCode => Bad.MessageSender.Send;

    protected override Func<IPEndPoint, byte[], int> FixedCode => Fixed.MessageSender.Send;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Attempts, "count", m => m.Attempts),
        new(Failed, "count", m => m.Failed),
        new(LeftOpen, "count", m => m.LeftOpen),
        new(OpenAfterGc, "count", m => m.OpenAfterGc),
        new(Elapsed, "ms", m => Ms(m.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var attempts = Math.Max(1, settings.Requests);
        var confirmed = bad.Failed == attempts && fixedRun.Failed == attempts
            && bad.LeftOpen >= Math.Ceiling(attempts * 0.8) && fixedRun.LeftOpen <= attempts / 10;
        return ScenarioVerdict.From(
            confirmed,
            $"{attempts} refused connects left {bad.LeftOpen} socket handles open with the bad code (closed only when the GC finalizes them: {bad.OpenAfterGc} left after a forced full GC); the using declaration left {fixedRun.LeftOpen}",
            $"expected about {attempts} leaked handles for bad and 0 for fixed; measured bad {bad.LeftOpen} ({bad.Failed} failed), fixed {fixedRun.LeftOpen} ({fixedRun.Failed} failed){(SocketHandles.Exact ? string.Empty : "; /proc/self/fd is not available, process handle count used")}");
    }

    protected override string Outcome(Measurement run, ScenarioSettings settings)
        => run.Failed == run.Attempts ? $"every attempt threw SocketException ({run.Error})" : $"{run.Failed} of {run.Attempts} attempts threw";

    /// <summary>Each run on a port just released (<see cref="ClosedEndPoint"/>), on a pool thread: the attempts block.</summary>
    protected override Task<Measurement> MeasureAsync(Func<IPEndPoint, byte[], int> send, ScenarioSettings settings, CancellationToken ct)
    {
        var endPoint = ClosedEndPoint();
        return Task.Run(() => Measure(send, endPoint, Math.Max(1, settings.Requests), settings.Bound), ct);
    }

    /// <summary>127.0.0.1 on a port that was just bound and released: connects are refused.</summary>
    private static IPEndPoint ClosedEndPoint()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new IPEndPoint(IPAddress.Loopback, port);
    }

    private static Measurement Measure(Func<IPEndPoint, byte[], int> send, IPEndPoint endPoint, int attempts, TimeSpan bound)
    {
        // Let earlier garbage (warm-up, other scenarios) be finalized first so only this run's sockets count.
        SocketHandles.FullGc();
        var before = SocketHandles.Count();
        var failed = 0;
        SocketError? error = null;
        var stopwatch = Stopwatch.StartNew();
        int after;
        using (SocketHandles.NoGcRegion())
        {
            for (var i = 0; i < attempts && stopwatch.Elapsed < bound; i++)
            {
                try
                {
                    send(endPoint, Payload);
                }
                catch (SocketException ex)
                {
                    failed++;
                    error = ex.SocketErrorCode;
                }
            }

            stopwatch.Stop();
            after = SocketHandles.Count();
        }

        SocketHandles.FullGc();
        var afterGc = SocketHandles.Count();
        return new Measurement(attempts, failed, Math.Max(0, after - before), Math.Max(0, afterGc - before), stopwatch.Elapsed, error?.ToString() ?? "none");
    }

    public sealed record Measurement(int Attempts, int Failed, int LeftOpen, int OpenAfterGc, TimeSpan Elapsed, string Error);
}
