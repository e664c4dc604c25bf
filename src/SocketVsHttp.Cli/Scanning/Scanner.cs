using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Cli.Loading;

namespace SocketVsHttp.Cli.Scanning;

/// <summary>What a scan found, and what it could not do.</summary>
public sealed class ScanResult
{
    public List<Finding> Findings { get; } = [];

    /// <summary>Analyzer exceptions (AD0001): a rule failed on this code. The scan reports them and exits with 2.</summary>
    public List<string> Exceptions { get; } = [];

    /// <summary>Things the user should know (a project that could not be loaded, a reference set that was missing).</summary>
    public List<string> Warnings { get; } = [];

    public int Projects { get; set; }

    /// <summary>With <c>--timing</c>: the scan's time against the compiler's own on the same files.</summary>
    public List<string> Timings { get; } = [];

    /// <summary>"project" (MSBuild) or "folder".</summary>
    public string Mode { get; set; } = "folder";

    public int Files { get; set; }
}

/// <summary>Runs every SocketVsHttp rule over the compilations of a folder, de-duplicating what two projects share.</summary>
public static class Scanner
{
    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static IReadOnlyList<DiagnosticDescriptor> Rules { get; } = Analyzers.SelectMany(a => a.SupportedDiagnostics)
        .Where(d => d.Id.StartsWith("SVH", StringComparison.Ordinal))
        .DistinctBy(d => d.Id)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToList();

