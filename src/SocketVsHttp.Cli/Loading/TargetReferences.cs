using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Cli.Loading;

/// <summary>
/// The reference assemblies a project compiles against: .NET 10's and ASP.NET Core 10's from the installed SDK's packs
/// (the closest available to any .NET Core / .NET target). Loaded once per process.
/// </summary>
public static class TargetReferences
{
    private static readonly ConcurrentDictionary<string, ImmutableArray<MetadataReference>> Cache = new(StringComparer.Ordinal);

    public static ImmutableArray<MetadataReference> For(string? targetFramework, List<string> warnings)
    {
        return Cache.GetOrAdd("net10.0", _ => Load());
    }

    private static ImmutableArray<MetadataReference> Load()
    {
        var packs = PacksFolder();
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pack in new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" })
        {
            var folder = Newest(Path.Combine(packs, pack))
                ?? throw new InvalidOperationException($"{pack} 10.x not found under {packs}");
            foreach (var dll in Directory.GetFiles(folder, "*.dll").Order(StringComparer.Ordinal))
            {
                if (names.Add(Path.GetFileName(dll)))
                {
                    builder.Add(MetadataReference.CreateFromFile(dll));
                }
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>&lt;dotnet root&gt;/packs, from the running runtime's folder (&lt;root&gt;/shared/Microsoft.NETCore.App/&lt;version&gt;).</summary>
    private static string PacksFolder()
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs"));
    }

    private static string? Newest(string packFolder) => Directory.Exists(packFolder)
        ? Directory.GetDirectories(packFolder, "10.*")
            .Select(d => (Folder: Path.Combine(d, "ref", "net10.0"), Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()))
            .Where(x => Directory.Exists(x.Folder))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Folder)
            .FirstOrDefault()
        : null;
}
