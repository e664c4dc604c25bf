using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;
using Xunit;

namespace SocketVsHttp.Harness.Tests;

public class InfrastructureTests
{
    [Fact]
    public void Catalog_DiscoversScenariosByReflection_SortedAndUnique()
    {
        var ids = ScenarioCatalog.All.Select(s => s.RuleId).ToList();

        Assert.Contains("SVH101", ids);
        Assert.Contains("SVH201", ids);
        Assert.Contains("SVH301", ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), ids);
        Assert.All(ScenarioCatalog.All, s => Assert.Matches("^SVH[0-9]{3}$", s.RuleId));
        Assert.Same(ScenarioCatalog.Find("SVH201"), ScenarioCatalog.Find("svh201"));
        Assert.Null(ScenarioCatalog.Find("SVH000"));
    }

    [Fact]
    public async Task Bounded_StopsAVariantThatWouldRunForever()
    {
        var outcome = await Bounded.RunAsync(ct => Task.Delay(Timeout.Infinite, ct), TimeSpan.FromMilliseconds(100));

        Assert.Equal(OutcomeKind.HitBound, outcome.Kind);
        Assert.StartsWith("hit the bound", outcome.Describe());
    }

    [Fact]
    public async Task Bounded_ReportsCompletionExceptionsAndCallbackBounds()
    {
        var completed = await Bounded.RunAsync(_ => Task.CompletedTask, TimeSpan.FromSeconds(5));
        var threw = await Bounded.RunAsync(_ => throw new IOException("gone"), TimeSpan.FromSeconds(5));
        var capped = await Bounded.RunBlockingAsync(_ => throw new BoundReachedException("10 empty reads"), TimeSpan.FromSeconds(5));

        Assert.Equal("completed", completed.Describe());
        Assert.Equal("threw IOException", threw.Describe());
        Assert.Equal("hit the bound (10 empty reads)", capped.Describe());
    }

    [Fact]
    public async Task Bounded_ReleasesABlockingCallThroughOnBound()
    {
        await using var server = LoopbackTcpServer.Start((_, ct) => Task.Delay(Timeout.Infinite, ct));
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();

        // A blocking read on a silent connection: only closing the socket releases it.
        var outcome = await Bounded.RunBlockingAsync(_ => stream.ReadExactly(new byte[1]), TimeSpan.FromMilliseconds(200), client.Close);

        Assert.Equal(OutcomeKind.HitBound, outcome.Kind);
        Assert.DoesNotContain("did not stop", outcome.Describe());
    }

    [Fact]
    public async Task TcpServer_IsLoopbackOnly_CountsAccepts()
    {
        await using var server = LoopbackTcpServer.Start(async (connection, ct) =>
            await connection.GetStream().WriteAsync(Encoding.ASCII.GetBytes("hi"), ct));

        for (var i = 0; i < 2; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(server.EndPoint);
            var buffer = new byte[2];
            await client.GetStream().ReadExactlyAsync(buffer);
            Assert.Equal("hi", Encoding.ASCII.GetString(buffer));
        }

        Assert.Equal("127.0.0.1", server.EndPoint.Address.ToString());
        Assert.NotEqual(0, server.Port);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task HttpServer_IsLoopbackOnly_CountsConnectionsNotRequests()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => context.Response.WriteAsync("pong"));
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler);

        Assert.Equal("pong", await client.GetStringAsync(server.BaseUri));
        Assert.Equal("pong", await client.GetStringAsync(server.BaseUri));

        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public void TablePrinter_AlignsColumnsAndPrintsVerdict()
    {
        var result = new ScenarioResult
        {
            RuleId = "SVH999",
            Title = "Example",
            Measures = "things",
            Settings = new ScenarioSettings(),
            Metrics = new[] { new MetricRow("a", 1, 2, "count"), new MetricRow("longer name", 1.26, 0, "ms") },
            BadOutcome = "completed",
            FixedOutcome = "completed",
            Verdict = "fine",
            VerdictKind = VerdictKind.Confirmed,
        };
        using var output = new StringWriter();

        TablePrinter.Print(result, output);

        var tableLines = output.ToString().Split(Environment.NewLine).Where(l => l.Contains(" | ")).ToList();
        Assert.Equal(4, tableLines.Count);
        Assert.Single(tableLines.Select(l => l.IndexOf(" | ", StringComparison.Ordinal)).Distinct());
        Assert.Contains("longer name (ms) | 1.3", output.ToString());
        Assert.Contains("verdict: CONFIRMED: fine", output.ToString());
    }
}
