using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Cli.Loading;

/// <summary>
/// The reference assemblies a build of the project's first target framework would see: .NET Framework 4.x (the nearest
/// Microsoft.NETFramework.ReferenceAssemblies package at or below the target), netstandard2.0 / 2.1, and for every other
/// target (netcoreapp, net5+, unknown) the .NET 10 and ASP.NET Core 10 reference assemblies of the installed SDK.
/// Which types exist decides some rules (SVH103 needs SocketsHttpHandler, SVH110 needs HttpClient, SVH109 needs the
/// overload that takes a token), so a netstandard2.0 or net472 project must not be compiled against .NET 10.
/// </summary>
public static class TargetReferences
{
    private static readonly ConcurrentDictionary<string, ImmutableArray<MetadataReference>> Cache = new();

    // (folder version, package) ascending: a target uses the last one at or below it.
    private static readonly (int Version, string Package, string Folder)[] NetFramework =
    [
        (400, "Microsoft.NETFramework.ReferenceAssemblies.net40", "v4.0"),
        (450, "Microsoft.NETFramework.ReferenceAssemblies.net45", "v4.5"),
        (461, "Microsoft.NETFramework.ReferenceAssemblies.net461", "v4.6.1"),
        (472, "Microsoft.NETFramework.ReferenceAssemblies.net472", "v4.7.2"),
        (480, "Microsoft.NETFramework.ReferenceAssemblies.net48", "v4.8"),
    ];

    public static ImmutableArray<MetadataReference> For(string? targetFramework, List<string> warnings)
    {
        var key = Key(targetFramework);
        try
        {
            return Cache.GetOrAdd(key, Load);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            warnings.Add($"reference assemblies for {targetFramework} not found ({e.Message}): compiled against .NET 10");
            return Cache.GetOrAdd("net", Load);
        }
    }

    /// <summary>The reference set a target framework maps to: "netstandard2.0", "netstandard2.1", "net472"... or "net" (.NET 10).</summary>
    public static string Key(string? targetFramework)
    {
        var tfm = targetFramework?.Split('-')[0].ToLowerInvariant() ?? string.Empty;
        if (Regex.Match(tfm, @"^netstandard(\d+)\.(\d+)$") is { Success: true } standard)
        {
            return int.Parse(standard.Groups[1].Value) >= 2 && int.Parse(standard.Groups[2].Value) >= 1 ? "netstandard2.1" : "netstandard2.0";
        }

        if (Regex.Match(tfm, @"^net([1-4])(\d)(\d?)$") is { Success: true } framework)
        {
            var version = int.Parse(framework.Groups[1].Value + framework.Groups[2].Value + (framework.Groups[3].Value.Length > 0 ? framework.Groups[3].Value : "0"));
            var chosen = NetFramework.LastOrDefault(f => f.Version <= version);
            return chosen.Package is null ? NetFramework[0].Package : chosen.Package;
        }

        return "net";
    }

    private static ImmutableArray<MetadataReference> Load(string key)
    {
        IEnumerable<string> files;
        if (key == "net")
        {
            // .NET 10 and ASP.NET Core 10 from the installed SDK's packs folder.
            var net = NewestPack("Microsoft.NETCore.App.Ref");
            var netNames = Directory.GetFiles(net, "*.dll").Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);
            files = Directory.GetFiles(net, "*.dll")
                .Concat(Directory.GetFiles(NewestPack("Microsoft.AspNetCore.App.Ref"), "*.dll").Where(f => !netNames.Contains(Path.GetFileName(f))));
        }
        else if (key == "netstandard2.0")
        {
            files = Directory.GetFiles(Path.Combine(PackageFolder("NETStandard.Library"), "build", "netstandard2.0", "ref"), "*.dll");
        }
        else if (key == "netstandard2.1")
        {
            files = Directory.GetFiles(Path.Combine(PackageFolder("NETStandard.Library.Ref"), "ref", "netstandard2.1"), "*.dll");
        }
        else
        {
            var folder = Path.Combine(PackageFolder(key), "build", ".NETFramework", NetFramework.First(f => f.Package == key).Folder);
            files = Directory.GetFiles(folder, "*.dll").Concat(Directory.Exists(Path.Combine(folder, "Facades")) ? Directory.GetFiles(Path.Combine(folder, "Facades"), "*.dll") : []);
        }

        return files.Order(StringComparer.Ordinal).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    /// <summary>
    /// The newest version of a package in the NuGet cache (NUGET_PACKAGES, else ~/.nuget/packages). The real-world
    /// runner restores the .NET Framework and netstandard2.1 reference packages there; a machine without them falls back
    /// to .NET 10 with a warning (see <see cref="For"/>).
    /// </summary>
    private static string PackageFolder(string package)
    {
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var folder = Path.Combine(nugetRoot, package.ToLowerInvariant());
        return Newest(folder, "*") ?? throw new InvalidOperationException($"package {package} is not in the NuGet cache {nugetRoot}");
    }

    /// <summary>&lt;dotnet root&gt;/packs/&lt;pack&gt;/&lt;newest 10.x&gt;/ref/net10.0, from the running runtime's folder.</summary>
    private static string NewestPack(string pack)
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!; // <root>/shared/Microsoft.NETCore.App/<version>
        var packs = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", "packs"));
        var version = Newest(Path.Combine(packs, pack), "10.*") ?? throw new InvalidOperationException($"{pack} 10.x not found under {packs}");
        return Path.Combine(version, "ref", "net10.0");
    }

    private static string? Newest(string folder, string pattern) => Directory.Exists(folder)
        ? Directory.GetDirectories(folder, pattern)
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version())
            .FirstOrDefault()
        : null;
}
