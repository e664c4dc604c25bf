using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>Loads the peers' analyzer DLLs from their restored package folders through AnalyzerFileReference.</summary>
public static class PeerAnalyzers
{
    public static readonly ImmutableArray<string> NetAnalyzerRules = ["CA2000", "CA2022", "CA5359"];

    private static readonly Loader AssemblyLoader = new();

    public static ImmutableArray<DiagnosticAnalyzer> IDisposableAnalyzers() =>
        Load(PackageFolder("IDisposableAnalyzersFolder"), "IDisposableAnalyzers.dll");

    /// <summary>The NetAnalyzers analyzers that report CA2000, CA2022 or CA5359 (the others are not loaded).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> NetAnalyzers()
    {
        var folder = PackageFolder("NetAnalyzersFolder");
        var all = Load(folder, "Microsoft.CodeAnalysis.NetAnalyzers.dll").AddRange(Load(folder, "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll"));
        var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var analyzer in all)
        {
            if (analyzer.SupportedDiagnostics.Any(d => NetAnalyzerRules.Contains(d.Id)))
            {
                builder.Add(analyzer);
            }
        }

        return builder.ToImmutable();
    }

    /// <summary>Keeps only the three CA rules on (CA2000 and CA5359 are off by default); every other ID the loaded analyzers support is suppressed.</summary>
    public static ImmutableDictionary<string, ReportDiagnostic> NetAnalyzerOptions(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var options = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>();
        foreach (var analyzer in analyzers)
        {
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                options[descriptor.Id] = NetAnalyzerRules.Contains(descriptor.Id) ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress;
            }
        }

        return options.ToImmutable();
    }

    private static ImmutableArray<DiagnosticAnalyzer> Load(string folder, string fileName)
    {
        var path = Path.Combine(folder, "analyzers", "dotnet", "cs", fileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("Peer analyzer not restored: " + path, path);
        }

        AssemblyLoader.AddDependencyLocation(path);
        var reference = new AnalyzerFileReference(path, AssemblyLoader);
        var failures = new List<string>();
        reference.AnalyzerLoadFailed += (_, e) => failures.Add(e.Message);
        var analyzers = reference.GetAnalyzers(LanguageNames.CSharp);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException($"Loading {fileName} failed: {string.Join("; ", failures)}");
        }

        return analyzers;
    }

    private static string PackageFolder(string key) =>
        typeof(PeerAnalyzers).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        is { Length: > 0 } folder
            ? folder
            : throw new InvalidOperationException($"Package folder {key} was not recorded at build time (GeneratePathProperty).");

    /// <summary>Loads analyzer assemblies into the default context; their dependencies are looked up next to them.</summary>
    private sealed class Loader : IAnalyzerAssemblyLoader
    {
        private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

        public Loader() => AssemblyLoadContext.Default.Resolving += Resolve;

        public void AddDependencyLocation(string fullPath)
        {
            lock (_folders)
            {
                _folders.Add(Path.GetDirectoryName(fullPath)!);
            }
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);

        private Assembly? Resolve(AssemblyLoadContext context, AssemblyName name)
        {
            lock (_folders)
            {
                foreach (var folder in _folders)
                {
                    var candidate = Path.Combine(folder, name.Name + ".dll");
                    if (File.Exists(candidate))
                    {
                        return context.LoadFromAssemblyPath(candidate);
                    }
                }
            }

            return null;
        }
    }
}
