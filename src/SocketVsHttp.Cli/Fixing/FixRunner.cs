using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Cli.Loading;
using SocketVsHttp.Cli.Scanning;
using RoslynProject = Microsoft.CodeAnalysis.Project;

namespace SocketVsHttp.Cli.Fixing;

/// <summary>What one rule's Fix All did.</summary>
public sealed record RuleFixResult(string Rule, int Before, int After, string? Note)
{
    public int Fixed => Math.Max(0, Before - After);
}

/// <summary>What <c>fix</c> did: per rule, and the files whose text changed (original and new text).</summary>
public sealed class FixResult
{
    public List<RuleFixResult> Rules { get; } = [];

    public List<(string Path, SourceText Before, SourceText After)> Changed { get; } = [];

    public List<string> Warnings { get; } = [];

    public string Mode { get; set; } = "folder";
}

/// <summary>
/// Applies the code fixes of SocketVsHttp.CodeFixes: for each rule in ID order, its provider's Fix All over the whole
/// solution (every finding of the rule at once, as the IDE's "Fix all in solution" does), then the next rule on the
/// result. Project mode uses the MSBuild-loaded solution; folder mode builds one from the folder's compilations.
/// Nothing is written here: the caller writes <see cref="FixResult.Changed"/> or prints it as a diff.
/// </summary>
public static class FixRunner
{
    public static readonly ImmutableArray<CodeFixProvider> Providers = typeof(SocketVsHttp.Http.HttpClientPerOperationFixer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static async Task<FixResult> RunAsync(string path, ScanOptions options, CancellationToken ct)
    {
        var result = new FixResult();
        var scan = new ScanResult();
        Solution solution;
        IDisposable? workspace = null;
        Func<ProjectId, AnalyzerConfigOptionsProvider?> optionsOf;
        if (!options.NoBuild && Directory.Exists(path) && MsBuildProjects.SingleAtTop(path) is { } single)
        {
            path = single; // a folder holding one solution (or else one project) at its top is that solution
        }

        if (!options.NoBuild && MsBuildProjects.Applies(path)
            && await MsBuildProjects.OpenAsync(path, ct).ConfigureAwait(false) is { Solution: { } loaded } opened)
        {
            solution = loaded;
            workspace = opened.Workspace;
            optionsOf = id => solution.GetProject(id)?.AnalyzerOptions.AnalyzerConfigOptionsProvider;
            result.Mode = "project";
        }
        else
        {
            var projects = await Scanner.LoadAsync(path, options with { NoBuild = true }, scan, ct).ConfigureAwait(false);
            if (!options.NoBuild && MsBuildProjects.Applies(path))
            {
                result.Warnings.Add("project mode: the project does not load with MSBuild (not restored?); fixing in folder mode instead");
            }

            (solution, var projectOptions) = FolderSolution(projects);
            workspace = solution.Workspace as IDisposable;
            optionsOf = id => projectOptions.GetValueOrDefault(id);
        }

        result.Warnings.AddRange(scan.Warnings.Distinct());
        using (workspace)
        {
            var original = solution;
            foreach (var rule in Scanner.Rules.Select(d => d.Id).Where(options.MatchesRule))
            {
                var provider = Providers.FirstOrDefault(p => p.FixableDiagnosticIds.Contains(rule));
                var before = await DiagnosticsAsync(solution, rule, optionsOf, ct).ConfigureAwait(false);
                if (before.Count == 0)
                {
                    continue;
                }

                if (provider is null)
                {
                    result.Rules.Add(new RuleFixResult(rule, before.Count, before.Count, "no code fix for this rule"));
                    continue;
                }

                var (fixedSolution, note) = await FixAllAsync(solution, provider, rule, before, ct).ConfigureAwait(false);
                solution = fixedSolution;
                var after = await DiagnosticsAsync(solution, rule, optionsOf, ct).ConfigureAwait(false);
                result.Rules.Add(new RuleFixResult(rule, before.Count, after.Count, note));
            }

            foreach (var (path2, beforeText, afterText) in ChangedFiles(original, solution, ct))
            {
                result.Changed.Add((path2, beforeText, afterText));
            }
        }

        return result;
    }

    /// <summary>The rule's findings, per document (a file compiled for two targets counts once per target, as the fix sees it).</summary>
    private static async Task<List<(Document Document, Diagnostic Diagnostic)>> DiagnosticsAsync(
        Solution solution, string rule, Func<ProjectId, AnalyzerConfigOptionsProvider?> optionsOf, CancellationToken ct)
    {
        var analyzers = Scanner.Analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == rule)).ToImmutableArray();
        var found = new List<(Document, Diagnostic)>();
        foreach (var project in solution.Projects.Where(p => p.Language == LanguageNames.CSharp))
        {
            if (await project.GetCompilationAsync(ct).ConfigureAwait(false) is not { } compilation)
            {
                continue;
            }

            var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, optionsOf(project.Id) ?? Scanner.NoConfiguration);
            var diagnostics = await compilation.WithAnalyzers(analyzers, analyzerOptions).GetAnalyzerDiagnosticsAsync(ct).ConfigureAwait(false);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id == rule && !diagnostic.IsSuppressed && diagnostic.Severity != DiagnosticSeverity.Hidden
                    && diagnostic.Location.SourceTree is { } tree && project.GetDocument(tree) is { } document)
                {
                    found.Add((document, diagnostic));
                }
            }
        }

        return found;
    }

    private static async Task<(Solution Solution, string? Note)> FixAllAsync(
        Solution solution, CodeFixProvider provider, string rule, List<(Document Document, Diagnostic Diagnostic)> diagnostics, CancellationToken ct)
    {
        // The first finding's first action names the fix (its equivalence key) that Fix All applies everywhere.
        CodeAction? first = null;
        foreach (var (document, diagnostic) in diagnostics)
        {
            var actions = new List<CodeAction>();
            await provider.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), ct)).ConfigureAwait(false);
            if (actions.Count > 0)
            {
                first = actions[0];
                break;
            }
        }

        if (first is null)
        {
            return (solution, "no fix offered for these findings (see the rule's doc page)");
        }

        if (provider.GetFixAllProvider() is not { } fixAll)
        {
            return (solution, "the rule's fix has no Fix All");
        }

        var byDocument = diagnostics.GroupBy(d => d.Document.Id).ToDictionary(g => g.Key, g => g.Select(d => d.Diagnostic).ToImmutableArray());
        var context = new FixAllContext(
            diagnostics[0].Document,
            provider,
            FixAllScope.Solution,
            first.EquivalenceKey,
            [rule],
            new KnownDiagnostics(byDocument),
            ct);
        if (await fixAll.GetFixAsync(context).ConfigureAwait(false) is not { } action)
        {
            return (solution, "Fix All produced no change");
        }

        foreach (var operation in await action.GetOperationsAsync(ct).ConfigureAwait(false))
        {
            if (operation is ApplyChangesOperation apply)
            {
                return (apply.ChangedSolution, null);
            }
        }

        return (solution, "Fix All produced no change");
    }

    private static IEnumerable<(string Path, SourceText Before, SourceText After)> ChangedFiles(Solution original, Solution current, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projectChanges in current.GetChanges(original).GetProjectChanges())
        {
            foreach (var id in projectChanges.GetChangedDocuments(onlyGetDocumentsWithTextChanges: true))
            {
                var before = original.GetDocument(id)!;
                var after = current.GetDocument(id)!;
                if (before.FilePath is not { } path || !File.Exists(path) || !seen.Add(path))
                {
                    continue; // generated (global usings) or a linked copy already taken
                }

                yield return (path, before.GetTextAsync(ct).GetAwaiter().GetResult(), after.GetTextAsync(ct).GetAwaiter().GetResult());
            }
        }
    }

    /// <summary>A solution of the folder mode's compilations: same trees, options and references, project references by compilation.</summary>
    private static (Solution Solution, Dictionary<ProjectId, AnalyzerConfigOptionsProvider?> Options) FolderSolution(IReadOnlyList<LoadedProject> projects)
    {
        var workspace = new AdhocWorkspace();
        var solution = workspace.CurrentSolution;
        var ids = new Dictionary<Compilation, ProjectId>();
        var options = new Dictionary<ProjectId, AnalyzerConfigOptionsProvider?>();
        foreach (var project in projects)
        {
            var id = ProjectId.CreateNewId(project.Name);
            ids[project.Compilation] = id;
            options[id] = project.Options;
        }

        foreach (var project in projects)
        {
            var id = ids[project.Compilation];
            var compilation = project.Compilation;
            var documents = compilation.SyntaxTrees.Select(tree => DocumentInfo.Create(
                DocumentId.CreateNewId(id),
                Path.GetFileName(tree.FilePath),
                loader: TextLoader.From(TextAndVersion.Create(tree.GetText(), VersionStamp.Create(), tree.FilePath)),
                filePath: tree.FilePath));
            var projectReferences = compilation.References.OfType<CompilationReference>()
                .Where(r => ids.ContainsKey(r.Compilation))
                .Select(r => new ProjectReference(ids[r.Compilation]));
            solution = solution.AddProject(ProjectInfo.Create(
                id,
                VersionStamp.Create(),
                project.Name,
                compilation.AssemblyName ?? project.Name,
                LanguageNames.CSharp,
                compilationOptions: compilation.Options,
                parseOptions: compilation.SyntaxTrees.FirstOrDefault()?.Options,
                documents: documents,
                projectReferences: projectReferences,
                metadataReferences: compilation.References.Where(r => r is not CompilationReference)));
        }

        return (solution, options);
    }

    private sealed class KnownDiagnostics(Dictionary<DocumentId, ImmutableArray<Diagnostic>> byDocument) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(byDocument.GetValueOrDefault(document.Id, []));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(RoslynProject project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>([]);

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(RoslynProject project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(byDocument.Where(p => p.Key.ProjectId == project.Id).SelectMany(p => p.Value).ToList());
    }
}
