using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>What N sequential requests cost on the wire: connections the server accepted, client sockets left in TIME_WAIT.</summary>
public sealed record ConnectionMeasurement(int Connections, int TimeWait, int Failures, VariantOutcome Outcome);

/// <summary>Runs N sequential requests of one variant against a fresh loopback HTTP server, bounded, and counts connections.</summary>
public static class SequentialRequests
{
    /// <summary>Lets the last closed connection reach TIME_WAIT before counting.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

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
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        await Task.Delay(SettleDelay, ct).ConfigureAwait(false);
        var timeWait = Math.Max(0, TcpStates.CountTimeWaitToward(server.Port) - timeWaitBefore);
        return new ConnectionMeasurement(server.AcceptedConnections, timeWait, failures, outcome);
    }
}
