using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace SocketVsHttp.Cli.Loading;

/// <summary>
/// Project mode: a .sln, .slnx or .csproj loaded the way MSBuild evaluates it (MSBuildWorkspace, whose build host runs
/// the installed SDK's MSBuild), with the restored package references, every target framework as its own project and
/// the .editorconfig / .globalconfig files the build would pass. It needs restored projects; when a project cannot be
/// loaded (not restored, an SDK or a project type this machine lacks) the caller falls back to folder mode.
/// </summary>
public static class MsBuildProjects
{
    public static bool Applies(string path) =>
        File.Exists(path) && Path.GetExtension(path).ToLowerInvariant() is ".sln" or ".slnx" or ".csproj";

    /// <summary>The one .sln/.slnx at the top of <paramref name="folder"/>, else its one .csproj, else null.</summary>
    public static string? SingleAtTop(string folder)
    {
        var solutions = Directory.GetFiles(folder, "*.sln").Concat(Directory.GetFiles(folder, "*.slnx")).ToArray();
        if (solutions.Length > 0)
        {
            return solutions.Length == 1 ? solutions[0] : null;
        }

        var projects = Directory.GetFiles(folder, "*.csproj");
        return projects.Length == 1 ? projects[0] : null;
    }

    /// <summary>The loaded solution, or null with the reason when the path does not load cleanly.</summary>
    public static async Task<(Solution? Solution, MSBuildWorkspace? Workspace, string? Failure)> OpenAsync(string path, CancellationToken ct)
    {
        var full = Path.GetFullPath(path);
        var failures = new List<string>();
        MSBuildWorkspace workspace;
        try
        {
            workspace = MSBuildWorkspace.Create();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, null, $"MSBuild cannot be started here ({e.GetType().Name}: {e.Message})");
        }

        workspace.RegisterWorkspaceFailedHandler(e =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (failures)
                {
                    failures.Add(e.Diagnostic.Message);
                }
            }
        });
        Solution solution;
        try
        {
            solution = full.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase)
                ? (await workspace.OpenProjectAsync(full, cancellationToken: ct).ConfigureAwait(false)).Solution
                : await workspace.OpenSolutionAsync(full, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            workspace.Dispose();
            return (null, null, $"{e.GetType().Name}: {e.Message}");
        }

        var csharp = solution.Projects.Where(p => p.Language == LanguageNames.CSharp).ToList();
        // A project that was never restored still loads, with the framework's references but none of its packages: its
        // package types would not bind and the rules would go quiet on them. Restored means an assets file in obj/.
        var unloaded = csharp.Where(p => !p.MetadataReferences.Any() || !Restored(p.FilePath)).Select(p => p.Name).Distinct().ToList();
        // MSBuild's own warnings arrive as failures too (NU1510...): what counts is whether every project came with its
        // references; a project that did not load at all is missing, and then a failure says why.
        if (csharp.Count == 0 || unloaded.Count > 0)
        {
            workspace.Dispose();
            var reason = unloaded.Count > 0
                ? $"{string.Join(", ", unloaded)}: not restored (no obj/project.assets.json; run dotnet restore)"
                : failures.Count > 0 ? failures[0] : "no C# project";
            return (null, null, reason);
        }

        return (solution, workspace, null);
    }

    private static bool Restored(string? projectFile) =>
        projectFile is null || File.Exists(Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json"));

    /// <summary>Each C# project of the solution (each target framework of a multi-targeted project) as a compilation.</summary>
    public static async Task<IReadOnlyList<LoadedProject>> CompileAsync(Solution solution, CancellationToken ct)
    {
        var loaded = new List<LoadedProject>();
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (await project.GetCompilationAsync(ct).ConfigureAwait(false) is { } compilation)
            {
                loaded.Add(new LoadedProject(project.Name, compilation, project.AnalyzerOptions.AnalyzerConfigOptionsProvider) { SolutionProject = project.Id });
            }
        }

        return loaded;
    }
}
