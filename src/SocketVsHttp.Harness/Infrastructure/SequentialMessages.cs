using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// Sends N one-line messages of one variant to a fresh loopback TCP server that reads lines until the client closes, and
/// counts the connections it accepted, the messages it received and the client sockets left in TIME_WAIT.
/// </summary>
public static class SequentialMessages
{
    /// <summary>Lets the last closed connection reach TIME_WAIT before counting.</summary>
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait for the server to read the last message after the sender is done.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The workload for <see cref="ConnectionCountScenario"/> of a sender (its owner, its method that sends one line): a message not received counts as a failure.</summary>
    public static ConnectionWorkload Workload(Func<IPEndPoint, Owned<Action<string>>> createSender)
        => (settings, ct) => MeasureAsync(createSender, settings, ct);

    public static async Task<ConnectionMeasurement> MeasureAsync(Func<IPEndPoint, Owned<Action<string>>> createSender, ScenarioSettings settings, CancellationToken ct)
    {
        var received = 0;
        await using var server = LoopbackTcpServer.Start(async (connection, token) =>
        {
            using var reader = new StreamReader(connection.GetStream());
            while (await reader.ReadLineAsync(token).ConfigureAwait(false) is not null)
            {
                Interlocked.Increment(ref received);
            }
        });
        var timeWaitBefore = TcpStates.CountTimeWaitToward(server.Port);

        var outcome = await Bounded.RunBlockingAsync(
            token =>
            {
                var sender = createSender(server.EndPoint);
                using var owner = sender.Owner;
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    sender.Call($"message {i}");
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        // The server reads on its own schedule: wait (bounded) until it has every message.
        var drain = Stopwatch.StartNew();
        while (Volatile.Read(ref received) < settings.Requests && drain.Elapsed < DrainTimeout)
        {
            await Task.Delay(10, ct).ConfigureAwait(false);
        }

        await Task.Delay(SettleDelay, ct).ConfigureAwait(false);
        var timeWait = Math.Max(0, TcpStates.CountTimeWaitToward(server.Port) - timeWaitBefore);
        var got = Volatile.Read(ref received);
        return new ConnectionMeasurement(server.AcceptedConnections, timeWait, Math.Max(0, settings.Requests - got), outcome) { Received = got };
    }
}
