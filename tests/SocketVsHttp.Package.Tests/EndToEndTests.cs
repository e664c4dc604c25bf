using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Package.Tests;

/// <summary>
/// Installs the packed SocketVsHttp from a local feed into a fresh console project, as a user would, and checks that
/// the build reports the rules and that `dotnet format analyzers` applies the code fixes until the build is clean.
/// </summary>
[Collection(PackageCollection.Name)]
public class EndToEndTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    // One finding each for SVH101, SVH201 and SVH301: exactly what those rules flag and their fixes rewrite.
    private const string DemoSource = """
        using System;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Demo
        {
            public static async Task<string> Fetch(Uri uri)
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
                    // disconnect handled (keeps SVH203 out of this test)
                }
            }

            public static async Task Listen(ClientWebSocket ws, CancellationToken ct)
            {
                var buffer = new byte[1024];
                try
                {
                    while (true)
                    {
                        var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                        Console.WriteLine(result.Count);
                    }
                }
                catch (WebSocketException)
                {
                    // disconnect handled (keeps SVH203 out of this test)
                }
            }
        }

        """;

    private const string ProgramSource = """
        System.Console.WriteLine("SocketVsHttp end-to-end consumer");

        """;

    private readonly PackageFixture fixture;
    private readonly ITestOutputHelper output;

    public EndToEndTests(PackageFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    [Fact]
    public async Task Installed_package_reports_the_rules_and_dotnet_format_fixes_them()
    {
        fixture.RequirePackage();

        var consumerRoot = Path.Combine(fixture.WorkRoot, "consumer-" + Guid.NewGuid().ToString("N")[..8]);
        var projectDirectory = Path.Combine(consumerRoot, "Consumer");
        var packagesDirectory = Path.Combine(consumerRoot, "packages");
        var projectFile = Path.Combine(projectDirectory, "Consumer.csproj");
        var demoFile = Path.Combine(projectDirectory, "Demo.cs");
        try
        {
            Assert.Equal(packagesDirectory, ConsumerProject.Write(consumerRoot, projectDirectory, DemoSource, fixture.FeedDirectory, ProgramSource));

            // Install the way the README tells users to.
            var add = await RunAsync(projectDirectory, "add", projectFile, "package", "SocketVsHttp", "--version", fixture.Version);
            Assert.True(add.ExitCode == 0, add.ToString());
            Assert.Matches(new Regex("<PackageReference Include=\"SocketVsHttp\"[^>]*Version=\"" + Regex.Escape(fixture.Version) + "\""), File.ReadAllText(projectFile));
            Assert.Contains("PrivateAssets", File.ReadAllText(projectFile), StringComparison.Ordinal);
            Assert.True(
                Directory.Exists(Path.Combine(packagesDirectory, "socketvshttp", fixture.Version.ToLowerInvariant())),
                "The package was not restored into the isolated packages folder.");

            var build = await BuildAsync(projectDirectory, projectFile);
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("CS8032", build.Output, StringComparison.Ordinal); // an analyzer failed to load
            Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal); // an analyzer threw
            foreach (var id in new[] { "SVH101", "SVH201", "SVH301" })
            {
                Assert.True(build.Output.Contains("warning " + id, StringComparison.Ordinal), $"The build did not report {id} (is the rule merged?):\n{build}");
            }

            var format = await RunAsync(
                projectDirectory,
                "format", "analyzers", projectFile,
                "--diagnostics", "SVH101", "SVH201", "SVH301",
                "--severity", "warn",
                "--no-restore");
            Assert.True(format.ExitCode == 0, format.ToString());
            // dotnet format exits 0 even when a fixer is missing or offers no Fix All: it only says so.
            Assert.False(format.Output.Contains("Unable to fix", StringComparison.Ordinal), format.ToString());
            Assert.NotEqual(DemoSource.ReplaceLineEndings(), File.ReadAllText(demoFile).ReplaceLineEndings());

            var rebuild = await BuildAsync(projectDirectory, projectFile);
            Assert.True(rebuild.ExitCode == 0, $"The fixed project does not build:\n{rebuild}\n--- Demo.cs after dotnet format ---\n{File.ReadAllText(demoFile)}");
            Assert.False(
                rebuild.Output.Contains("warning SVH", StringComparison.Ordinal),
                $"Diagnostics remain after dotnet format:\n{rebuild}\n--- Demo.cs after dotnet format ---\n{File.ReadAllText(demoFile)}");
        }
        finally
        {
            if (File.Exists(demoFile))
            {
                output.WriteLine("--- Demo.cs at the end ---");
                output.WriteLine(File.ReadAllText(demoFile));
            }

            TempDirectory.Delete(consumerRoot);
        }
    }

    [Fact]
    public async Task Installed_package_reports_every_rule_on_the_sample()
    {
        // The sample (samples/NetworkMistakes) shows every rule; here it is built against the packed package instead of
        // the analyzer projects, with the client packages it uses, and every rule ID of the release tracking must be
        // reported (the sample's .editorconfig raises the Info rules to warnings).
        fixture.RequirePackage();

        var consumerRoot = Path.Combine(fixture.WorkRoot, "sample-" + Guid.NewGuid().ToString("N")[..8]);
        var projectDirectory = Path.Combine(consumerRoot, "Consumer");
        var projectFile = Path.Combine(projectDirectory, "Consumer.csproj");
        try
        {
            var packagesDirectory = ConsumerProject.Write(consumerRoot, projectDirectory, "// replaced by the sample\n", fixture.FeedDirectory);
            File.Delete(Path.Combine(projectDirectory, "Demo.cs"));
            var sample = Path.Combine(RepositoryPaths.Root, "samples", "NetworkMistakes");
            foreach (var file in Directory.GetFiles(sample, "*.cs").Append(Path.Combine(sample, ".editorconfig")))
            {
                File.Copy(file, Path.Combine(projectDirectory, Path.GetFileName(file)));
            }

            var sampleProject = File.ReadAllText(Path.Combine(sample, "NetworkMistakes.csproj"));
            var clientPackages = Regex.Matches(sampleProject, "<PackageReference Include=\"(?<id>[^\"]+)\" VersionOverride=\"(?<version>[^\"]+)\" />")
                .Select(m => $"<PackageReference Include=\"{m.Groups["id"].Value}\" Version=\"{m.Groups["version"].Value}\" />")
                .ToList();
            Assert.NotEmpty(clientPackages);
            File.WriteAllText(projectFile, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>disable</ImplicitUsings>
                    <RestorePackagesPath>{packagesDirectory}</RestorePackagesPath>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="SocketVsHttp" Version="{fixture.Version}" PrivateAssets="all" />
                    {string.Join("\n        ", clientPackages)}
                  </ItemGroup>
                </Project>
                """);

            var build = await BuildAsync(projectDirectory, projectFile);

            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.DoesNotContain("AD0001", build.Output, StringComparison.Ordinal);
            var missing = ReleasedRuleIds().Where(id => !build.Output.Contains("warning " + id, StringComparison.Ordinal)).ToList();
            Assert.True(missing.Count == 0, $"The sample's build through the package did not report {string.Join(", ", missing)}:\n{build}");
        }
        finally
        {
            TempDirectory.Delete(consumerRoot);
        }
    }

    /// <summary>Every rule ID in the analyzer's release tracking (shipped and unshipped).</summary>
    private static IReadOnlyList<string> ReleasedRuleIds() => Directory
        .GetFiles(Path.Combine(RepositoryPaths.Root, "src", "SocketVsHttp.Analyzers"), "AnalyzerReleases.*.md")
        .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"^(SVH\d{3})\b", RegexOptions.Multiline).Select(m => m.Groups[1].Value))
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToList();

    private Task<CliResult> BuildAsync(string projectDirectory, string projectFile) =>
        RunAsync(projectDirectory, "build", projectFile, "--no-incremental", "-nodeReuse:false", "-p:UseSharedCompilation=false");

    private async Task<CliResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var result = await DotNetCli.RunAsync(workingDirectory, StepTimeout, arguments);
        output.WriteLine(result.ToString());
        return result;
    }
}
