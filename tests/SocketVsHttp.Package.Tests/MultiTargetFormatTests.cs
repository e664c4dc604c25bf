using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Package.Tests;

/// <summary>
/// `dotnet format analyzers` on a multi-targeted project that installed the package: the workspace fixes the file once
/// per target framework and merges the texts, writing conflict markers where they differ. Every fix must give the same
/// text on every target (or not be offered), so the project still builds and has no marker.
/// </summary>
[Collection(PackageCollection.Name)]
public class MultiTargetFormatTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    // Compiles for netstandard2.0, net48 and net10.0. SVH101, SVH201, SVH205 and SVH301 have a fix on every target;
    // SVH103 (net10.0 only: needs SocketsHttpHandler) and SVH202 (ReadExactly: net7.0+) get none when a target lacks it.
    private const string DemoSource = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Demo
        {
            public static readonly HttpClient Catalog = new HttpClient();

            public static async Task<string> Fetch(Uri uri)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync(uri);
            }

            public static void ReadHeader(NetworkStream stream, byte[] header)
            {
                stream.Read(header, 0, header.Length);
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
                catch (IOException)
                {
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
                }
            }
        }

        public sealed class Feed
        {
            private readonly TcpClient client;

            public Feed(string host)
            {
                client = new TcpClient(host, 5000);
                new Thread(Run).Start();
            }

            private void Run()
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
                            return;
                        }

                        Console.WriteLine(n);
                    }
                }
                catch (IOException)
                {
                }
                finally
                {
                    client.Dispose();
                }
            }
        }

        """;

    private static readonly string[] FixedEverywhere = { "SVH101", "SVH201", "SVH205", "SVH301" };

    private readonly PackageFixture fixture;
    private readonly ITestOutputHelper output;

    public MultiTargetFormatTests(PackageFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    [Theory]
    [InlineData("netstandard2.0;net10.0")]
    [InlineData("net48;net10.0")]
    public async Task Dotnet_format_leaves_a_multi_targeted_project_that_builds_with_no_conflict_marker(string targets)
    {
        fixture.RequirePackage();
        var consumerRoot = Path.Combine(fixture.WorkRoot, "multi-" + Guid.NewGuid().ToString("N")[..8]);
        var projectDirectory = Path.Combine(consumerRoot, "Consumer");
        var demoFile = Path.Combine(projectDirectory, "Demo.cs");
        try
        {
            ConsumerProject.Write(consumerRoot, projectDirectory, DemoSource, fixture.FeedDirectory);
            var projectFile = Path.Combine(projectDirectory, "Consumer.csproj");
            File.WriteAllText(projectFile, File.ReadAllText(projectFile)
                .Replace("<TargetFramework>net10.0</TargetFramework>", $"<TargetFrameworks>{targets}</TargetFrameworks>\n    <LangVersion>latest</LangVersion>", StringComparison.Ordinal)
                .Replace("<Nullable>enable</Nullable>", "<Nullable>disable</Nullable>", StringComparison.Ordinal)
                .Replace("</Project>", """
                  <ItemGroup Condition="'$(TargetFramework)' == 'net48'">
                    <Reference Include="System.Net.Http" />
                  </ItemGroup>
                </Project>
                """, StringComparison.Ordinal));
            var add = await RunAsync(projectDirectory, "add", "package", "SocketVsHttp", "--version", fixture.Version);
            Assert.True(add.ExitCode == 0, add.ToString());

            var build = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=Recommended"));
            Assert.True(build.ExitCode == 0, build.ToString());
            foreach (var id in FixedEverywhere)
            {
                Assert.True(build.Output.Contains("warning " + id, StringComparison.Ordinal), $"{id} not reported before the fix:\n{build}");
            }

            // One finding per defect: on net10.0 the SDK's CA2022 reports the discarded Stream.Read in ReadHeader and
            // SVH202 leaves it alone; on the other target (no CA2022 by default) SVH202 reports it.
            var lines = build.Output.Split('\n');
            Assert.Contains(lines, l => l.Contains("warning CA2022", StringComparison.Ordinal) && l.Contains("TargetFramework=net10.0", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("warning SVH202", StringComparison.Ordinal) && l.Contains("TargetFramework=net10.0", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.Contains("warning SVH202", StringComparison.Ordinal) && !l.Contains("TargetFramework=net10.0", StringComparison.Ordinal));

            var format = await RunAsync(
                projectDirectory,
                new[] { "format", "analyzers", projectFile, "--diagnostics" }
                    .Concat(new[] { "SVH101", "SVH102", "SVH103", "SVH104", "SVH105", "SVH106", "SVH107", "SVH109", "SVH110", "SVH112", "SVH201", "SVH202", "SVH203", "SVH205", "SVH207", "SVH208", "SVH210", "SVH301" })
                    .Concat(new[] { "--severity", "info", "--no-restore" })
                    .ToArray());
            Assert.True(format.ExitCode == 0, format.ToString());

            var text = File.ReadAllText(demoFile);
            Assert.DoesNotContain("<<<<<<<", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Unmerged change", text, StringComparison.Ordinal);
            Assert.NotEqual(DemoSource.ReplaceLineEndings(), text.ReplaceLineEndings());

            var rebuild = await RunAsync(projectDirectory, ConsumerProject.BuildArguments("-p:SocketVsHttpAnalysisMode=Recommended"));
            Assert.True(rebuild.ExitCode == 0, $"The fixed project does not build:\n{rebuild}\n--- Demo.cs ---\n{text}");
            foreach (var id in FixedEverywhere)
            {
                Assert.False(rebuild.Output.Contains("warning " + id, StringComparison.Ordinal), $"{id} remains after dotnet format:\n{rebuild}\n--- Demo.cs ---\n{text}");
            }
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

    private async Task<CliResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        var result = await DotNetCli.RunAsync(workingDirectory, StepTimeout, arguments);
        output.WriteLine(result.ToString());
        return result;
    }
}
