using System.Diagnostics;
using SocketVsHttp.Cli;
using Xunit;

namespace SocketVsHttp.Cli.Tests;

/// <summary>
/// `scan` of a restored .csproj in project mode (MSBuild evaluates it: both targets of a multi-targeted project), the
/// fallback to folder mode for one that is not restored, and `fix`: the diff of a dry run, the files it writes, and a
/// scan afterwards that no longer finds what was fixed.
/// </summary>
public sealed class ProjectModeAndFixTests : IDisposable
{
    // SVH101 at line 8 (the creation inside the using statement).
    private const string BadCode = """
        using System.Net.Http;
        using System.Threading.Tasks;

        public class Fetcher
        {
            public async Task<string> GetAsync(string url)
            {
                using (var client = new HttpClient())
                {
                    return await client.GetStringAsync(url);
                }
            }
        }

        """;

    private const string FixedCode = """
        using System.Net.Http;
        using System.Threading.Tasks;

        public class Fetcher
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(string url)
            {
                return await SharedHttpClient.GetStringAsync(url);
            }
        }

        """;

    private readonly string folder = Path.Combine(Path.GetTempPath(), "svh-fix-" + Guid.NewGuid().ToString("N")[..10]);

    public ProjectModeAndFixTests()
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "Fetcher.cs"), BadCode);
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
    public async Task Restored_project_is_scanned_in_project_mode_once_per_target()
    {
        var project = WriteProject("<TargetFrameworks>net10.0;net9.0</TargetFrameworks>");
        await RestoreAsync(project);

        var (exit, output, error) = await RunAsync("scan", project, "--format", "json");

        Assert.Equal(CliApp.FindingsFound, exit);
        Assert.DoesNotContain("folder mode", error);
        Assert.Contains("\"mode\": \"project\"", output);
        Assert.Contains("\"projects\": 2", output); // Lib(net10.0) and Lib(net9.0)
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "\"rule\": \"SVH101\""));

        // The folder that holds the one project is that project, as for `dotnet build`.
        var (_, folderOutput, _) = await RunAsync("scan", folder, "--format", "json");
        Assert.Contains("\"mode\": \"project\"", folderOutput);
        var (_, noBuildOutput, _) = await RunAsync("scan", folder, "--format", "json", "--no-build");
        Assert.Contains("\"mode\": \"folder\"", noBuildOutput);
    }

    [Fact]
    public async Task Project_that_is_not_restored_falls_back_to_folder_mode_and_says_so()
    {
        var project = WriteProject("<TargetFramework>net10.0</TargetFramework>");

        var (exit, output, error) = await RunAsync("scan", project);

        Assert.Equal(CliApp.FindingsFound, exit);
        Assert.Contains("not restored", error);
        Assert.Contains("scanning in folder mode instead", error);
        Assert.Contains("Fetcher.cs:8:", output);
    }

    [Fact]
    public async Task Dry_run_prints_the_unified_diff_and_writes_nothing()
    {
        WriteProject("<TargetFramework>net10.0</TargetFramework>");

        var (exit, output, _) = await RunAsync("fix", folder, "--dry-run", "--no-build");

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal(BadCode, File.ReadAllText(Path.Combine(folder, "Fetcher.cs")));
        Assert.Contains("SVH101: fixed 1 of 1 finding(s)", output);
        Assert.Contains(
            """
            --- a/Fetcher.cs
            +++ b/Fetcher.cs
            @@ -3,12 +3,11 @@
             
             public class Fetcher
             {
            +    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) });
            +
                 public async Task<string> GetAsync(string url)
                 {
            -        using (var client = new HttpClient())
            -        {
            -            return await client.GetStringAsync(url);
            -        }
            +        return await SharedHttpClient.GetStringAsync(url);
                 }
             }
             
            """.Replace("\r\n", "\n"),
            output.Replace("\r\n", "\n"));
        Assert.Contains("1 finding(s) fixed in 1 file(s) (dry run: nothing written)", output);
    }

    [Fact]
    public async Task Fix_writes_the_files_and_a_new_scan_finds_nothing_left()
    {
        WriteProject("<TargetFramework>net10.0</TargetFramework>");

        var (exit, output, _) = await RunAsync("fix", folder, "--rules", "SVH1*", "--no-build");

        Assert.Equal(CliApp.Ok, exit);
        Assert.Contains("changed: Fetcher.cs", output);
        Assert.Equal(FixedCode, File.ReadAllText(Path.Combine(folder, "Fetcher.cs")));
        var (scanExit, scanOutput, _) = await RunAsync("scan", folder, "--no-build");
        Assert.Equal(CliApp.Ok, scanExit);
        Assert.Contains("0 finding(s)", scanOutput);
        var compiled = Assert.Single(Loading.FolderWorkspace.Load(folder, []));
        Assert.Empty(compiled.Compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
    }

    [Fact]
    public async Task Solution_of_two_projects_one_multi_targeted_reports_shared_code_once()
    {
        // App (net10.0) and Lib (net10.0;net9.0) in one .slnx; Lib's finding is seen by both of its targets.
        var lib = WriteProject("<TargetFrameworks>net10.0;net9.0</TargetFrameworks>");
        Directory.CreateDirectory(Path.Combine(folder, "App"));
        File.WriteAllText(Path.Combine(folder, "App", "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "App", "Poller.cs"), """
            public class Poller
            {
                public string Poll(string url)
                {
                    var client = new HttpClient();
                    return client.GetStringAsync(url).Result;
                }
            }

            """);
        File.WriteAllText(Path.Combine(folder, "Lib.csproj"), File.ReadAllText(lib).Replace("</PropertyGroup>", "</PropertyGroup><ItemGroup><Compile Remove=\"App/**\" /></ItemGroup>"));
        var solution = Path.Combine(folder, "Both.slnx");
        File.WriteAllText(solution, """
            <Solution>
              <Project Path="Lib.csproj" />
              <Project Path="App/App.csproj" />
            </Solution>
            """);
        await RestoreAsync(solution);

        var (exit, output, error) = await RunAsync("scan", solution, "--format", "json");

        Assert.Equal(CliApp.FindingsFound, exit);
        Assert.Contains("\"mode\": \"project\"", output);
        Assert.Contains("\"projects\": 3", output); // App, Lib(net10.0), Lib(net9.0)
        var findings = System.Text.RegularExpressions.Regex.Matches(output, "\"rule\": \"(SVH\\d+)\",\\s*\"severity\": \"\\w+\",\\s*\"file\": \"([^\"]+)\"")
            .Select(m => m.Groups[1].Value + " " + m.Groups[2].Value).Order().ToArray();
        Assert.Equal(new[] { "SVH101 App/Poller.cs", "SVH101 Fetcher.cs", "SVH105 App/Poller.cs" }, findings);
    }

    [Fact]
    public async Task Fix_with_rules_that_have_no_finding_changes_nothing()
    {
        WriteProject("<TargetFramework>net10.0</TargetFramework>");

        var (exit, output, _) = await RunAsync("fix", folder, "--rules", "SVH2*", "--no-build");

        Assert.Equal(CliApp.Ok, exit);
        Assert.Equal(BadCode, File.ReadAllText(Path.Combine(folder, "Fetcher.cs")));
        Assert.Contains("0 finding(s) fixed in 0 file(s)", output);
    }

    private string WriteProject(string targets)
    {
        var path = Path.Combine(folder, "Lib.csproj");
        File.WriteAllText(path, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {targets}
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        return path;
    }

    private static async Task RestoreAsync(string project)
    {
        using var restore = Process.Start(new ProcessStartInfo("dotnet", ["restore", project]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = restore.StandardOutput.ReadToEndAsync();
        var error = restore.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await restore.WaitForExitAsync(timeout.Token);
        Assert.True(restore.ExitCode == 0, await output + await error);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, CancellationToken.None);
        return (exit, output.ToString(), error.ToString());
    }
}
