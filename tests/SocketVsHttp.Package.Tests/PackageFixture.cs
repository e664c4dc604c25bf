using Xunit;

namespace SocketVsHttp.Package.Tests;

/// <summary>
/// Packs the SocketVsHttp package once for every test in <see cref="PackageCollection"/>, with a version nobody has
/// used before (so a NuGet cache can never hand back a stale copy), into a local feed folder under the system temp
/// directory. Build output goes to a private artifacts folder, so the repository's bin/obj are left alone.
/// Everything is deleted afterwards.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    public static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(10);

    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "svh-package-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Version { get; } = $"0.1.0-t{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    public string FeedDirectory => Path.Combine(WorkRoot, "feed");

    public string PackagePath => Path.Combine(FeedDirectory, $"SocketVsHttp.{Version}.nupkg");

    public CliResult? PackResult { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(FeedDirectory);
        PackResult = await DotNetCli.RunAsync(
            RepositoryPaths.Root,
            PackTimeout,
            "pack", RepositoryPaths.PackageProject,
            "--configuration", "Release",
            "--output", FeedDirectory,
            "--artifacts-path", Path.Combine(WorkRoot, "artifacts"),
            $"-p:Version={Version}",
            "-nodeReuse:false",
            "-p:UseSharedCompilation=false");
    }

    /// <summary>Fails the calling test with the pack output when packing did not produce the package.</summary>
    public string RequirePackage()
    {
        Assert.True(PackResult is { ExitCode: 0 }, $"dotnet pack failed:\n{PackResult}");
        Assert.True(File.Exists(PackagePath), $"dotnet pack did not produce {PackagePath}:\n{PackResult}");
        return PackagePath;
    }

    public Task DisposeAsync()
    {
        TempDirectory.Delete(WorkRoot);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    public const string Name = "Packed SocketVsHttp";
}

public static class TempDirectory
{
    /// <summary>Best-effort recursive delete: a leftover temp folder must not fail a test run.</summary>
    public static void Delete(string path)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(200);
            }
        }
    }
}
