using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Benchmarks.Analysis;

/// <summary>
/// Third baseline, "empty twins": one analyzer per rule that runs the rule's own Initialize and compilation-start action
/// (KnownTypes look-ups, caches) and registers the same operation kinds, but with callbacks that do nothing. What the
/// twins cost over the empty operation analyzer is the per-rule constant the driver charges for registering at all (a
/// dispatch pass over every operation per analyzer, a timed callback per matching operation); what our rules cost over the
/// twins is the rules' own work.
/// </summary>
public static class TwinAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> For(ImmutableArray<DiagnosticAnalyzer> rules) => [.. rules.Select(r => (DiagnosticAnalyzer)new Twin(r))];

    private static readonly Action<OperationAnalysisContext> NoOperation = static _ => { };
    private static readonly Action<CompilationAnalysisContext> NoCompilation = static _ => { };

    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    private sealed class Twin(DiagnosticAnalyzer rule) : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => rule.SupportedDiagnostics;

        // The rule's own Initialize configures generated code and concurrency; TwinContext forwards both.
#pragma warning disable RS1025, RS1026
        public override void Initialize(AnalysisContext context) => rule.Initialize(new TwinContext(context));
#pragma warning restore RS1025, RS1026
    }

    private sealed class TwinContext(AnalysisContext inner) : AnalysisContext
    {
        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void EnableConcurrentExecution() => inner.EnableConcurrentExecution();

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) =>
            inner.RegisterCompilationStartAction(start => action(new TwinStart(start)));

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(NoOperation, operationKinds);

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationAction(NoCompilation);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            throw new NotSupportedException("twin: code block start actions");

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            inner.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);
    }

    private sealed class TwinStart(CompilationStartAnalysisContext inner)
        : CompilationStartAnalysisContext(inner.Compilation, inner.Options, inner.CancellationToken)
    {
        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) =>
            inner.RegisterOperationAction(NoOperation, operationKinds);

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => inner.RegisterCompilationEndAction(NoCompilation);

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => inner.RegisterSemanticModelAction(static _ => { });

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) =>
            inner.RegisterSymbolAction(static _ => { }, symbolKinds);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) =>
            throw new NotSupportedException("twin: code block start actions");

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => inner.RegisterCodeBlockAction(static _ => { });

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => inner.RegisterSyntaxTreeAction(static _ => { });

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) =>
            inner.RegisterSyntaxNodeAction(static _ => { }, syntaxKinds);
    }
}
