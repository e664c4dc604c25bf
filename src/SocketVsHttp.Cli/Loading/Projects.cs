using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Cli.Loading;

/// <summary>
/// A C# project read the way a build would see it, without MSBuild: the .csproj and the Directory.Build.props above it
/// (unconditioned properties only, $(Name) substituted from properties seen earlier), the SDK's implicit global usings,
/// &lt;Using&gt; items, the first target framework's preprocessor symbols, and &lt;ProjectReference&gt;s.
/// </summary>
public sealed class Project
{
    public required string File { get; init; }
    public string Folder => Path.GetDirectoryName(File)!;
    public required string Name { get; init; }
    public required IReadOnlyList<string> SourceFiles { get; init; }
    public required IReadOnlyList<string> GlobalUsings { get; init; }
    public required IReadOnlyList<string> Defines { get; init; }
    public required bool Nullable { get; init; }
    public required bool Unsafe { get; init; }
    public required IReadOnlyList<string> ProjectReferences { get; init; }
    public required string? TargetFramework { get; init; }

    /// <summary>Exe / WinExe projects compile as programs (their entry point matters to rules that exempt start-up code).</summary>
    public OutputKind OutputKind { get; init; } = OutputKind.DynamicallyLinkedLibrary;

    private static readonly string[] SdkUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    // Microsoft.NET.Sdk.Web/Targets/Sdk.Server.props, Microsoft.NET.Sdk.Worker/targets/Microsoft.NET.Sdk.Worker.props (SDK 10.0).
    private static readonly string[] WebUsings =
        ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing",
         "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    private static readonly string[] WorkerUsings =
        ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];

    /// <summary>Loose .cs files with no project above them: one compilation as a default .NET 10 library would see them.</summary>
    public static Project Loose(string root, IReadOnlyList<string> files) => new()
    {
        File = Path.Combine(root, "(loose files)"),
        Name = "(loose files)",
        SourceFiles = files,
        GlobalUsings = [],
        Defines = FrameworkSymbols("net10.0").ToList(),
        Nullable = true,
        Unsafe = false,
        ProjectReferences = [],
        TargetFramework = "net10.0",
    };

    /// <summary>Reads a project. <paramref name="root"/> is the checkout root: Directory.Build.props are not looked for above it.</summary>
    public static Project Read(string csproj, string root, ISet<string> projectFolders)
    {
        var folder = Path.GetDirectoryName(csproj)!;
        var project = Load(csproj);
        var sdk = project?.Root?.Attribute("Sdk")?.Value
            ?? project?.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Sdk")?.Attribute("Name")?.Value
            ?? project?.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "Import" && e.Attribute("Sdk") is not null)?.Attribute("Sdk")?.Value;
        var sdkStyle = sdk is not null;

        // Evaluation order: the Directory.Build.props (outermost first), then the project.
        var documents = new List<XDocument>();
        if (sdkStyle)
        {
            documents.AddRange(BuildProps(folder, root).Select(Load).OfType<XDocument>());
        }

        if (project is not null)
        {
            documents.Add(project);
        }

        // Two passes: the first finds the target framework, the second sees it (properties conditioned on $(TargetFramework)).
        var evaluation = Evaluate(csproj, documents, null);
        var targetFramework = FirstTargetFramework(evaluation.Properties);
        if (targetFramework is not null && !evaluation.Properties.ContainsKey("TargetFramework"))
        {
            evaluation = Evaluate(csproj, documents, targetFramework);
        }

        var (properties, usings, removedUsings, compileIncludes, compileRemoves, projectReferences) = evaluation;
        var defineConstants = properties.GetValueOrDefault("DefineConstants", string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var files = new List<string>();
        if (sdkStyle && !IsFalse(properties.GetValueOrDefault("EnableDefaultCompileItems")) && !IsFalse(properties.GetValueOrDefault("EnableDefaultItems")))
        {
            files.AddRange(DefaultCompileItems(folder, projectFolders));
        }

        files.AddRange(compileIncludes.SelectMany(Glob));
        var removed = compileRemoves.SelectMany(Glob).ToHashSet(StringComparer.Ordinal);
        var sources = files.Where(f => !removed.Contains(f) && f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Global usings: the SDK's implicit set, then <Using> items, less <Using Remove>.
        var globalUsings = new List<string>();
        var netFramework = targetFramework is not null && IsNetFramework(targetFramework);
        if (sdkStyle && properties.GetValueOrDefault("ImplicitUsings") is { } implicitUsings
            && (implicitUsings.Equals("enable", StringComparison.OrdinalIgnoreCase) || IsTrue(implicitUsings)))
        {
            var implicitSet = SdkUsings.Where(u => !(netFramework && u == "System.Net.Http")).ToList();
            if (sdk!.Contains("Microsoft.NET.Sdk.Web", StringComparison.OrdinalIgnoreCase))
            {
                implicitSet.AddRange(WebUsings);
            }
            else if (sdk.Contains("Microsoft.NET.Sdk.Worker", StringComparison.OrdinalIgnoreCase))
            {
                implicitSet.AddRange(WorkerUsings);
            }

            usings.InsertRange(0, implicitSet.Select(u => (u, false, (string?)null)));
        }

        foreach (var (include, isStatic, alias) in usings.Where(u => !removedUsings.Contains(u.Include)).Distinct())
        {
            globalUsings.Add(alias is not null ? $"global using {alias} = global::{include};"
                : isStatic ? $"global using static global::{include};" : $"global using global::{include};");
        }

        var defines = new List<string> { "DEBUG", "TRACE" };
        defines.AddRange(FrameworkSymbols(targetFramework));
        defines.AddRange(defineConstants.Where(d => !d.StartsWith("$(", StringComparison.Ordinal) && SyntaxFacts.IsValidIdentifier(d)));

        return new Project
        {
            File = csproj,
            Name = properties.GetValueOrDefault("AssemblyName") is { Length: > 0 } assemblyName && !assemblyName.Contains("$(") ? assemblyName : Path.GetFileNameWithoutExtension(csproj),
            SourceFiles = sources,
            GlobalUsings = globalUsings,
            Defines = defines.Distinct().ToList(),
            Nullable = properties.GetValueOrDefault("Nullable") is { } nullable && (nullable.Equals("enable", StringComparison.OrdinalIgnoreCase) || nullable.Equals("annotations", StringComparison.OrdinalIgnoreCase)),
            Unsafe = IsTrue(properties.GetValueOrDefault("AllowUnsafeBlocks")),
            ProjectReferences = projectReferences.Distinct().ToList(),
            TargetFramework = targetFramework,
            OutputKind = properties.GetValueOrDefault("OutputType")?.Trim().ToLowerInvariant() switch
            {
                "exe" => OutputKind.ConsoleApplication,
                "winexe" => OutputKind.WindowsApplication,
                _ => OutputKind.DynamicallyLinkedLibrary,
            },
        };
    }

    private sealed record Evaluation(
        Dictionary<string, string> Properties,
        List<(string Include, bool Static, string? Alias)> Usings,
        HashSet<string> RemovedUsings,
        List<string> CompileIncludes,
        List<string> CompileRemoves,
        List<string> ProjectReferences);

    /// <summary>
    /// Reads properties and items in order. Conditions are evaluated only in their simplest form ('a' == 'b', 'a' != 'b', joined
    /// by 'and', after $(Name) substitution) with Configuration Debug and Platform AnyCPU; any other condition counts as false.
    /// </summary>
    private static Evaluation Evaluate(string csproj, List<XDocument> documents, string? targetFramework)
    {
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["MSBuildProjectName"] = Path.GetFileNameWithoutExtension(csproj),
            ["MSBuildProjectDirectory"] = Path.GetDirectoryName(csproj)!,
            ["Configuration"] = "Debug",
            ["Platform"] = "AnyCPU",
            ["DefineConstants"] = string.Empty,
        };
        if (targetFramework is not null)
        {
            properties["TargetFramework"] = targetFramework;
        }

        var result = new Evaluation(properties, [], new HashSet<string>(StringComparer.Ordinal), [], [], []);
        foreach (var document in documents)
        {
            var itemFolder = Path.GetDirectoryName(document.BaseUri.Length > 0 ? new Uri(document.BaseUri).LocalPath : csproj)!;
            foreach (var element in document.Root!.Elements().Where(e => Holds(e, properties)))
            {
                if (element.Name.LocalName == "PropertyGroup")
                {
                    foreach (var property in element.Elements().Where(p => Holds(p, properties)))
                    {
                        properties[property.Name.LocalName] = Expand(property.Value.Trim(), properties);
                    }
                }
                else if (element.Name.LocalName == "ItemGroup")
                {
                    foreach (var item in element.Elements().Where(p => Holds(p, properties)))
                    {
                        var include = Expand(item.Attribute("Include")?.Value ?? string.Empty, properties).Trim();
                        var remove = Expand(item.Attribute("Remove")?.Value ?? string.Empty, properties).Trim();
                        switch (item.Name.LocalName)
                        {
                            case "Using":
                                if (include.Length > 0)
                                {
                                    result.Usings.Add((include, IsTrue(Metadata(item, "Static")), Metadata(item, "Alias") is { Length: > 0 } alias ? alias : null));
                                }

                                if (remove.Length > 0)
                                {
                                    result.RemovedUsings.Add(remove);
                                }

                                break;
                            case "Compile":
                                // Items are relative to the file that declares them (a props file or the project).
                                result.CompileIncludes.AddRange(SplitItems(include).Select(i => Path.GetFullPath(Path.Combine(itemFolder, i))));
                                result.CompileRemoves.AddRange(SplitItems(remove).Select(i => Path.GetFullPath(Path.Combine(itemFolder, i))));
                                break;
                            case "ProjectReference":
                                result.ProjectReferences.AddRange(SplitItems(include).Select(i => Path.GetFullPath(Path.Combine(itemFolder, i))));
                                break;
                        }
                    }
                }
            }
        }

        return result;
    }

    private static bool Holds(XElement element, Dictionary<string, string> properties)
    {
        if (element.Attribute("Condition")?.Value is not { } condition)
        {
            return true;
        }

        foreach (var part in Regex.Split(condition.Trim(), @"\s+and\s+", RegexOptions.IgnoreCase))
        {
            var m = Regex.Match(part.Trim().TrimStart('(').TrimEnd(')').Trim(), @"^'([^']*)'\s*(==|!=)\s*'([^']*)'$");
            if (!m.Success)
            {
                return false;
            }

            static string Value(string text, Dictionary<string, string> properties) =>
                Regex.Replace(text, @"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", p => properties.GetValueOrDefault(p.Groups[1].Value, string.Empty)).Trim();
            var equal = Value(m.Groups[1].Value, properties).Equals(Value(m.Groups[3].Value, properties), StringComparison.OrdinalIgnoreCase);
            if (equal != (m.Groups[2].Value == "=="))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Compiles the project against the given references (the .NET and ASP.NET Core reference assemblies, and its project references).</summary>
    public CSharpCompilation Compile(IEnumerable<MetadataReference> references)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Parse, SourceCodeKind.Regular, Defines);
        var trees = new List<SyntaxTree>();
        foreach (var file in SourceFiles)
        {
            trees.Add(CSharpSyntaxTree.ParseText(ReadText(file), parseOptions, file));
        }

        if (GlobalUsings.Count > 0)
        {
            // What the SDK generates into obj/: GlobalUsings.g.cs (generated code, so no rule reports in it).
            trees.Add(CSharpSyntaxTree.ParseText(SourceText.From("// <auto-generated/>\n" + string.Join('\n', GlobalUsings) + "\n", Encoding.UTF8),
                parseOptions, Path.Combine(Folder, "obj", Name + ".GlobalUsings.g.cs")));
        }

        var options = new CSharpCompilationOptions(
            OutputKind,
            nullableContextOptions: Nullable ? NullableContextOptions.Enable : NullableContextOptions.Disable,
            allowUnsafe: Unsafe,
            concurrentBuild: false);
        return CSharpCompilation.Create(Name, trees, references, options);
    }

    private static SourceText ReadText(string file)
    {
        var bytes = System.IO.File.ReadAllBytes(file);
        try
        {
            using var stream = new MemoryStream(bytes);
            return SourceText.From(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), checksumAlgorithm: SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false);
        }
        catch (DecoderFallbackException)
        {
            return SourceText.From(Encoding.Latin1.GetString(bytes), Encoding.Latin1);
        }
    }

    /// <summary>Every .cs file under the folder, except bin/, obj/ and folders of nested projects.</summary>
    private static IEnumerable<string> DefaultCompileItems(string folder, ISet<string> projectFolders)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*.cs"))
        {
            yield return Path.GetFullPath(file);
        }

        foreach (var sub in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(sub);
            if (name.Equals("bin", StringComparison.OrdinalIgnoreCase) || name.Equals("obj", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith('.') || projectFolders.Contains(Path.GetFullPath(sub)))
            {
                continue;
            }

            foreach (var file in DefaultCompileItems(sub, projectFolders))
            {
                yield return file;
            }
        }
    }

    /// <summary>The Directory.Build.props a project sees: the nearest above it, and the ones it imports from further up (outermost first).</summary>
    private static List<string> BuildProps(string folder, string root)
    {
        var found = new List<string>();
        var rootFull = Path.GetFullPath(root).TrimEnd('/');
        for (var dir = Path.GetFullPath(folder); dir is not null && dir.StartsWith(rootFull, StringComparison.Ordinal); dir = Path.GetDirectoryName(dir))
        {
            var props = Path.Combine(dir, "Directory.Build.props");
            if (System.IO.File.Exists(props))
            {
                found.Insert(0, props);
                var text = System.IO.File.ReadAllText(props);
                if (!text.Contains("Directory.Build.props", StringComparison.OrdinalIgnoreCase))
                {
                    break; // it does not import the one above it
                }
            }
        }

        return found;
    }

    private static XDocument? Load(string path)
    {
        try
        {
            return XDocument.Load(path, LoadOptions.SetBaseUri);
        }
        catch (Exception e) when (e is System.Xml.XmlException or IOException)
        {
            return null;
        }
    }

    private static string? Metadata(XElement item, string name) =>
        item.Attribute(name)?.Value ?? item.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static IEnumerable<string> SplitItems(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(v => !v.Contains("$(") && !v.Contains("@("))
            .Select(v => v.Replace('\\', '/'));

    /// <summary>Expands an item path with * and ** wildcards (or returns the file itself).</summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        if (!pattern.Contains('*') && !pattern.Contains('?'))
        {
            return System.IO.File.Exists(pattern) ? [pattern] : [];
        }

        var firstWild = pattern.IndexOfAny(['*', '?']);
        var baseDir = pattern[..(pattern.LastIndexOf('/', firstWild) + 1)];
        if (!Directory.Exists(baseDir))
        {
            return [];
        }

        var regex = new Regex("^" + Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?").Replace(@"\*\*", ".*").Replace(@"\*", "[^/]*").Replace(@"\?", "[^/]") + "$");
        return Directory.EnumerateFiles(baseDir, "*", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(f => regex.IsMatch(f) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
    }

    private static string Expand(string value, Dictionary<string, string> properties) =>
        Regex.Replace(value, @"\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)", m => properties.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    private static bool IsTrue(string? value) => value is not null && value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase);

    private static bool IsFalse(string? value) => value is not null && value.Trim().Equals("false", StringComparison.OrdinalIgnoreCase);

    private static string? FirstTargetFramework(Dictionary<string, string> properties)
    {
        var value = properties.GetValueOrDefault("TargetFramework") is { Length: > 0 } single && !single.Contains("$(")
            ? single
            : properties.GetValueOrDefault("TargetFrameworks")?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(t => !t.Contains("$("));
        if (value is null && properties.GetValueOrDefault("TargetFrameworkVersion") is { } version)
        {
            value = "net" + version.TrimStart('v', 'V').Replace(".", string.Empty); // old-style projects: v4.7.2 -> net472
        }

        return value?.ToLowerInvariant();
    }

    private static bool IsNetFramework(string tfm) => Regex.IsMatch(tfm, @"^net[1-4]\d*$");

    /// <summary>The preprocessor symbols the SDK defines for a target framework (Microsoft.NET.Sdk.BeforeCommon.targets).</summary>
    public static IEnumerable<string> FrameworkSymbols(string? tfm)
    {
        if (tfm is null)
        {
            yield break;
        }

        var platform = tfm.Contains('-') ? tfm[(tfm.IndexOf('-') + 1)..] : null;
        tfm = tfm.Split('-')[0];
        Match m;
        if ((m = Regex.Match(tfm, @"^netstandard(\d+)\.(\d+)$")).Success)
        {
            var (major, minor) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
            yield return "NETSTANDARD";
            yield return $"NETSTANDARD{major}_{minor}";
            foreach (var (ma, mi) in new[] { (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (2, 0), (2, 1) }.Where(v => v.Item1 < major || (v.Item1 == major && v.Item2 <= minor)))
            {
                yield return $"NETSTANDARD{ma}_{mi}_OR_GREATER";
            }
        }
        else if ((m = Regex.Match(tfm, @"^netcoreapp(\d+)\.(\d+)$")).Success || (m = Regex.Match(tfm, @"^net(\d+)\.(\d+)$")).Success)
        {
            var (major, minor) = (int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value));
            yield return "NETCOREAPP";
            foreach (var (ma, mi) in new[] { (1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (3, 0), (3, 1) }.Where(v => v.Item1 < major || (v.Item1 == major && v.Item2 <= minor)))
            {
                yield return $"NETCOREAPP{ma}_{mi}_OR_GREATER";
            }

            if (major < 5)
            {
                yield return $"NETCOREAPP{major}_{minor}";
            }
            else
            {
                yield return "NET";
                yield return $"NET{major}_{minor}";
                for (var v = 5; v <= major; v++)
                {
                    yield return $"NET{v}_0_OR_GREATER";
                }

                if (platform is not null)
                {
                    yield return platform.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.').ToUpperInvariant();
                }
            }
        }
        else if ((m = Regex.Match(tfm, @"^net([1-4])(\d)(\d?)$")).Success)
        {
            var version = tfm[3..];
            yield return "NETFRAMEWORK";
            yield return "NET" + version;
            foreach (var known in new[] { "20", "30", "35", "40", "45", "451", "452", "46", "461", "462", "47", "471", "472", "48", "481" })
            {
                if (string.CompareOrdinal(known.PadRight(3, '0'), version.PadRight(3, '0')) <= 0)
                {
                    yield return $"NET{known}_OR_GREATER";
                }
            }
        }
    }
}
