using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>
/// The real-library corpus (d): a large open-source library compiled from source, fetched by hand outside the repository
/// (see README, "Real-library corpus"). Every <c>*.cs</c> under the given source folders (bin/ and obj/ skipped) is one
/// compilation, against the .NET 10 reference assemblies plus the named NuGet packages from the local NuGet cache, with
/// the given preprocessor symbols and, if asked, the SDK's implicit global usings. The library's own source generators,
/// when their sources are given, run once before the measurements; what is still missing shows as compiler errors,
/// counted in the corpus table.
/// </summary>
/// <param name="Name">What the tables call it (the last folder's name unless given).</param>
/// <param name="SourceFolders">Folders whose <c>*.cs</c> files make the compilation.</param>
/// <param name="Packages">NuGet package IDs resolved in the local cache (newest version, lib/net10.0 .. netstandard2.0).</param>
/// <param name="Defines">Preprocessor symbols, besides NET, NET10_0 and the NETx_OR_GREATER set.</param>
/// <param name="ImplicitUsings">Add the SDK's implicit usings (System, System.IO, System.Linq, ...) as global usings.</param>
/// <param name="NoWarn">Diagnostic IDs suppressed as the library's project file does (e.g. its own experimental-API IDs).</param>
/// <param name="Generators">Sources (folders or files) of the library's own source generators: compiled in memory against the
/// host's Roslyn, loaded, and run once over the library; their output joins the corpus as ordinary syntax trees (so the
/// measured runs compile what a build compiles, without paying the generators each time).</param>
public sealed record RealLibrarySettings(
    string Name, ImmutableArray<string> SourceFolders, ImmutableArray<string> Packages, ImmutableArray<string> Defines, bool ImplicitUsings,
    ImmutableArray<string> NoWarn, ImmutableArray<string> Generators);

public static class RealLibrary
{
    private const string ImplicitUsingsSource = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    private static readonly string[] TargetFrameworks = ["net10.0", "net9.0", "net8.0", "net7.0", "net6.0", "netstandard2.1", "netstandard2.0"];

    private static readonly string[] FrameworkSymbols =
    [
        "NET", "NET10_0", "NETCOREAPP", "NETCOREAPP3_0_OR_GREATER", "NETCOREAPP3_1_OR_GREATER", "NET5_0_OR_GREATER", "NET6_0_OR_GREATER",
        "NET7_0_OR_GREATER", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER", "RELEASE",
    ];

