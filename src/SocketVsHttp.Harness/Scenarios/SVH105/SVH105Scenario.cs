using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH105;

/// <summary>
/// N concurrent work items each call <c>PageClient.GetLengthAsync</c> against a server that answers after
/// <see cref="ServerDelayMs"/>: blocking on <c>.Result</c> holds a thread-pool thread for every request in flight,
/// awaiting holds none. Changes no global setting: the thread pool is observed, not constrained.
/// </summary>
public sealed class SVH105Scenario : Scenario<Func<HttpClient, Uri, Task<int>>, SVH105Scenario.Measurement>
{
    public const string Completed = "calls completed";
    public const string HeldThread = "calls that held their thread until the response";
    public const string ThreadTimeHeld = "thread time held inside the calls";
    public const string ThreadsAdded = "thread-pool threads added";
    public const string PeakQueued = "peak queued work items";
    public const string Elapsed = "elapsed";

    /// <summary>How long the server waits before it answers.</summary>
    public const int ServerDelayMs = 50;

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(1);

    public override string RuleId => "SVH105";

    public override string Title => "Blocking wait on an HttpClient call";

    public override string Measures => $"N concurrent work items call an async method (server answers after {ServerDelayMs} ms): calls that held their thread-pool thread, thread time held, thread-pool growth, queued work, elapsed time";

    protected override Func<HttpClient, Uri, Task<int>> BadCode => Bad.PageClient.GetLengthAsync;

    protected override Func<HttpClient, Uri, Task<int>> FixedCode => Fixed.PageClient.GetLengthAsync;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Completed, "count", m => m.Completed),
        new(HeldThread, "count", m => m.HeldThread),
        new(ThreadTimeHeld, "ms", m => Math.Round(m.ThreadTimeHeldMs, 1)),
        new(ThreadsAdded, "count", m => m.ThreadsAdded),
        new(PeakQueued, "count", m => m.PeakQueued),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    /// <summary>The bad variant may not finish within the bound at all (pool starvation); that is shown, not required.</summary>
    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = fixedRun.Outcome.Completed && fixedRun.Completed == n && fixedRun.HeldThread == 0
            && bad.HeldThread == n && bad.ThreadTimeHeldMs > fixedRun.ThreadTimeHeldMs;
        var badEnd = bad.Outcome.Completed
            ? $"all {bad.Completed} completed in {bad.Outcome.Elapsed.TotalMilliseconds:0} ms"
            : bad.Outcome.HitBound
                ? $"only {bad.Completed} of {n} completed before the harness stopped it at the bound"
                : $"{bad.Completed} of {n} completed, then it {bad.Outcome.Describe()}";
        return ScenarioVerdict.From(
            confirmed,
            $"blocking on .Result held a thread-pool thread through each of the {n} calls ({bad.ThreadTimeHeldMs:0} ms of thread time, the pool grew by {bad.ThreadsAdded} threads; {badEnd}); awaiting held none ({fixedRun.ThreadTimeHeldMs:0} ms, {fixedRun.ThreadsAdded} threads added, all {fixedRun.Completed} completed in {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms)",
            $"expected {n} vs 0 calls holding their thread and the fixed calls to complete; measured held {bad.HeldThread} vs {fixedRun.HeldThread}, thread time {bad.ThreadTimeHeldMs:0} vs {fixedRun.ThreadTimeHeldMs:0} ms, completed {bad.Completed} vs {fixedRun.Completed} ({bad.Outcome.Describe()} / {fixedRun.Outcome.Describe()})");
    }

    /// <summary>
    /// Warm-up with one call each (which cannot starve the pool), then the fixed column first: threads the bad variant makes
    /// the pool inject stay around for a while and would flatter a later run.
    /// </summary>
    protected override async Task<(Measurement Bad, Measurement Fixed)> MeasureBothAsync(
        Func<HttpClient, Uri, Task<int>> badCode, Func<HttpClient, Uri, Task<int>> fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        var warmUp = settings with { Requests = 1 };
        await MeasureAsync(badCode, warmUp, ct).ConfigureAwait(false);
        await MeasureAsync(fixedCode, warmUp, ct).ConfigureAwait(false);
        var fixedRun = await MeasureAsync(fixedCode, settings, ct).ConfigureAwait(false);
        var bad = await MeasureAsync(badCode, settings, ct).ConfigureAwait(false);
        return (bad, fixedRun);
    }

    protected override async Task<Measurement> MeasureAsync(Func<HttpClient, Uri, Task<int>> getLength, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(
            async context =>
            {
                await Task.Delay(ServerDelayMs, context.RequestAborted).ConfigureAwait(false);
                await context.Response.WriteAsync("ok", context.RequestAborted).ConfigureAwait(false);
            },
            ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, "page");

        // One client per variant; its Timeout ends any call still blocked when the bound is hit, and disposing it
        // after the run cancels whatever is left.
        using var client = new HttpClient { Timeout = settings.Bound };
        var completed = 0;
        var heldThread = 0;
        long heldTicks = 0;

        using var sampler = new PoolSampler();
        var outcome = await Bounded.RunAsync(
            async token =>
            {
                var calls = new Task[settings.Requests];
                for (var i = 0; i < calls.Length; i++)
                {
                    // A work item per call, as a request handler or a queue consumer would run it.
                    calls[i] = Task.Run(
                        async () =>
                        {
                            var stopwatch = Stopwatch.StartNew();
                            var call = getLength(client, uri);
                            var returnedAfter = stopwatch.Elapsed;
                            if (call.IsCompleted)
                            {
                                // The method returned only when the response was there: the thread waited for it.
                                Interlocked.Increment(ref heldThread);
                            }

                            Interlocked.Add(ref heldTicks, returnedAfter.Ticks);
                            if (await call.ConfigureAwait(false) > 0)
                            {
                                Interlocked.Increment(ref completed);
                            }
                        },
                        token);
                }

                await Task.WhenAll(calls).ConfigureAwait(false);
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        var (threadsAdded, peakQueued) = sampler.Stop();
        return new Measurement(completed, heldThread, TimeSpan.FromTicks(heldTicks).TotalMilliseconds, threadsAdded, peakQueued, outcome);
    }

    public sealed record Measurement(int Completed, int HeldThread, double ThreadTimeHeldMs, int ThreadsAdded, long PeakQueued, VariantOutcome Outcome) : IVariantRun;

    /// <summary>
    /// Samples the thread pool from a dedicated (non-pool) thread, so it keeps sampling while the pool is starved.
    /// </summary>
    private sealed class PoolSampler : IDisposable
    {
        private readonly int threadsAtStart = ThreadPool.ThreadCount;
        private readonly Thread thread;
        private volatile bool stopping;
        private int peakThreads;
        private long peakQueued;

        public PoolSampler()
        {
            peakThreads = threadsAtStart;
            thread = new Thread(Sample) { IsBackground = true, Name = "SVH105 pool sampler" };
            thread.Start();
        }

        /// <summary>Stops sampling; returns the pool's growth over the start and the longest queue seen.</summary>
        public (int ThreadsAdded, long PeakQueued) Stop()
        {
            stopping = true;
            thread.Join();
            return (Math.Max(0, peakThreads - threadsAtStart), peakQueued);
        }

        public void Dispose()
        {
            if (!stopping)
            {
                Stop();
            }
        }

        private void Sample()
        {
            while (!stopping)
            {
                peakThreads = Math.Max(peakThreads, ThreadPool.ThreadCount);
                peakQueued = Math.Max(peakQueued, ThreadPool.PendingWorkItemCount);
                Thread.Sleep(SampleInterval);
            }
        }
    }
}
