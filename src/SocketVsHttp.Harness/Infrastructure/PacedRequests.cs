using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Counts of one paced run.</summary>
public sealed record PacedCounts(int Sent, int Failed);

/// <summary>
/// Sends one request at a time, one every <c>pace</c>, until a time window has passed: for scenarios where what
/// matters is what a long-lived client does over time (connection rotation), not how many requests it sends.
/// </summary>
public static class PacedRequests
{
    /// <summary>
    /// Calls <paramref name="request"/> sequentially until <paramref name="window"/> has passed or
    /// <paramref name="ct"/> is cancelled. A call that returns something other than <paramref name="expected"/>
    /// or throws (other than by cancellation) counts as failed.
    /// </summary>
    public static async Task<PacedCounts> RunAsync(Func<Task<string>> request, string expected, TimeSpan window, TimeSpan pace, CancellationToken ct)
    {
        var sent = 0;
        var failed = 0;
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < window && !ct.IsCancellationRequested)
        {
            sent++;
            try
            {
                if (await request().ConfigureAwait(false) != expected)
                {
                    failed++;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failed++;
            }

            try
            {
                await Task.Delay(pace, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return new PacedCounts(sent, failed);
    }
}
