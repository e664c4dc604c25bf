using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>
/// Third baseline: reports one diagnostic at the top of every file and does nothing else. An analyzer that skips generated
/// code (as ours do) makes the driver check, on the first diagnostic reported in a file, whether that spot is generated
/// code: a scan of the whole file for GeneratedCode attributes, done once per file and charged to whichever analyzer
/// reports first. This baseline's driver time is that check alone, the share of our time on a corpus where every file
/// gets a finding that any reporting analyzer (a peer, the SDK's own rules) would pay in our place.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReportingAnalyzer : DiagnosticAnalyzer
{
    private static readonly DiagnosticDescriptor PerFile = new(
        "BENCH002", "one per file", "one per file", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [PerFile];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterSyntaxTreeAction(static tree =>
            tree.ReportDiagnostic(Diagnostic.Create(PerFile, Location.Create(tree.Tree, new TextSpan(0, 0)))));
    }
}
