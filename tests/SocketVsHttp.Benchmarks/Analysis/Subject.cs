using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Benchmarks.Analysis;

public enum SubjectKind
{
    /// <summary>Baseline: <c>compilation.GetDiagnostics()</c>, no analyzer driver.</summary>
    Compiler,

    /// <summary>Baseline: the analyzer driver with <see cref="EmptyAnalyzer"/> (harness overhead).</summary>
    Empty,

    /// <summary>Baseline: the analyzer driver with <see cref="EmptyOperationAnalyzer"/> (IOperation trees built, nothing done).</summary>
    EmptyOperations,

    /// <summary>Baseline: the analyzer driver with <see cref="ReportingAnalyzer"/> (one diagnostic per file: the driver's generated-code check).</summary>
    Reporting,

    /// <summary>Baseline: one no-op twin per rule (its compilation start runs, its operation kinds are registered, its callbacks do nothing).</summary>
    EmptyTwins,

    /// <summary>Every SocketVsHttp analyzer together.</summary>
    AllRules,

    /// <summary>One SocketVsHttp analyzer alone.</summary>
    Rule,

    /// <summary>A peer package the user would otherwise install.</summary>
    Peer,
}

/// <summary>What is measured on a corpus: the compiler alone, or the compiler plus a set of analyzers through CompilationWithAnalyzers.</summary>
public sealed record Subject(string Name, SubjectKind Kind, ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableDictionary<string, ReportDiagnostic> DiagnosticOptions)
{
    public const string CompilerName = "compiler";
    public const string EmptyName = "empty analyzer";
    public const string EmptyOperationsName = "empty operation analyzer";
    public const string ReportingName = "reporting analyzer";
    public const string AllRulesName = "SocketVsHttp (all)";
    public const string TwinsName = "empty twins of our rules";
    public const string IDisposableName = "IDisposableAnalyzers 4.0.8";
    public static readonly string NetAnalyzersName = "NetAnalyzers " + string.Join("+", PeerAnalyzers.NetAnalyzerRules);

    private static readonly Lazy<ImmutableArray<Subject>> Everything = new(Discover);

    public static ImmutableArray<Subject> All => Everything.Value;

    public static Subject Get(string name) => All.First(s => s.Name == name);

    /// <summary>Our analyzers, found by reflection in the analyzer assembly: every public DiagnosticAnalyzer with [DiagnosticAnalyzer].</summary>
    public static ImmutableArray<DiagnosticAnalyzer> OurAnalyzers()
    {
        var assembly = Assembly.Load("SocketVsHttp.Analyzers");
        var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>();
        foreach (var type in assembly.GetTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (!type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type) && type.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            {
                builder.Add((DiagnosticAnalyzer)Activator.CreateInstance(type)!);
            }
        }

        return builder.ToImmutable().Sort((a, b) => string.CompareOrdinal(RuleName(a), RuleName(b)));
    }

    public static string RuleName(DiagnosticAnalyzer analyzer) =>
        string.Join("+", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().Order(StringComparer.Ordinal));

    private static ImmutableArray<Subject> Discover()
    {
        var none = ImmutableDictionary<string, ReportDiagnostic>.Empty;
        var ours = OurAnalyzers();
        var subjects = ImmutableArray.CreateBuilder<Subject>();
        subjects.Add(new Subject(CompilerName, SubjectKind.Compiler, [], none));
        subjects.Add(new Subject(EmptyName, SubjectKind.Empty, [new EmptyAnalyzer()], none));
        subjects.Add(new Subject(EmptyOperationsName, SubjectKind.EmptyOperations, [new EmptyOperationAnalyzer()], none));
        subjects.Add(new Subject(ReportingName, SubjectKind.Reporting, [new ReportingAnalyzer()], none));
        subjects.Add(new Subject(TwinsName, SubjectKind.EmptyTwins, TwinAnalyzers.For(OurAnalyzers()), none));
        subjects.Add(new Subject(AllRulesName, SubjectKind.AllRules, ours, none));
        foreach (var analyzer in ours)
        {
            subjects.Add(new Subject(RuleName(analyzer), SubjectKind.Rule, [analyzer], none));
        }

        subjects.Add(new Subject(IDisposableName, SubjectKind.Peer, PeerAnalyzers.IDisposableAnalyzers(), none));
        var netAnalyzers = PeerAnalyzers.NetAnalyzers();
        subjects.Add(new Subject(NetAnalyzersName, SubjectKind.Peer, netAnalyzers, PeerAnalyzers.NetAnalyzerOptions(netAnalyzers)));
        return subjects.ToImmutable();
    }
}