    public static async Task<ScanResult> ScanAsync(string path, ScanOptions options, Action<string>? progress, CancellationToken ct)
    {
        var result = new ScanResult();
        var root = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var clock = Measure.Start();
        var projects = await LoadAsync(path, options, result, ct).ConfigureAwait(false);
        var loaded = clock.Elapsed();
        Measure.Span? own = null;
        if (options.Timing)
        {
            // The compiler alone on the same files, measured first, after one untimed warm-up run (which pays the JIT of
            // the compiler's code, as the SDK's ready-to-run compiler would not): parse again, bind and report on a fresh
            // compilation. The scan below then runs as it always does.
            CompileAlone(projects, ct);
            var compiler = Measure.Start();
            CompileAlone(projects, ct);
            own = compiler.Elapsed();
        }

        var analysis = Measure.Start();
        var findings = new List<Finding>();
        var done = 0;
        await Parallel.ForEachAsync(
            projects,
            new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) },
            async (project, token) =>
            {
                var (projectFindings, exceptions) = await AnalyzeAsync(project, root, options.Timing ? result.Timings : null, token).ConfigureAwait(false);
                lock (findings)
                {
                    findings.AddRange(projectFindings);
                    result.Exceptions.AddRange(exceptions);
                    result.Files += project.Compilation.SyntaxTrees.Count();
                    done++;
                    progress?.Invoke($"{done}/{projects.Count} projects: {project.Name}");
                }
            }).ConfigureAwait(false);

        result.Projects = projects.Count;
        if (own is { } compilerTime)
        {
            var analysed = analysis.Elapsed();
            result.Timings.Add($"load and parse: {loaded}");
            result.Timings.Add($"compiler alone on the same files (parse, bind, diagnostics; after a warm-up run): {compilerTime}");
            result.Timings.Add($"analysis with every rule (bind, operations, rules' callbacks): {analysed}");
            result.Timings.Add($"ratio analysis / compiler: wall {analysed.Wall / compilerTime.Wall:0.00}x, CPU {analysed.Cpu / compilerTime.Cpu:0.00}x");
        }

        // A file compiled by two projects (or two targets) reports once.
        result.Findings.AddRange(findings
            .Where(f => options.Includes(f))
            .DistinctBy(f => (f.Rule, f.Path, f.Line, f.Column, f.Message))
            .OrderBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ThenBy(f => f.Column));
        return result;
    }

    private static void CompileAlone(IReadOnlyList<LoadedProject> projects, CancellationToken ct)
    {
        foreach (var project in projects)
        {
            var trees = project.Compilation.SyntaxTrees
                .Select(t => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(t.GetText(ct), (Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)t.Options, t.FilePath, cancellationToken: ct))
                .ToList();
            _ = project.Compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(trees).GetDiagnostics(ct);
        }
    }

    /// <summary>
    /// Project mode for a .sln/.slnx/.csproj that MSBuild loads cleanly (restored); folder mode otherwise, saying why.
    /// </summary>
    public static async Task<IReadOnlyList<LoadedProject>> LoadAsync(string path, ScanOptions options, ScanResult result, CancellationToken ct)
    {
        // A folder holding one solution (or else one project) at its top is that solution, as for `dotnet build`.
        if (!options.NoBuild && Directory.Exists(path) && MsBuildProjects.SingleAtTop(path) is { } single)
        {
            path = single;
        }

        if (!options.NoBuild && MsBuildProjects.Applies(path))
        {
            var (solution, workspace, failure) = await MsBuildProjects.OpenAsync(path, ct).ConfigureAwait(false);
            if (solution is not null)
            {
                using (workspace)
                {
                    result.Mode = "project";
                    return await MsBuildProjects.CompileAsync(solution, ct).ConfigureAwait(false);
                }
            }

            result.Warnings.Add($"project mode: {failure}; scanning in folder mode instead");
        }

        result.Mode = "folder";
        return FolderWorkspace.Load(path, result.Warnings);
    }

    private static async Task<(List<Finding> Findings, List<string> Exceptions)> AnalyzeAsync(LoadedProject project, string root, List<string>? timings, CancellationToken ct)
    {
        var exceptions = new List<string>();
        var analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, project.Options ?? EmptyOptions.Instance),
            onAnalyzerException: (exception, analyzer, diagnostic) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} threw {exception.GetType().Name} in {project.Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: timings is not null);
        var withAnalyzers = project.Compilation.WithAnalyzers(Analyzers, analyzerOptions);
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(ct).ConfigureAwait(false);
        if (timings is not null)
        {
            var costs = new List<(string Rule, double Seconds)>();
            foreach (var analyzer in Analyzers)
            {
                var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, ct).ConfigureAwait(false);
                costs.Add((string.Join("/", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct()), telemetry.ExecutionTime.TotalSeconds));
            }

            lock (timings)
            {
                timings.Add($"{project.Name}: time in the rules' callbacks {costs.Sum(c => c.Seconds):0.00} s; most: "
                    + string.Join(", ", costs.OrderByDescending(c => c.Seconds).Take(5).Select(c => $"{c.Rule} {c.Seconds:0.00} s")));
            }
        }

        var findings = new List<Finding>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == "AD0001")
            {
                exceptions.Add($"{project.Name}: {diagnostic.GetMessage()}");
                continue;
            }

            if (!diagnostic.Id.StartsWith("SVH", StringComparison.Ordinal) || !diagnostic.Location.IsInSource || diagnostic.IsSuppressed)
            {
                continue;
            }

            findings.Add(ToFinding(diagnostic, root, ct));
        }

        return (findings, exceptions.Distinct().ToList());
    }

    private static Finding ToFinding(Diagnostic diagnostic, string root, CancellationToken ct)
    {
        var span = diagnostic.Location.GetLineSpan();
        var tree = diagnostic.Location.SourceTree!;
        var text = tree.GetText(ct);
        var lineText = text.Lines[span.StartLinePosition.Line].ToString();
        var node = tree.GetRoot(ct).FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return new Finding(
            diagnostic.Id,
            diagnostic.Severity,
            Relative(root, tree.FilePath),
            span.StartLinePosition.Line + 1,
            span.StartLinePosition.Character + 1,
            span.EndLinePosition.Line + 1,
            span.EndLinePosition.Character + 1,
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
            diagnostic.Descriptor.HelpLinkUri,
            MemberName(node),
            lineText);
    }

    /// <summary>Type and member around a node ("Client.FetchAsync"), or the type alone, or "" at the top level.</summary>
    internal static string MemberName(SyntaxNode node)
    {
        string? member = null;
        var types = new List<string>();
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case MethodDeclarationSyntax method when member is null:
                    member = method.Identifier.ValueText;
                    break;
                case ConstructorDeclarationSyntax when member is null:
                    member = ".ctor";
                    break;
                case PropertyDeclarationSyntax property when member is null:
                    member = property.Identifier.ValueText;
                    break;
                case LocalFunctionStatementSyntax local when member is null:
                    member = local.Identifier.ValueText;
                    break;
                case BaseFieldDeclarationSyntax field when member is null:
                    member = field.Declaration.Variables.FirstOrDefault()?.Identifier.ValueText;
                    break;
                case BaseTypeDeclarationSyntax type:
                    types.Insert(0, type.Identifier.ValueText);
                    break;
            }
        }

        return string.Join('.', types.Append(member).Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>Analyzer options with no configuration at all.</summary>
    public static AnalyzerConfigOptionsProvider NoConfiguration => EmptyOptions.Instance;

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private sealed class EmptyOptions : AnalyzerConfigOptionsProvider
    {
        public static readonly EmptyOptions Instance = new();

        public override AnalyzerConfigOptions GlobalOptions => NoOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions.Instance;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions.Instance;

        private sealed class NoOptions : AnalyzerConfigOptions
        {
            public static readonly NoOptions Instance = new();

            public override bool TryGetValue(string key, out string value)
            {
                value = string.Empty;
                return false;
            }
        }
    }
}

/// <summary>Wall-clock and process CPU time since a start (CPU time is what a shared machine's load distorts least).</summary>
internal readonly record struct Measure(System.Diagnostics.Stopwatch Clock, TimeSpan CpuAtStart)
{
    public static Measure Start() => new(System.Diagnostics.Stopwatch.StartNew(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime);

    public Span Elapsed() => new(Clock.Elapsed.TotalSeconds, (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - CpuAtStart).TotalSeconds);

    public readonly record struct Span(double Wall, double Cpu)
    {
        public override string ToString() => $"{Wall:0.00} s wall, {Cpu:0.00} s CPU";
    }
}
