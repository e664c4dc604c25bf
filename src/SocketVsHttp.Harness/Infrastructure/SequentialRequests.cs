using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>What N sequential requests cost on the wire: connections the server accepted, client sockets left in TIME_WAIT.</summary>
public sealed record ConnectionMeasurement(int Connections, int TimeWait, int Failures, VariantOutcome Outcome) : IVariantRun
{
    /// <summary>Messages the server received (where the operations are one-way messages; 0 elsewhere).</summary>
    public int Received { get; init; }

    /// <summary>Connections the server had accepted, sampled during the run (milliseconds since the first request).</summary>
    public IReadOnlyList<SeriesPoint> ConnectionsOverTime { get; init; } = Array.Empty<SeriesPoint>();

    /// <summary>Client sockets in TIME_WAIT toward the server, sampled during the run.</summary>
    public IReadOnlyList<SeriesPoint> TimeWaitOverTime { get; init; } = Array.Empty<SeriesPoint>();
}

/// <summary>Runs N sequential requests of one variant against a fresh loopback HTTP server, bounded, and counts connections.</summary>
public static class SequentialRequests
{
    /// <summary>At most about this many connection samples per run.</summary>
    private const int MaxSamples = 25;

    /// <summary>How often the TIME_WAIT count is sampled during a run.</summary>
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Lets the last closed connection reach TIME_WAIT before counting.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// One variant's workload for <see cref="ConnectionCountScenario"/>: N sequential requests through <paramref name="request"/>
    /// to a fresh server that answers every one with <paramref name="respond"/>.
    /// </summary>
    public static ConnectionWorkload Workload(RequestDelegate respond, string path, Func<Uri, Task<bool>> request)
        => (settings, ct) => MeasureAsync(respond, path, request, settings, ct);

    /// <param name="respond">The server's answer to every request.</param>
    /// <param name="path">The path requested.</param>
    /// <param name="request">One request of the variant under test; false when its answer is wrong.</param>
    public static async Task<ConnectionMeasurement> MeasureAsync(
        RequestDelegate respond, string path, Func<Uri, Task<bool>> request, ScenarioSettings settings, CancellationToken ct)
    {
        await using var server = await LoopbackHttpServer.StartAsync(respond, ct).ConfigureAwait(false);
        var uri = new Uri(server.BaseUri, path);
        var timeWaitBefore = TcpStates.CountTimeWaitToward(server.Port);
        var failures = 0;
        var connections = new List<SeriesPoint>();
        var timeWaits = new List<SeriesPoint>();
        var every = Math.Max(1, (settings.Requests + MaxSamples - 1) / MaxSamples);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double Now() => Math.Round(clock.Elapsed.TotalMilliseconds, 1);
        int TimeWaitNow() => Math.Max(0, TcpStates.CountTimeWaitToward(server.Port) - timeWaitBefore);

        // The connection count is a counter of the server: read after every few requests, in the loop. The TIME_WAIT count
        // reads the machine's TCP table, which takes milliseconds: a sampler beside the loop reads it, so the loop's elapsed
        // time stays the requests' own.
        connections.Add(new SeriesPoint(0, server.AcceptedConnections));
        timeWaits.Add(new SeriesPoint(0, TimeWaitNow()));
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(SampleInterval, stopSampling.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var sample = new SeriesPoint(Now(), TimeWaitNow());
                lock (timeWaits)
                {
                    timeWaits.Add(sample);
                }
            }
        });

        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (!await request(uri).ConfigureAwait(false))
                    {
                        failures++;
                    }

                    if ((i + 1) % every == 0 || i + 1 == settings.Requests)
                    {
                        connections.Add(new SeriesPoint(Now(), server.AcceptedConnections));
                    }
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        await Task.Delay(SettleDelay, ct).ConfigureAwait(false);
        await stopSampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var timeWait = TimeWaitNow();
        var end = Now();
        connections.Add(new SeriesPoint(end, server.AcceptedConnections));
        timeWaits.Add(new SeriesPoint(end, timeWait));
        return new ConnectionMeasurement(server.AcceptedConnections, timeWait, failures, outcome)
        {
            ConnectionsOverTime = connections,
            TimeWaitOverTime = timeWaits,
        };
    }
}
