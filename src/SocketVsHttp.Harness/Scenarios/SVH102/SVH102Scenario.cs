using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH102;

/// <summary>
/// N sequential redirect look-ups through <c>RedirectResolver.GetLocationAsync</c>: a configured handler (and its
/// client) per call vs the handler hoisted with its client into one static field (the SVH102 fix).
/// </summary>
public sealed class SVH102Scenario() : ConnectionCountScenario(new ConnectionCount
{
    RuleId = "SVH102",
    Title = "HttpMessageHandler is created per operation",
    Measures = "N sequential redirect look-ups (handler with AllowAutoRedirect = false): TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time",
    Bad = LookUps(Bad.RedirectResolver.GetLocationAsync),
    Fixed = LookUps(Fixed.RedirectResolver.GetLocationAsync),
    Operations = "look-ups",
    FailuresRow = Failures,
    Confirmed = (bad, fixedRun, n) => $"a handler per call opened {bad.Connections} connections for {n} look-ups and left {bad.TimeWait} sockets in TIME_WAIT; the hoisted handler used {fixedRun.Connections} connection and left {fixedRun.TimeWait}",
})
{
    public const string Failures = "failed look-ups";

    /// <summary>Where the server's 302 points; the resolver must return it without following it.</summary>
    public const string TargetPath = "/target";

    /// <summary>Every request is answered with a redirect; the handler must not follow it.</summary>
    private static ConnectionWorkload LookUps(Func<Uri, Task<Uri?>> getLocation)
        => SequentialRequests.Workload(
            context =>
            {
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = TargetPath;
                return Task.CompletedTask;
            },
            "old",
            async uri => (await getLocation(uri).ConfigureAwait(false))?.OriginalString == TargetPath);
}
