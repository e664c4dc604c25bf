using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Cli.Loading;

namespace SocketVsHttp.RealWorld;

/// <summary>What one repository gave: its findings, the analyzer exceptions, and what could not be done.</summary>
public sealed class RepoResult
{
    public required ManifestRow Row { get; init; }
    public List<Finding> Findings { get; } = [];
    public List<string> Exceptions { get; } = [];
    public List<string> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public HashSet<string> CompiledFiles { get; } = new(StringComparer.Ordinal);
    public int Projects { get; set; }

    /// <summary>Compiler errors in the analysed projects (types from packages that are not restored, mostly).</summary>
    public int CompileErrors { get; set; }
    public TimeSpan Elapsed { get; set; }
}

public static class Runner
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = LoadAnalyzers();


    /// <summary>The rules the analyzers declare, in order.</summary>
    public static IReadOnlyList<string> Rules { get; } =
        Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).Where(id => id.StartsWith("SVH", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();

    public static RepoResult Run(ManifestRow row, string reposDir, string cacheDir)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = new RepoResult { Row = row };
        var root = Checkouts.Get(row, reposDir, cacheDir, result.Errors);
        if (root is null)
        {
            return result;
        }

        // The CLI's folder mode compiles each project as a build would; only projects in the manifest's scope are analysed
        // (in scope: the project lies under a scope prefix, or a scope prefix lies inside the project).
        bool InScope(string relativeFolder) =>
            row.InScope(relativeFolder) || row.Scope.Any(s => s.StartsWith(relativeFolder + "/", StringComparison.Ordinal) || relativeFolder == ".");
        foreach (var loaded in FolderWorkspace.Load(root, result.Warnings, InScope, looseFiles: false))
        {
            var sources = loaded.Project!.SourceFiles.Select(f => Relative(root, f)).Where(row.InScope).ToList();
            if (sources.Count == 0)
            {
                continue;
            }

            result.Projects++;
            result.CompiledFiles.UnionWith(sources);
            var compilation = loaded.Compilation;
            Analyze(compilation, loaded.Options, root, row, result);
            var compileErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            result.CompileErrors += compileErrors.Count;
            if (Environment.GetEnvironmentVariable("REALWORLD_COMPILE_ERRORS") == "1")
            {
                foreach (var error in compileErrors.GroupBy(d => d.Id).OrderByDescending(g => g.Count()).Take(3))
                {
                    Console.Error.WriteLine($"  {Relative(root, loaded.Project!.Folder)}: {error.Count()} x {error.Key}, e.g. {error.First().GetMessage()}");
                }
            }
        }

        // One file compiled by two projects (a shared or linked file) reports once.
        var unique = result.Findings.DistinctBy(f => (f.Rule, f.Primary, f.Message)).ToList();
        result.Findings.Clear();
        result.Findings.AddRange(unique.OrderBy(f => f.Primary.Path, StringComparer.Ordinal).ThenBy(f => f.Primary.Line).ThenBy(f => f.Rule, StringComparer.Ordinal));
        result.Elapsed = stopwatch.Elapsed;
        return result;
    }

    private static void Analyze(Compilation compilation, AnalyzerConfigOptionsProvider? configOptions, string root, ManifestRow row, RepoResult result)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            configOptions is null ? new AnalyzerOptions([]) : new AnalyzerOptions([], configOptions),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} on {compilation.AssemblyName}: {exception.GetType().Name}: {exception.Message} at {Place(diagnostic.Location, root)}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var diagnostics = compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        result.Exceptions.AddRange(exceptions.Distinct());
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == "AD0001")
            {
                result.Exceptions.Add($"AD0001 on {compilation.AssemblyName}: {diagnostic.GetMessage()}");
                continue;
            }

            if (!diagnostic.Id.StartsWith("SVH", StringComparison.Ordinal) || diagnostic.Severity == DiagnosticSeverity.Hidden)
            {
                continue; // other analyzers' diagnostics, and Hidden ones (a build does not show them)
            }

            var places = new[] { diagnostic.Location }.Concat(diagnostic.AdditionalLocations)
                .Where(l => l.IsInSource)
                .Select(l => Place(l, root))
                .OfType<Place>()
                .Distinct()
                .ToList();
            if (places.Count == 0 || !row.InScope(places[0].Path))
            {
                continue;
            }

            result.Findings.Add(new Finding(diagnostic.Id, places, diagnostic.GetMessage()));
        }
    }

    private static Place? Place(Location location, string root)
    {
        if (!location.IsInSource || location.SourceTree?.FilePath is not { Length: > 0 } file)
        {
            return null;
        }

        return new Place(Relative(root, file), location.GetLineSpan().StartLinePosition.Line + 1);
    }

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static ImmutableArray<DiagnosticAnalyzer> LoadAnalyzers()
    {
        var assembly = System.Reflection.Assembly.Load("SocketVsHttp.Analyzers");
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
    }
}

