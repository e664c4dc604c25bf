using System;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness.Scenarios.SVH110;

/// <summary>
/// N sequential GETs through <c>StatusClient.GetStatusAsync</c>: a <c>WebClient</c> per call vs the fix's shared
/// <c>HttpClient</c>. CONFIRMED only when the WebClient opened a connection per request and the shared client one;
/// NOT SHOWN HERE when both used the same number (.NET 5+ caches one client for a default WebClient).
/// </summary>
/// <remarks>
/// The rule's claim about connections: a WebClient per call opens a connection per request, the shared HttpClient reuses
/// one. On .NET 5+ a WebClient with default settings does not: HttpWebRequest reuses one cached HttpClient while no
/// credentials, proxy, certificate callback, cookies or client certificates are set (then each request gets an HttpClient
/// of its own). When both columns used the same number of connections, this Bad.cs on this runtime cannot show the claim:
/// NOT SHOWN HERE, with the measured counts; elapsed times are never evidence.
/// </remarks>
public sealed class SVH110Scenario() : ConnectionCountScenario(new ConnectionCount
{
    RuleId = "SVH110",
    Title = "Legacy WebClient / WebRequest in new code",
    Measures = "N sequential GETs, a WebClient per call vs the shared HttpClient: TCP connections the server accepted, client sockets left in TIME_WAIT, elapsed time",
    Bad = SVH101.SVH101Scenario.Gets(Bad.StatusClient.GetStatusAsync),
    Fixed = SVH101.SVH101Scenario.Gets(Fixed.StatusClient.GetStatusAsync),
    FailuresRow = Failures,
    Sampled = false,
    Confirmed = (bad, fixedRun, n) => $"a WebClient per call opened {bad.Connections} connections for {n} requests and left {bad.TimeWait} sockets in TIME_WAIT; the shared HttpClient used {fixedRun.Connections} and left {fixedRun.TimeWait}",
    SameCountNotShownHere = (bad, fixedRun, n) => $"on .NET {Environment.Version.Major} a WebClient with default settings reuses one cached HttpClient, so a connection per request cannot be shown with this Bad.cs: measured {bad.Connections} vs {fixedRun.Connections} connections for {n} requests, {bad.TimeWait} vs {fixedRun.TimeWait} sockets in TIME_WAIT, failures {bad.Failures} vs {fixedRun.Failures} (a WebClient with credentials, a proxy, cookies or a certificate callback would get an HttpClient of its own per request)",
})
{
    public const string Failures = "failed requests";
}
