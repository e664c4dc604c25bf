using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Cli.Loading;

/// <summary>
/// The .editorconfig files under and above a folder and the .globalconfig files above it, as a build would pass them
/// to the compiler: rule severities (<c>dotnet_diagnostic.SVH101.severity</c>) through the compilation's syntax tree
/// options, and rule options (<c>socketvshttp.svh101.key</c>) through the analyzer options.
/// </summary>
public sealed class EditorConfigOptions
{
    private readonly AnalyzerConfigSet? set;

    private EditorConfigOptions(AnalyzerConfigSet? set)
    {
        this.set = set;
        Provider = set is null ? null : new OptionsProvider(set);
    }

    public AnalyzerConfigOptionsProvider? Provider { get; }

    public static EditorConfigOptions ForFolder(string root, List<string> warnings)
    {
        var files = new List<string>();
        files.AddRange(Directory.EnumerateFiles(root, ".editorconfig", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(s => s is "bin" or "obj")));
        for (var folder = Directory.GetParent(root); folder is not null; folder = folder.Parent)
        {
            files.AddRange(new[] { ".editorconfig", ".globalconfig" }.Select(n => Path.Combine(folder.FullName, n)).Where(File.Exists));
        }

        var rootGlobal = Path.Combine(root, ".globalconfig");
        if (File.Exists(rootGlobal))
        {
            files.Add(rootGlobal);
        }

        if (files.Count == 0)
        {
            return new EditorConfigOptions(null);
        }

        var configs = files.Distinct(StringComparer.Ordinal)
            .Select(f => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(f)), f))
            .ToList();
        var set = AnalyzerConfigSet.Create(configs, out var diagnostics);
        warnings.AddRange(diagnostics.Select(d => d.GetMessage()));
        return new EditorConfigOptions(set);
    }

    /// <summary>The compilation with the configured severities attached (unchanged when no config file was found).</summary>
    public Compilation Apply(Compilation compilation)
    {
        if (set is null)
        {
            return compilation;
        }

        var trees = compilation.SyntaxTrees.ToImmutableDictionary(t => t, t => set.GetOptionsForSourcePath(t.FilePath));
        return compilation.WithOptions(compilation.Options.WithSyntaxTreeOptionsProvider(new TreeOptions(trees, set.GlobalConfigOptions)));
    }

    private sealed class TreeOptions(ImmutableDictionary<SyntaxTree, AnalyzerConfigOptionsResult> trees, AnalyzerConfigOptionsResult global) : SyntaxTreeOptionsProvider
    {
        public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) =>
            trees.TryGetValue(tree, out var result) && result.AnalyzerOptions.TryGetValue("generated_code", out var value)
                ? (string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) ? GeneratedKind.MarkedGenerated : GeneratedKind.NotGenerated)
                : GeneratedKind.Unknown;

        public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
        {
            if (trees.TryGetValue(tree, out var result) && result.TreeOptions.TryGetValue(diagnosticId, out severity))
            {
                return true;
            }

            severity = ReportDiagnostic.Default;
            return false;
        }

        public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity) =>
            global.TreeOptions.TryGetValue(diagnosticId, out severity);
    }

    private sealed class OptionsProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        private readonly ConcurrentOptions global = new(set.GlobalConfigOptions.AnalyzerOptions);

        public override AnalyzerConfigOptions GlobalOptions => global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new ConcurrentOptions(set.GetOptionsForSourcePath(tree.FilePath).AnalyzerOptions);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new ConcurrentOptions(set.GetOptionsForSourcePath(textFile.Path).AnalyzerOptions);

        private sealed class ConcurrentOptions(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
