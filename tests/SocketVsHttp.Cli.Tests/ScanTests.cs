using System.Text.Json;
using SocketVsHttp.Cli;
using Xunit;

namespace SocketVsHttp.Cli.Tests;

/// <summary>
/// `socketvshttp scan` over folders written by each test: the exact findings in each format, the exit codes, the
/// baseline, the scanned code's .editorconfig, and a project that relies on the SDK's implicit usings.
/// </summary>
public sealed class ScanTests : IDisposable
{
    // SVH101 on line 9 (the creation), SVH201 on line 17 (the read whose count is never tested for 0).
    private const string BadCode = """
        using System;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public static class Client
        {
            public static async Task<string> FetchAsync(Uri uri)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync(uri);
            }

            public static void Pump(NetworkStream stream, Action<byte[], int> onData)
            {
                var buffer = new byte[1024];
                try
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        onData(buffer, n);
                    }
                }
                catch (System.IO.IOException)
                {
                }
            }
        }

        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>disable</ImplicitUsings>
          </PropertyGroup>
        </Project>

        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "svh-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public ScanTests()
    {
        Directory.CreateDirectory(Path.Combine(folder, "App"));
        File.WriteAllText(Path.Combine(folder, "App", "App.csproj"), Project);
        File.WriteAllText(Path.Combine(folder, "App", "Client.cs"), BadCode);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Text_lists_each_finding_grouped_by_rule_with_counts_and_fails_on_warnings()
    {
        var (exit, output, _) = await RunAsync("scan", folder);

        Assert.Equal(CliApp.FindingsFound, exit);
        Assert.Contains("SVH101  HttpClient is created per operation  (1)  https://github.com/socketvshttp/socketvshttp/blob/main/docs/rules/SVH101.md", output);
        Assert.Contains("  App/Client.cs:10:28: warning: ", output);
        Assert.Contains("SVH201  Receive loop ignores the peer's close  (1)", output);
        Assert.Contains("  App/Client.cs:21:25: warning: ", output);
        Assert.Contains("2 finding(s) in 1 file(s) of 1 project(s): SVH101 1, SVH201 1", output);
    }

    [Fact]
    public async Task Json_has_the_exact_findings()
    {
        var (exit, output, _) = await RunAsync("scan", folder, "--format", "json");

        Assert.Equal(CliApp.FindingsFound, exit);
        using var json = JsonDocument.Parse(output);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => $"{f.GetProperty("rule").GetString()} {f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()} {f.GetProperty("member").GetString()} {f.GetProperty("severity").GetString()}")
            .ToArray();
        Assert.Equal(new[] { "SVH101 App/Client.cs:10 Client.FetchAsync warning", "SVH201 App/Client.cs:21 Client.Pump warning" }, findings);
        Assert.Empty(json.RootElement.GetProperty("analyzerExceptions").EnumerateArray());
    }

    [Fact]
    public async Task Sarif_is_2_1_0_with_rule_metadata_and_one_result_per_finding()
    {
        var file = Path.Combine(folder, "out.sarif");
        var (exit, output, _) = await RunAsync("scan", folder, "--format", "sarif", "--output", file);

        Assert.Equal(CliApp.FindingsFound, exit);
        Assert.Equal(string.Empty, output.Trim());
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-schema-2.1.0.json"));
        var violations = schema.Validate(File.ReadAllText(file));
        Assert.True(violations.Count == 0, string.Join("\n", violations.Select(v => $"{v.Path}: {v.Kind}")));
        Assert.NotEmpty(schema.Validate(File.ReadAllText(file).Replace("\"version\": \"2.1.0\"", "\"version\": \"2.0\"")));  // the schema does judge
        using var sarif = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = Assert.Single(sarif.RootElement.GetProperty("runs").EnumerateArray());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToArray();
        Assert.Contains(rules, r => r.GetProperty("id").GetString() == "SVH101");
        Assert.All(rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.True(r.GetProperty("fullDescription").GetProperty("text").GetString()!.Length > 40);
            Assert.StartsWith("https://", r.GetProperty("helpUri").GetString());
            Assert.Contains(r.GetProperty("defaultConfiguration").GetProperty("level").GetString(), new[] { "note", "warning", "error" });
        });

        var results = run.GetProperty("results").EnumerateArray().ToArray();
        Assert.Equal(2, results.Length);
        var first = results[0];
        Assert.Equal("SVH101", first.GetProperty("ruleId").GetString());
        Assert.Equal("SVH101", rules[first.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        var location = first.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("App/Client.cs", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(10, location.GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Theory]
    [InlineData("none", CliApp.Ok)]
    [InlineData("error", CliApp.Ok)]
    [InlineData("warning", CliApp.FindingsFound)]
    public async Task Fail_on_sets_the_exit_code(string failOn, int expected)
    {
        var (exit, _, _) = await RunAsync("scan", folder, "--fail-on", failOn);
        Assert.Equal(expected, exit);
    }

    [Fact]
    public async Task Rules_filter_keeps_only_matching_rules()
    {
        var (_, output, _) = await RunAsync("scan", folder, "--rules", "SVH2*", "--format", "json");
        using var json = JsonDocument.Parse(output);
        Assert.Equal(new[] { "SVH201" }, json.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("rule").GetString()).ToArray());
    }

    [Fact]
    public async Task Baseline_hides_recorded_findings_and_reports_a_new_one()
    {
        var baseline = Path.Combine(folder, "baseline.json");
        var (recordExit, recordOutput, _) = await RunAsync("scan", folder, "--baseline", baseline, "--update-baseline");
        Assert.Equal(CliApp.Ok, recordExit);
        Assert.Contains("2 finding(s) recorded", recordOutput);

        // Lines above the findings move them; they stay recorded (the key holds no line number).
        File.WriteAllText(Path.Combine(folder, "App", "Client.cs"), "// a comment that moves every line\n" + BadCode);
        var (quietExit, quietOutput, _) = await RunAsync("scan", folder, "--baseline", baseline);
        Assert.Equal(CliApp.Ok, quietExit);
        Assert.Contains("0 finding(s)", quietOutput);
        Assert.Contains("2 known from the baseline not shown", quietOutput);

        // A new defect is reported.
        File.WriteAllText(Path.Combine(folder, "App", "More.cs"), """
            public static class More
            {
                public static System.Threading.Tasks.Task<string> Get(System.Uri uri) => new System.Net.Http.HttpClient().GetStringAsync(uri);
            }

