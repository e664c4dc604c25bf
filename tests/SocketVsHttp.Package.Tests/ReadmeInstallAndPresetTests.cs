using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Package.Tests;

/// <summary>
/// The README's "From a local build" commands, run as written into a fresh project, install a package that reports the
/// rules; and the SocketVsHttpAnalysisMode presets shipped in that package change every rule's severity.
/// </summary>
[Collection(PackageCollection.Name)]
public class ReadmeInstallAndPresetTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    // SVH101 (a Warning) and SVH205 (an Info) from one file: the presets must move both.
    private const string DemoSource = """
        using System;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public static class Demo
        {
            public static async Task<string> Fetch(Uri uri)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync(uri);
            }

            public static void Start(string host)
            {
                var client = new TcpClient(host, 5000);
                new System.Threading.Thread(() =>
                {
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    try
                    {
                        while (true)
                        {
                            int n = stream.Read(buffer, 0, buffer.Length);
                            if (n == 0)
                            {
                                break;
                            }

                            Console.WriteLine(n);
                        }
                    }
                    catch (System.IO.IOException)
                    {
                    }
                    finally
                    {
                        client.Dispose();
                    }
                }).Start();
            }
        }

        """;

    private readonly PackageFixture fixture;
    private readonly ITestOutputHelper output;

    public ReadmeInstallAndPresetTests(PackageFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    /// <summary>The commands of the README's "From a local build" section, in order.</summary>
    public static IReadOnlyList<string> ReadmeInstallCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")).ReplaceLineEndings("\n");
        var section = Regex.Match(readme, @"### From a local build\n(?<body>.*?)\n### ", RegexOptions.Singleline);
        Assert.True(section.Success, "README.md has no '### From a local build' section followed by another '###' section.");
        return Regex.Matches(section.Groups["body"].Value, "```\n(?<command>[^\n`]+)\n```")
            .Select(m => m.Groups["command"].Value.Trim())
            .ToArray();
    }

    [Fact]
    public async Task Readme_local_install_commands_install_a_package_that_reports_the_rules()
    {
        var commands = ReadmeInstallCommands();
        Assert.Equal(2, commands.Count);
        Assert.StartsWith("dotnet pack ", commands[0], StringComparison.Ordinal);
        Assert.StartsWith("dotnet add package SocketVsHttp ", commands[1], StringComparison.Ordinal);

        var consumerRoot = Path.Combine(fixture.WorkRoot, "readme-" + Guid.NewGuid().ToString("N")[..8]);
        var projectDirectory = Path.Combine(consumerRoot, "Consumer");
        try
        {
            var packagesDirectory = ConsumerProject.Write(consumerRoot, projectDirectory, DemoSource, feedDirectory: null);

            // 1. In the clone: the pack command exactly as written.
            var pack = await RunAsync(RepositoryPaths.Root, Arguments(commands[0]));
            Assert.True(pack.ExitCode == 0, pack.ToString());

            // 2. In the project's folder: the add command as written, <clone> replaced by the clone's path.
            var add = await RunAsync(projectDirectory, Arguments(commands[1].Replace("<clone>", RepositoryPaths.Root, StringComparison.Ordinal)));
            Assert.True(add.ExitCode == 0, add.ToString());
            Assert.True(Directory.Exists(Path.Combine(packagesDirectory, "socketvshttp")), "The package was not restored into the project's packages folder.");

            var build = await RunAsync(projectDirectory, ConsumerProject.BuildArguments());
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Contains("warning SVH101", build.Output, StringComparison.Ordinal);
        }
        finally
        {
            TempDirectory.Delete(consumerRoot);
        }
    }

    [Fact]
    public async Task Analysis_mode_presets_set_every_rule_from_the_installed_package()
    {
        fixture.RequirePackage();
        var consumerRoot = Path.Combine(fixture.WorkRoot, "presets-" + Guid.NewGuid().ToString("N")[..8]);
        var projectDirectory = Path.Combine(consumerRoot, "Consumer");
        try
        {
            ConsumerProject.Write(consumerRoot, projectDirectory, DemoSource, fixture.FeedDirectory);
            var add = await RunAsync(projectDirectory, "add", "package", "SocketVsHttp", "--version", fixture.Version);
            Assert.True(add.ExitCode == 0, add.ToString());

            // Default: each rule at its own severity (SVH205 is an Info: not printed by the build as a warning).
            var byDefault = await RunAsync(projectDirectory, ConsumerProject.BuildArguments());
            Assert.True(byDefault.ExitCode == 0, byDefault.ToString());
            Assert.Contains("warning SVH101", byDefault.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("warning SVH205", byDefault.Output, StringComparison.Ordinal);

            var recommended = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=Recommended"));
            Assert.True(recommended.ExitCode == 0, recommended.ToString());
            Assert.Contains("warning SVH101", recommended.Output, StringComparison.Ordinal);
            Assert.Contains("warning SVH205", recommended.Output, StringComparison.Ordinal);

            var errors = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=Errors"));
            Assert.NotEqual(0, errors.ExitCode);
            Assert.Contains("error SVH101", errors.Output, StringComparison.Ordinal);
            Assert.Contains("error SVH205", errors.Output, StringComparison.Ordinal);

            var none = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=None"));
            Assert.True(none.ExitCode == 0, none.ToString());
            Assert.DoesNotContain("SVH1", none.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("SVH2", none.Output, StringComparison.Ordinal);

            var unknown = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=Strict"));
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("SVH0001", unknown.Output, StringComparison.Ordinal);
        }
        finally
        {
            TempDirectory.Delete(consumerRoot);
        }
    }

    private static string[] Arguments(string commandLine)
    {
        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("dotnet", words[0]);
        return words[1..];
    }

    private async Task<CliResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var result = await DotNetCli.RunAsync(workingDirectory, StepTimeout, arguments);
        output.WriteLine(result.ToString());
        return result;
    }
}

/// <summary>A fresh consumer project in a folder that nothing above can shape, with a private packages folder.</summary>
internal static class ConsumerProject
{
    /// <summary>Writes the project (a console app with <paramref name="programSource"/> when given); returns its private packages folder.</summary>
    public static string Write(string consumerRoot, string projectDirectory, string demoSource, string? feedDirectory, string? programSource = null)
    {
        Directory.CreateDirectory(projectDirectory);
        var packagesDirectory = Path.Combine(consumerRoot, "packages");
        File.WriteAllText(Path.Combine(consumerRoot, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumerRoot, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumerRoot, "Directory.Packages.props"), "<Project />\n");
        var local = feedDirectory is null ? string.Empty : $"""<add key="local" value="{feedDirectory}" />""";
        File.WriteAllText(Path.Combine(consumerRoot, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packagesDirectory}" />
              </config>
              <packageSources>
                <clear />
                {local}
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>

            """);
        File.WriteAllText(Path.Combine(projectDirectory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>{(programSource is null ? "Library" : "Exe")}</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <RestorePackagesPath>{packagesDirectory}</RestorePackagesPath>
              </PropertyGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(projectDirectory, "Demo.cs"), demoSource);
        if (programSource is not null)
        {
            File.WriteAllText(Path.Combine(projectDirectory, "Program.cs"), programSource);
        }

        return packagesDirectory;
    }

    public static string[] BuildArguments(params string[] extra) =>
        new[] { "build", "--no-incremental", "-nodeReuse:false", "-p:UseSharedCompilation=false" }.Concat(extra).ToArray();
}
