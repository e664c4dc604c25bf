using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH111;

/// <summary>
/// N sequential unary calls to a gRPC service (Grpc.AspNetCore on Kestrel, cleartext HTTP/2 over loopback) through
/// <c>EchoClient.SayAsync</c>: a channel per call vs one shared channel. The server counts the TCP connections it accepts.
/// The fixed channel is a static field that reads its address once, so both variants talk to one server that lives for
/// the process (started on first use); each run counts the connections it added.
/// </summary>
public sealed class SVH111Scenario : Scenario<Func<string, Task<string>>, ConnectionMeasurement>
{
    public const string Connections = "TCP connections accepted";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed calls";

    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static LoopbackHttpServer? server;

    public override string RuleId => "SVH111";

    public override string Title => "GrpcChannel is created per operation";

    public override string Measures => "N sequential unary gRPC calls to a Kestrel HTTP/2 service on loopback: TCP connections the server accepted, failed calls, elapsed time";

    protected override Func<string, Task<string>> BadCode => Bad.EchoClient.SayAsync;

    protected override Func<string, Task<string>> FixedCode => Fixed.EchoClient.SayAsync;

    /// <summary>Bad.cs only, in <see cref="MeasureBothAsync"/>: Fixed.cs's first call opens its one channel, which the measured run has to show.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<ConnectionMeasurement>> Metrics => new Metric<ConnectionMeasurement>[]
    {
        new(Connections, "count", m => m.Connections),
        new(Failures, "count", m => m.Failures),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(ConnectionMeasurement bad, ConnectionMeasurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Failures == 0 && fixedRun.Failures == 0
            && bad.Connections == n && fixedRun.Connections <= 1;
        return ScenarioVerdict.From(
            confirmed,
            $"a channel per call opened {bad.Connections} HTTP/2 connections for {n} calls; the shared channel opened {fixedRun.Connections} ({(fixedRun.Connections == 0 ? "it was opened by an earlier run in this process" : "and multiplexed every call over it")}); {bad.Outcome.Elapsed.TotalMilliseconds:0} ms vs {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms",
            $"expected {n} vs at most 1 connections; measured {bad.Connections} vs {fixedRun.Connections}, failures {bad.Failures} vs {fixedRun.Failures}, bad {bad.Outcome.Describe()}, fixed {fixedRun.Outcome.Describe()}");
    }

    /// <summary>
    /// Both files read the service's address from a static the run sets first; the fixed channel is a static that reads it
    /// once, so the service lives for the process. Warm-up of Bad.cs only (JIT of the gRPC client).
    /// </summary>
    protected override async Task<(ConnectionMeasurement Bad, ConnectionMeasurement Fixed)> MeasureBothAsync(
        Func<string, Task<string>> badCode, Func<string, Task<string>> fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        var grpc = await ServerAsync(ct).ConfigureAwait(false);
        Bad.EchoEndpoint.Address = grpc.BaseUri.ToString();
        Fixed.EchoEndpoint.Address = grpc.BaseUri.ToString();
        await MeasureAsync(BadCode, settings with { Requests = 1 }, ct).ConfigureAwait(false);
        return await base.MeasureBothAsync(badCode, fixedCode, settings, ct).ConfigureAwait(false);
    }

    protected override async Task<ConnectionMeasurement> MeasureAsync(Func<string, Task<string>> say, ScenarioSettings settings, CancellationToken ct)
    {
        var grpc = await ServerAsync(ct).ConfigureAwait(false);
        var before = grpc.AcceptedConnections;
        var failures = 0;
        var outcome = await Bounded.RunAsync(
            async token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (await say("ping " + i).ConfigureAwait(false) != "echo: ping " + i)
                    {
                        failures++;
                    }
                }
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        // A disposed channel's connection may still be finishing its accept count: settle briefly.
        await Task.Delay(50, ct).ConfigureAwait(false);
        return new ConnectionMeasurement(grpc.AcceptedConnections - before, 0, failures, outcome);
    }

    /// <summary>The process's gRPC echo service, started on first use and kept (the fixed variant's static channel points at it).</summary>
    private static async Task<LoopbackHttpServer> ServerAsync(CancellationToken ct)
    {
        await Starting.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return server ??= await LoopbackHttpServer.StartAsync(
                builder =>
                {
                    builder.Services.AddRouting();
                    builder.Services.AddLogging();
                    builder.Services.AddGrpc();
                    var app = builder.Build();
                    app.MapGrpcService<EchoService>();
                    return app;
                },
                HttpProtocols.Http2,
                ct).ConfigureAwait(false);
        }
        finally
        {
            Starting.Release();
        }
    }
}

/// <summary>A unary echo service bound by hand (what protoc would generate), so no .proto file or code generator is needed.</summary>
[BindServiceMethod(typeof(EchoService), nameof(BindService))]
public class EchoService
{
    private static readonly Method<string, string> SayMethod = new(MethodType.Unary, "harness.Echo", "Say", Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    public static void BindService(ServiceBinderBase binder, EchoService? service) =>
        binder.AddMethod(SayMethod, service is null ? null : new UnaryServerMethod<string, string>(service.Say));

    // Named as the gRPC method and virtual on the bound type: the service binder finds the handler that way.
    public virtual Task<string> Say(string request, ServerCallContext context) => Task.FromResult("echo: " + request);
}
