using System;
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
public sealed class SVH208Scenario : IScenario
{
    public const string Attempts = "connect attempts";
    public const string Failed = "failed attempts";
    public const string LeftOpen = "socket handles left open after the attempts";
    public const string OpenAfterGc = "still open after a forced full GC";
    public const string Elapsed = "elapsed";

    private static readonly byte[] Payload = { 1, 2, 3, 4 };

    public string RuleId => "SVH208";

    public string Title => "Socket is not closed when connecting or talking fails";

    public string Measures => "N sends to a closed loopback port (Connect is refused): socket handles the process still holds afterwards, before and after a forced GC, elapsed time";

    public async Task<ScenarioResult> RunAsync(ScenarioSettings settings, CancellationToken ct)
    {
        // The code each column runs: Bad.cs and Fixed.cs as written, or another plan when the verdicts are tested.
        var (badCode, fixedCode) = settings.Variants.Select<Func<IPEndPoint, byte[], int>>(Bad.MessageSender.Send, Fixed.MessageSender.Send);
        var attempts = Math.Max(1, settings.Requests);
        var endPoint = ClosedEndPoint();

        // Warm-up (JIT, first-use costs) so elapsed time compares the variants, not who ran first.
        await Task.Run(() => Measure(badCode, endPoint, 1, settings.Bound), ct).ConfigureAwait(false);
        await Task.Run(() => Measure(fixedCode, endPoint, 1, settings.Bound), ct).ConfigureAwait(false);

        var bad = await Task.Run(() => Measure(badCode, endPoint, attempts, settings.Bound), ct).ConfigureAwait(false);
        var fixedRun = await Task.Run(() => Measure(fixedCode, endPoint, attempts, settings.Bound), ct).ConfigureAwait(false);

        var confirmed = bad.Failed == attempts && fixedRun.Failed == attempts
            && bad.LeftOpen >= Math.Ceiling(attempts * 0.8) && fixedRun.LeftOpen <= attempts / 10;
        var verdict = confirmed
            ? $"{attempts} refused connects left {bad.LeftOpen} socket handles open with the bad code (closed only when the GC finalizes them: {bad.OpenAfterGc} left after a forced full GC); the using declaration left {fixedRun.LeftOpen}"
            : $"expected about {attempts} leaked handles for bad and 0 for fixed; measured bad {bad.LeftOpen} ({bad.Failed} failed), fixed {fixedRun.LeftOpen} ({fixedRun.Failed} failed){(SocketHandles.Exact ? string.Empty : "; /proc/self/fd is not available, process handle count used")}";

        return new ScenarioResult
        {
            RuleId = RuleId,
            Title = Title,
            Measures = Measures,
            Settings = settings,
            Metrics = new[]
            {
                new MetricRow(Attempts, attempts, attempts, "count"),
                new MetricRow(Failed, bad.Failed, fixedRun.Failed, "count"),
                new MetricRow(LeftOpen, bad.LeftOpen, fixedRun.LeftOpen, "count"),
                new MetricRow(OpenAfterGc, bad.OpenAfterGc, fixedRun.OpenAfterGc, "count"),
                new MetricRow(Elapsed, Math.Round(bad.Elapsed.TotalMilliseconds, 1), Math.Round(fixedRun.Elapsed.TotalMilliseconds, 1), "ms"),
            },
            BadOutcome = bad.Failed == attempts ? $"every attempt threw SocketException ({bad.Error})" : $"{bad.Failed} of {attempts} attempts threw",
            FixedOutcome = fixedRun.Failed == attempts ? $"every attempt threw SocketException ({fixedRun.Error})" : $"{fixedRun.Failed} of {attempts} attempts threw",
            Verdict = verdict,
            VerdictKind = VerdictKinds.From(confirmed),
        };
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
        return new Measurement(failed, Math.Max(0, after - before), Math.Max(0, afterGc - before), stopwatch.Elapsed, error?.ToString() ?? "none");
    }

    private sealed record Measurement(int Failed, int LeftOpen, int OpenAfterGc, TimeSpan Elapsed, string Error);
}
