using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>The .NET 10 reference assemblies, found at run time in the SDK's packs folder (or the NuGet cache).</summary>
public static class ReferenceAssemblies
{
    // Folder is declared first: static initializers run in order, and Load() sets it.
    public static string Folder { get; private set; } = string.Empty;

    public static ImmutableArray<MetadataReference> Net100 { get; } = Load();

    private static ImmutableArray<MetadataReference> Load()
    {
        Folder = FindFolder() ?? throw new InvalidOperationException(
            "Microsoft.NETCore.App.Ref 10.x not found under the dotnet packs folder or the NuGet cache.");
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var path in Directory.GetFiles(Folder, "*.dll").Order(StringComparer.Ordinal))
        {
            builder.Add(MetadataReference.CreateFromFile(path));
        }

        return builder.ToImmutable();
    }

    private static string? FindFolder()
    {
        var candidates = new List<string>();
        // <dotnet root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll
        var runtimeFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var dotnetRoot = runtimeFolder is null ? null : Path.GetFullPath(Path.Combine(runtimeFolder, "..", "..", ".."));
        if (dotnetRoot is not null)
        {
            candidates.Add(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"));
        }

        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(nugetRoot, "microsoft.netcore.app.ref"));

        foreach (var packFolder in candidates)
        {
            if (!Directory.Exists(packFolder))
            {
                continue;
            }

            var best = Directory.GetDirectories(packFolder, "10.*")
                .Select(d => (Folder: Path.Combine(d, "ref", "net10.0"), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()))
                .Where(x => Directory.Exists(x.Folder))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (best.Folder is not null)
            {
                return best.Folder;
            }
        }

        return null;
    }
}