            """);
        var (newExit, newOutput, _) = await RunAsync("scan", folder, "--baseline", baseline);
        Assert.Equal(CliApp.FindingsFound, newExit);
        Assert.Contains("App/More.cs:3:", newOutput);
        Assert.Contains("1 finding(s)", newOutput);
    }

    [Fact]
    public async Task Editorconfig_of_the_scanned_code_sets_severities()
    {
        File.WriteAllText(Path.Combine(folder, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.SVH101.severity = none
            dotnet_diagnostic.SVH201.severity = error

            """);
        var (exit, output, _) = await RunAsync("scan", folder, "--format", "json", "--fail-on", "error");

        Assert.Equal(CliApp.FindingsFound, exit);
        using var json = JsonDocument.Parse(output);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("SVH201", finding.GetProperty("rule").GetString());
        Assert.Equal("error", finding.GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Implicit_usings_of_the_project_bind_the_types()
    {
        // No using directive at all: HttpClient binds only through the SDK's implicit global usings.
        File.WriteAllText(Path.Combine(folder, "App", "App.csproj"), Project.Replace("<ImplicitUsings>disable</ImplicitUsings>", "<ImplicitUsings>enable</ImplicitUsings>"));
        File.WriteAllText(Path.Combine(folder, "App", "Client.cs"), """
            public static class Client
            {
                public static async Task<string> FetchAsync(Uri uri)
                {
                    using var client = new HttpClient();
                    return await client.GetStringAsync(uri);
                }
            }

            """);
        var (_, output, _) = await RunAsync("scan", folder, "--format", "json");

        using var json = JsonDocument.Parse(output);
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal("SVH101", finding.GetProperty("rule").GetString());
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("scan", "/no/such/folder")]
    [InlineData("scan", ".", "--format", "xml")]
    [InlineData("scan", ".", "--rules", "XYZ1")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_with_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(CliApp.UsageOrLoadError, exit);
        Assert.Contains("error:", error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
