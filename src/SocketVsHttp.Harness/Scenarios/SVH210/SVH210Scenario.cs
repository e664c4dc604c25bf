using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH210;

/// <summary>
/// N clients each connect to the variant's echo server on loopback, send one message, read the echo, then wait (bounded)
/// for the server to close: a 0-byte read. Then the clients close, and the harness counts what the server side still holds:
/// the process's socket descriptors (the GC held off meanwhile, so no finalizer closes what the code forgot), the server's
/// connections stuck in CLOSE_WAIT (the peer closed, the server never did), and the descriptors left after a forced full GC.
/// </summary>
public sealed class SVH210Scenario : Scenario<Func<TcpListener, int, Task>, SVH210Scenario.Measurement>
{
    public const string Connections = "connections accepted and echoed";
    public const string ClosedByServer = "connections the server closed (client read 0 bytes)";
    public const string LeftOpen = "server socket handles left open after the clients closed";
    public const string CloseWait = "server connections stuck in CLOSE_WAIT";
    public const string OpenAfterGc = "still open after a forced full GC";

    private static readonly TimeSpan CloseWaitBound = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(100);
    private static readonly byte[] Message = { 1, 2, 3, 4 };

    public override string RuleId => "SVH210";

    public override string Title => "Connection is never closed";

    public override string Measures => "N connections to an echo server whose handler never closes them: how many the client saw closed, socket handles and CLOSE_WAIT connections the server still holds after the clients left, before and after a forced GC";

    protected override Func<TcpListener, int, Task> BadCode => Bad.EchoServer.ServeAsync;

    protected override Func<TcpListener, int, Task> FixedCode => Fixed.EchoServer.ServeAsync;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Connections, "count", m => m.Echoed),
        new(ClosedByServer, "count", m => m.ClosedByServer),
        new(LeftOpen, "count", m => m.LeftOpen),
        new(CloseWait, "count", m => m.CloseWait),
        new(OpenAfterGc, "count", m => m.OpenAfterGc),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var connections = Math.Max(1, settings.Requests);
        var tolerance = connections / 10;
        var confirmed = bad.Echoed == connections && fixedRun.Echoed == connections
            && bad.ClosedByServer <= tolerance && bad.LeftOpen >= connections - tolerance
            && fixedRun.ClosedByServer >= connections - tolerance && fixedRun.LeftOpen <= tolerance;
        return ScenarioVerdict.From(
            confirmed,
            $"the handler that never closes left {bad.LeftOpen} of {connections} server sockets open after the clients had gone ({bad.CloseWait} in CLOSE_WAIT, {bad.OpenAfterGc} still open after a forced full GC) and no client saw a close within {CloseWaitBound.TotalMilliseconds:0} ms ({bad.ClosedByServer}); with using, every client saw the close ({fixedRun.ClosedByServer}) and {fixedRun.LeftOpen} were left open",
            $"expected about {connections} server sockets left open and no close seen for bad, 0 open and {connections} closes for fixed; measured bad {bad.LeftOpen} open / {bad.ClosedByServer} closed / {bad.Echoed} echoed, fixed {fixedRun.LeftOpen} open / {fixedRun.ClosedByServer} closed / {fixedRun.Echoed} echoed{(SocketHandles.Exact ? string.Empty : "; /proc/self/fd is not available, process handle count used")}");
    }

    protected override string Outcome(Measurement run, ScenarioSettings settings) => run.Outcome;

    protected override async Task<Measurement> MeasureAsync(Func<TcpListener, int, Task> serve, ScenarioSettings settings, CancellationToken ct)
    {
        var connections = Math.Max(1, settings.Requests);
        var bound = settings.Bound;
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var endPoint = (IPEndPoint)listener.LocalEndpoint;

            // Let earlier garbage (warm-up, other scenarios) be finalized first so only this run's sockets count.
            SocketHandles.FullGc();
            var before = SocketHandles.Count();
            int echoed;
            int closedByServer;
            int leftOpen;
            int closeWait;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                deadline.CancelAfter(bound);
                using (SocketHandles.NoGcRegion())
                {
                    var server = serve(listener, connections);
                    var clients = new Task<(bool Echoed, bool Closed)>[connections];
                    for (var i = 0; i < connections; i++)
                    {
                        clients[i] = ClientAsync(endPoint, deadline.Token);
                    }

                    var results = await Task.WhenAll(clients).ConfigureAwait(false);
                    await server.WaitAsync(deadline.Token).ConfigureAwait(false);
                    echoed = 0;
                    closedByServer = 0;
                    foreach (var (wasEchoed, closed) in results)
                    {
                        echoed += wasEchoed ? 1 : 0;
                        closedByServer += closed ? 1 : 0;
                    }

                    // The clients are gone; give the server side a moment to see their FIN, then count what it still holds.
                    await Task.Delay(Settle, ct).ConfigureAwait(false);
                    // This server's own sockets where /proc allows it (exact); else the process's socket count against before.
                    leftOpen = SocketHandles.CountOnLocalPort(endPoint.Port) ?? Math.Max(0, SocketHandles.Count() - before);
                    closeWait = TcpStates.CountAt(endPoint.Port, TcpState.CloseWait);
                }
            }

            SocketHandles.FullGc();
            var openAfterGc = SocketHandles.CountOnLocalPort(endPoint.Port) ?? Math.Max(0, SocketHandles.Count() - before);
            var outcome = closedByServer == connections
                ? "every client read the server's close (0 bytes) after its echo"
                : $"{connections - closedByServer} of {connections} clients were still waiting for the server to close after {CloseWaitBound.TotalMilliseconds:0} ms";
            return new Measurement(echoed, closedByServer, leftOpen, closeWait, openAfterGc, outcome);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Connects, sends one message, reads its echo, then waits up to <see cref="CloseWaitBound"/> for the server to close.</summary>
    private static async Task<(bool Echoed, bool Closed)> ClientAsync(IPEndPoint endPoint, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(endPoint, ct).ConfigureAwait(false);
        var stream = client.GetStream();
        await stream.WriteAsync(Message, ct).ConfigureAwait(false);
        var buffer = new byte[Message.Length];
        await stream.ReadExactlyAsync(buffer, ct).ConfigureAwait(false);

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(CloseWaitBound);
        try
        {
            var n = await stream.ReadAsync(buffer, wait.Token).ConfigureAwait(false);
            return (true, n == 0);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (true, false);
        }
        catch (IOException)
        {
            // A reset is a close too.
            return (true, true);
        }
    }

    public sealed record Measurement(int Echoed, int ClosedByServer, int LeftOpen, int CloseWait, int OpenAfterGc, string Outcome);
}
