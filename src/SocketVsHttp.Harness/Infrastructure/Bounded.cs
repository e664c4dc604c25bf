using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>How a bounded variant ended.</summary>
public enum OutcomeKind
{
    Completed,
    Threw,
    HitBound,
}

/// <summary>The end of one variant: how it ended and how long it took.</summary>
public sealed record VariantOutcome(OutcomeKind Kind, TimeSpan Elapsed, Exception? Exception, string? BoundReason)
{
    public bool Completed => Kind == OutcomeKind.Completed;

    public bool HitBound => Kind == OutcomeKind.HitBound;

    /// <summary>"completed", "threw IOException: ...", "hit the bound (...)".</summary>
    public string Describe() => Kind switch
    {
        OutcomeKind.Completed => "completed",
        OutcomeKind.Threw => "threw " + Exception!.GetType().Name,
        _ => "hit the bound" + (BoundReason is null ? string.Empty : " (" + BoundReason + ")"),
    };
}

/// <summary>Runs a variant with a time bound; the variant never outlives the call.</summary>
public static class Bounded
{
    /// <summary>Extra time a stopped variant gets to unwind after cancellation and <c>onBound</c>.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Runs <paramref name="body"/> on the thread pool. When it does not finish within <paramref name="bound"/>,
    /// its token is cancelled and <paramref name="onBound"/> runs (e.g. to dispose a socket a blocking call waits on),
    /// then the variant gets <see cref="Grace"/> to finish. A <see cref="BoundReachedException"/> thrown by the body
    /// (from a harness callback) counts as hitting the bound.
    /// </summary>
    public static async Task<VariantOutcome> RunAsync(
        Func<CancellationToken, Task> body,
        TimeSpan bound,
        Action? onBound = null,
        CancellationToken ct = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var stopwatch = Stopwatch.StartNew();
        var task = Task.Run(() => body(cts.Token), CancellationToken.None);
        var finished = await Task.WhenAny(task, Task.Delay(bound, ct)).ConfigureAwait(false) == task;
        if (!finished)
        {
            cts.Cancel();
            try
            {
                onBound?.Invoke();
            }
            catch (Exception)
            {
                // Best effort: the variant is being torn down anyway.
            }

            var unwound = await Task.WhenAny(task, Task.Delay(Grace, CancellationToken.None)).ConfigureAwait(false) == task;
            stopwatch.Stop();
            _ = task.Exception; // observe
            return new VariantOutcome(
                OutcomeKind.HitBound,
                stopwatch.Elapsed,
                task.IsFaulted ? task.Exception!.GetBaseException() : null,
                unwound ? $"{bound.TotalMilliseconds:0} ms" : $"{bound.TotalMilliseconds:0} ms, did not stop within the grace period");
        }

        stopwatch.Stop();
        if (task.IsCompletedSuccessfully)
        {
            return new VariantOutcome(OutcomeKind.Completed, stopwatch.Elapsed, null, null);
        }

        var exception = task.Exception?.GetBaseException() ?? new OperationCanceledException();
        return exception switch
        {
            BoundReachedException bre => new VariantOutcome(OutcomeKind.HitBound, stopwatch.Elapsed, bre, bre.Message),
            OperationCanceledException when cts.IsCancellationRequested =>
                new VariantOutcome(OutcomeKind.HitBound, stopwatch.Elapsed, exception, $"{bound.TotalMilliseconds:0} ms"),
            _ => new VariantOutcome(OutcomeKind.Threw, stopwatch.Elapsed, exception, null),
        };
    }

    /// <summary>Synchronous (blocking) variant: runs on a dedicated pool thread.</summary>
    public static Task<VariantOutcome> RunBlockingAsync(
        Action<CancellationToken> body,
        TimeSpan bound,
        Action? onBound = null,
        CancellationToken ct = default)
        => RunAsync(
            token =>
            {
                body(token);
                return Task.CompletedTask;
            },
            bound,
            onBound,
            ct);
}
