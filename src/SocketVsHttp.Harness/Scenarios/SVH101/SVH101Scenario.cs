using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH101;

/// <summary>N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a client per call vs one shared client.</summary>
public sealed class SVH101Scenario() : ConnectionCountScenario(new ConnectionCount
{
    RuleId = "SVH101",
    Title = "HttpClient is created per operation",
    Measures = "N sequential GETs: TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time",
    Bad = Gets(Bad.StatusClient.GetStatusAsync),
    Fixed = Gets(Fixed.StatusClient.GetStatusAsync),
    FailuresRow = Failures,
    Confirmed = (bad, fixedRun, n) => $"a client per call opened {bad.Connections} connections for {n} requests and left {bad.TimeWait} sockets in TIME_WAIT; the shared client used {fixedRun.Connections} connection and left {fixedRun.TimeWait}",
})
{
    public const string Failures = "failed requests";

    /// <summary>N GETs of <c>/status</c>, answered <c>ok</c>; a request is right when the method returns <c>ok</c>.</summary>
    internal static ConnectionWorkload Gets(System.Func<System.Uri, System.Threading.Tasks.Task<string>> getStatus)
        => SequentialRequests.Workload(
            context => context.Response.WriteAsync("ok"),
            "status",
            async uri => await getStatus(uri).ConfigureAwait(false) == "ok");
}
