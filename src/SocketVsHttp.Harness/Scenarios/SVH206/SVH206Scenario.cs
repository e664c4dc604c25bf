using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH206;

/// <summary>
/// N one-line messages through <c>LineSender.Send</c> to a server that reads lines until the client closes: a connection
/// per message vs one kept connection. Counts what the server accepted and received and the client's TIME_WAIT sockets.
/// </summary>
public sealed class SVH206Scenario() : ConnectionCountScenario(new ConnectionCount
{
    RuleId = "SVH206",
    Title = "A TCP connection is opened per message",
    Measures = "N one-line messages: TCP connections the server accepted, messages it received, client sockets left in TIME_WAIT, elapsed time",
    Bad = SequentialMessages.Workload(endPoint =>
    {
        var sender = new Bad.LineSender(endPoint);
        return new Owned<System.Action<string>>(sender, sender.Send);
    }),
    Fixed = SequentialMessages.Workload(endPoint =>
    {
        var sender = new Fixed.LineSender(endPoint);
        return new Owned<System.Action<string>>(sender, sender.Send);
    }),
    Operations = "messages",
    FailuresRow = null,
    Sampled = false,
    Confirmed = (bad, fixedRun, n) => $"a connection per message opened {bad.Connections} connections for {n} messages and left {bad.TimeWait} sockets in TIME_WAIT; the kept connection carried all {fixedRun.Received} messages over {fixedRun.Connections} connection and left {fixedRun.TimeWait}",
});
