using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Cli.Loading;

/// <summary>One project's compilation, with the .editorconfig / .globalconfig options that apply to its files.</summary>
public sealed record LoadedProject(string Name, Compilation Compilation, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptionsProvider? Options)
{
    /// <summary>Folder mode: the project as read from its files.</summary>
    public Project? Project { get; init; }

    /// <summary>Project mode: the project in the MSBuild-loaded solution.</summary>
    public ProjectId? SolutionProject { get; init; }
}

/// <summary>
/// Folder mode: every folder with a .csproj under the path becomes one compilation of its .cs files, read the way a
/// build would see it (<see cref="Project"/>), compiled against the reference assemblies of the target framework it
/// names (<see cref="TargetReferences"/>) and the compilations of the projects it references. Loose .cs files with
/// no project above them form one compilation against .NET's references. A path to a .csproj loads that project (and
/// what it references); a path to a .sln/.slnx loads every project under the solution's folder.
/// </summary>
public static class FolderWorkspace
{
    /// <param name="path">A folder, a .csproj, or a .sln/.slnx (its folder).</param>
    /// <param name="warnings">Where what could not be done is said.</param>
    /// <param name="includeFolder">Which project folders (relative to the root, "." for the root) to compile and
    /// return; projects they reference are compiled as references either way. Default: all.</param>
    /// <param name="looseFiles">Whether .cs files outside every project folder form a compilation of their own.</param>
    public static IReadOnlyList<LoadedProject> Load(string path, List<string> warnings, Func<string, bool>? includeFolder = null, bool looseFiles = true)
    {
        var full = Path.GetFullPath(path);
        var root = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        var csprojs = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Where(p => !Hidden(root, p))
            .Order(StringComparer.Ordinal)
            .ToList();

        // One project per folder: the one named after the folder, else the first by name.
        var byFolder = csprojs.GroupBy(p => Path.GetDirectoryName(p)!)
            .ToDictionary(g => g.Key, g => g.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == Path.GetFileName(g.Key)) ?? g.First(), StringComparer.Ordinal);
        var projectFolders = byFolder.Keys.ToHashSet(StringComparer.Ordinal);
        var projects = new Dictionary<string, Project>(StringComparer.Ordinal);
        var compilations = new Dictionary<string, Compilation?>(StringComparer.Ordinal);
        var options = EditorConfigOptions.ForFolder(root, warnings);

        Project ProjectOf(string csproj)
        {
            var chosen = byFolder.GetValueOrDefault(Path.GetDirectoryName(csproj)!) ?? csproj;
            if (!projects.TryGetValue(chosen, out var project))
            {
                project = Project.Read(chosen, root, projectFolders);
                projects[chosen] = project;
            }

            return project;
        }

        Compilation? CompilationOf(Project project, HashSet<string> visiting)
        {
            if (compilations.TryGetValue(project.File, out var done))
            {
                return done;
            }

            if (!visiting.Add(project.File))
            {
                return null; // a reference cycle
            }

            var references = new List<MetadataReference>(TargetReferences.For(project.TargetFramework, warnings));
            foreach (var reference in project.ProjectReferences)
            {
                if (!File.Exists(reference))
                {
                    warnings.Add($"{Relative(root, project.File)}: project reference {Relative(root, reference)} not found");
                    continue;
                }

                if (CompilationOf(ProjectOf(reference), visiting) is { } referenced)
                {
                    references.Add(referenced.ToMetadataReference());
                }
            }

            var compilation = options.Apply(project.Compile(references));
            compilations[project.File] = compilation;
            return compilation;
        }

        IEnumerable<string> selected = full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
            ? [full]
            : byFolder.Where(p => includeFolder is null || includeFolder(Relative(root, p.Key))).Select(p => p.Value);
        var loaded = new List<LoadedProject>();
        foreach (var csproj in selected.Order(StringComparer.Ordinal))
        {
            var project = ProjectOf(csproj);
            if (project.SourceFiles.Count > 0 && CompilationOf(project, new HashSet<string>(StringComparer.Ordinal)) is { } compilation)
            {
                loaded.Add(new LoadedProject(project.Name, compilation, options.Provider) { Project = project });
            }
        }

        // Loose files: .cs files under the root that no project folder holds.
        if (looseFiles && !full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
        {
            var loose = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Select(Path.GetFullPath)
                .Where(f => !Hidden(root, f) && !projectFolders.Any(folder => f.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (loose.Count > 0)
            {
                var project = Project.Loose(root, loose);
                loaded.Add(new LoadedProject(project.Name, options.Apply(project.Compile(TargetReferences.For(project.TargetFramework, warnings))), options.Provider) { Project = project });
            }
        }

        return loaded;
    }

    private static bool Hidden(string root, string path) =>
        Relative(root, path).Split('/').Any(s => s is "bin" or "obj" || (s.StartsWith('.') && s != "." && s != ".."));

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