    public static ImmutableArray<SyntaxTree> Parse(RealLibrarySettings settings)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: [.. FrameworkSymbols, .. settings.Defines]);
        var builder = ImmutableArray.CreateBuilder<SyntaxTree>();
        foreach (var folder in settings.SourceFolders)
        {
            if (!Directory.Exists(folder))
            {
                throw new DirectoryNotFoundException("Real-library source folder not found: " + folder + " (see README, Real-library corpus).");
            }

            foreach (var path in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(folder, path);
                var first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (first is "bin" or "obj")
                {
                    continue;
                }

                builder.Add(CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path));
            }
        }

        if (settings.ImplicitUsings)
        {
            builder.Add(CSharpSyntaxTree.ParseText(ImplicitUsingsSource, options, "ImplicitUsings.g.cs"));
        }

        if (!settings.Generators.IsEmpty || settings.Packages.Any(p => PackageGenerators(p).Any()))
        {
            builder.AddRange(Generate(settings, builder.ToImmutable(), options));
        }

        return builder.ToImmutable();
    }

    /// <summary>Compiles the generators' sources, runs them over the library once, and returns the generated trees (re-parsed with the library's options).</summary>
    private static IEnumerable<SyntaxTree> Generate(RealLibrarySettings settings, ImmutableArray<SyntaxTree> library, CSharpParseOptions options)
    {
        var generators = settings.Generators.IsEmpty ? [] : CompileGenerators(settings);
        foreach (var dll in settings.Packages.SelectMany(PackageGenerators))
        {
            generators.AddRange(Instantiate(Assembly.LoadFrom(dll)));
        }

        var compilation = CSharpCompilation.Create(
            settings.Name,
            library,
            References(settings),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        var driver = CSharpGeneratorDriver.Create(generators, parseOptions: options).RunGenerators(compilation);
        var result = driver.GetRunResult();
        Console.WriteLine($"Ran {generators.Count} source generator(s) over {settings.Name}: {result.GeneratedTrees.Length} generated files" +
            (result.Diagnostics.IsEmpty ? "." : ", " + result.Diagnostics.Length + " generator diagnostics."));
        return result.GeneratedTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath));
    }

    /// <summary>The library's own generators, compiled from source against the host's Roslyn.</summary>
    private static List<ISourceGenerator> CompileGenerators(RealLibrarySettings settings)
    {
        var generatorOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var sources = settings.Generators
            .SelectMany(g => File.Exists(g) ? [g] : Directory.EnumerateFiles(g, "*.cs", SearchOption.AllDirectories)
                .Where(f => Path.GetRelativePath(g, f).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj")))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), generatorOptions, f))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsingsSource, generatorOptions, "GeneratorUsings.g.cs"));
        var host = new[] { typeof(Compilation), typeof(CSharpCompilation) }.Select(t => MetadataReference.CreateFromFile(t.Assembly.Location));
        var generatorCompilation = CSharpCompilation.Create(
            settings.Name + ".Generators",
            sources,
            [.. ReferenceAssemblies.Net100, .. host],
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                specificDiagnosticOptions: settings.NoWarn.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Suppress))));
        using var image = new MemoryStream();
        var emitted = generatorCompilation.Emit(image);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The library's generators do not compile: " +
                string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        }

        return Instantiate(Assembly.Load(image.ToArray()));
    }

    private static List<ISourceGenerator> Instantiate(Assembly assembly) => assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetCustomAttribute<GeneratorAttribute>() is not null)
        .Select(t => Activator.CreateInstance(t) switch
        {
            IIncrementalGenerator incremental => incremental.AsSourceGenerator(),
            ISourceGenerator classic => classic,
            _ => null,
        })
        .OfType<ISourceGenerator>()
        .ToList();

    /// <summary>A package's C# source generators, as a build loads them: analyzers/dotnet/roslynX.Y/cs (the newest X.Y) or analyzers/dotnet/cs.</summary>
    private static IEnumerable<string> PackageGenerators(string id)
    {
        var analyzers = Path.Combine(PackageFolder(id), "analyzers", "dotnet");
        if (!Directory.Exists(analyzers))
        {
            return [];
        }

        var folder = Directory.GetDirectories(analyzers, "roslyn*")
            .OrderByDescending(d => Version.TryParse(Path.GetFileName(d)["roslyn".Length..], out var v) ? v : new Version())
            .Select(d => Path.Combine(d, "cs"))
            .FirstOrDefault(Directory.Exists) ?? Path.Combine(analyzers, "cs");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.Generators.dll").Order(StringComparer.Ordinal) : [];
    }

    public static ImmutableArray<MetadataReference> References(RealLibrarySettings settings)
    {
        var builder = ImmutableArray.CreateBuilder<MetadataReference>();
        builder.AddRange(ReferenceAssemblies.Net100);
        foreach (var package in settings.Packages)
        {
            foreach (var dll in PackageAssemblies(package))
            {
                builder.Add(MetadataReference.CreateFromFile(dll));
            }
        }

        return builder.ToImmutable();
    }

    private static IEnumerable<string> PackageAssemblies(string id)
    {
        var version = PackageFolder(id);
        foreach (var framework in TargetFrameworks)
        {
            var lib = Path.Combine(version, "lib", framework);
            if (Directory.Exists(lib))
            {
                return Directory.GetFiles(lib, "*.dll").Order(StringComparer.Ordinal);
            }
        }

        throw new DirectoryNotFoundException($"Package {id} ({version}) has no lib folder for .NET 10 or .NET Standard 2.x.");
    }

    /// <summary>The newest version of a package in the local NuGet cache.</summary>
    private static string PackageFolder(string id)
    {
        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var packageFolder = Path.Combine(nugetRoot, id.ToLowerInvariant());
        var version = Directory.Exists(packageFolder)
            ? Directory.GetDirectories(packageFolder)
                .Select(d => (Folder: d, Version: Version.TryParse(Path.GetFileName(d).Split('-')[0], out var v) ? v : new Version()))
                .OrderByDescending(x => x.Version)
                .Select(x => x.Folder)
                .FirstOrDefault()
            : null;
        if (version is null)
        {
            throw new DirectoryNotFoundException($"Package {id} not in the NuGet cache ({packageFolder}): restore it once (see README, Real-library corpus).");
        }

        return version;
    }
}