/// <summary>Gets a repository's files at the pinned commit: a work tree at that commit, or a bare git dir extracted into the cache.</summary>
public static class Checkouts
{
    public static string? Get(ManifestRow row, string reposDir, string cacheDir, List<string> errors)
    {
        var entry = Path.Combine(reposDir, row.FolderName);
        if (!Directory.Exists(entry))
        {
            errors.Add($"no checkout: {entry} does not exist");
            return null;
        }

        // The search tool's fetch makes <owner+name>/repo (a bare git dir, sometimes <owner+name>/repo/.git); `git clone --bare`
        // makes <owner+name> itself one; a clone's .git works the same way (the pinned commit is archived from it).
        var gitDir = new[] { entry, Path.Combine(entry, "repo"), Path.Combine(entry, "repo", ".git"), Path.Combine(entry, ".git") }.FirstOrDefault(IsBareGitDir);
        if (gitDir is null)
        {
            var head = Git(["-C", entry, "rev-parse", "HEAD"], out var output) == 0 ? output.Trim() : null;
            if (head is not null && !head.Equals(row.Commit, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"the work tree {entry} is at {head}, the manifest pins {row.Commit}: check out the pinned commit");
                return null;
            }

            return Path.GetFullPath(entry);
        }

        var target = Path.GetFullPath(Path.Combine(cacheDir, $"{row.FolderName}@{row.Commit[..12]}"));
        if (Directory.Exists(target))
        {
            return target;
        }

        var part = target + ".part";
        if (Directory.Exists(part))
        {
            Directory.Delete(part, recursive: true);
        }

        Directory.CreateDirectory(part);
        if (!Extract(gitDir, row.Commit, part, errors))
        {
            Directory.Delete(part, recursive: true);
            return null;
        }

        Directory.Move(part, target);
        return target;
    }

    // What the runner reads: sources, projects and the props/targets they import.
    private static readonly string[] Extensions = [".cs", ".csproj", ".props", ".targets"];

    /// <summary>
    /// Writes the commit's .cs, .csproj, .props and .targets files under <paramref name="into"/> (git ls-tree, then one git cat-file --batch).
    /// Blobs the git dir lacks (snapshots omit very large files) are skipped, where git archive would fail.
    /// </summary>
    private static bool Extract(string gitDir, string commit, string into, List<string> errors)
    {
        if (Git(["--git-dir=" + gitDir, "ls-tree", "-r", "-z", commit], out var tree) != 0)
        {
            errors.Add($"git ls-tree {commit} in {gitDir} failed (is the commit there?): {tree.Trim()}");
            return false;
        }

        var blobs = new List<(string Oid, string Path)>();
        foreach (var entry in tree.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = entry.IndexOf('\t');
            var meta = entry[..tab].Split(' ');
            var path = entry[(tab + 1)..];
            if (meta[1] == "blob" && meta[0] != "120000" && Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            {
                blobs.Add((meta[2], path));
            }
        }

        var start = new ProcessStartInfo("git") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--git-dir=" + gitDir);
        start.ArgumentList.Add("cat-file");
        start.ArgumentList.Add("--batch");
        using var process = Process.Start(start)!;
        var writer = Task.Run(() =>
        {
            foreach (var (oid, _) in blobs)
            {
                process.StandardInput.Write(oid + "\n");
            }

            process.StandardInput.Close();
        });
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.BaseStream;
        foreach (var (oid, path) in blobs)
        {
            // "<oid> blob <size>\n<content>\n" or "<oid> missing\n"
            var header = ReadLine(output).Split(' ');
            if (header.Length < 3 || header[1] != "blob")
            {
                continue; // missing from the snapshot
            }

            var content = new byte[int.Parse(header[2], System.Globalization.CultureInfo.InvariantCulture)];
            output.ReadExactly(content);
            output.ReadByte(); // the newline after the content
            var file = Path.Combine(into, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }

        writer.GetAwaiter().GetResult();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            errors.Add($"git cat-file in {gitDir} failed: {stderr.GetAwaiter().GetResult().Trim()}");
            return false;
        }

        return true;
    }

    private static string ReadLine(Stream stream)
    {
        var bytes = new List<byte>();
        for (var b = stream.ReadByte(); b is not -1 and not '\n'; b = stream.ReadByte())
        {
            bytes.Add((byte)b);
        }

        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsBareGitDir(string dir) => File.Exists(Path.Combine(dir, "HEAD")) && Directory.Exists(Path.Combine(dir, "objects"));

    private static int Git(string[] arguments, out string output) => Run("git", arguments, out output);

    private static int Run(string program, string[] arguments, out string output)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        output += stderr.GetAwaiter().GetResult();
        return process.ExitCode;
    }
}
