using System.Text.Json;
using SocketVsHttp.Harness.Infrastructure;
using Xunit;

namespace SocketVsHttp.Harness.Tests;

public class CliTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Cli.RunAsync(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task List_PrintsEveryScenarioId()
    {
        var (exitCode, output, _) = await RunAsync("list");

        Assert.Equal(Cli.ExitOk, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("SVH101 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SVH201 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SVH301 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_UnknownId_ReturnsNonZero()
    {
        var (exitCode, output, error) = await RunAsync("run", "SVH999");

        Assert.Equal(Cli.ExitUnknownId, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains("SVH999", error);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("run")]
    [InlineData("run", "SVH101", "--requests", "0")]
    [InlineData("run", "SVH101", "--bound-ms")]
    [InlineData("run", "SVH101", "--verbose")]
    public async Task BadUsage_ReturnsUsageError(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args);

        Assert.Equal(Cli.ExitUsage, exitCode);
        Assert.Contains("usage:", error);
    }

    [Fact]
    public async Task Run_PrintsTableAndVerdict()
    {
        var (exitCode, output, _) = await RunAsync("run", "svh201", "--bound-ms", "5000");

        Assert.Equal(Cli.ExitOk, exitCode);
        Assert.Contains("SVH201  Receive loop ignores the peer's close", output);
        Assert.Contains("metric", output);
        Assert.Contains("| bad", output);
        Assert.Contains("| fixed", output);
        Assert.Contains("verdict: CONFIRMED", output);
    }

    [Fact]
    public async Task RunAll_Json_ParsesWithOneResultPerScenario()
    {
        var (exitCode, output, error) = await RunAsync("run", "all", "--json", "--requests", "3", "--bound-ms", "5000");

        Assert.True(exitCode == Cli.ExitOk, error);
        using var document = JsonDocument.Parse(output);
        var results = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(ScenarioCatalog.All.Count, results.Count);
        Assert.Equal(ScenarioCatalog.All.Select(s => s.RuleId), results.Select(r => r.GetProperty("ruleId").GetString()));
        Assert.Equal("SVH101", results[0].GetProperty("ruleId").GetString());
        foreach (var result in results)
        {
            Assert.True(result.GetProperty("confirmed").GetBoolean(), result.GetProperty("verdict").GetString());
            Assert.NotEmpty(result.GetProperty("metrics").EnumerateArray());
            foreach (var metric in result.GetProperty("metrics").EnumerateArray())
            {
                Assert.False(string.IsNullOrEmpty(metric.GetProperty("name").GetString()));
                metric.GetProperty("bad").GetDouble();
                metric.GetProperty("fixed").GetDouble();
            }
        }

        var svh101 = results[0];
        Assert.Equal(3, svh101.GetProperty("settings").GetProperty("requests").GetInt32());
        Assert.Equal(5000, svh101.GetProperty("settings").GetProperty("boundMs").GetInt64());
    }
}
