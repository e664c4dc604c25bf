using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>Every descriptor, analyzer and code fix the package ships, found by reflection (no list to keep in sync).</summary>
public static class RuleCatalog
{
    public static readonly ImmutableArray<DiagnosticDescriptor> Descriptors = typeof(SocketVsHttp.Descriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(SocketVsHttp.Descriptors).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(SocketVsHttp.Http.HttpClientPerOperationFixer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
        .ToImmutableArray();

    /// <summary>The IDs some analyzer reports (implemented rules).</summary>
    public static ImmutableArray<string> ImplementedIds => Analyzers
        .SelectMany(a => a.SupportedDiagnostics)
        .Select(d => d.Id)
        .Distinct()
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToImmutableArray();

    public static DiagnosticAnalyzer AnalyzerFor(string id) => Analyzers.Single(a => a.SupportedDiagnostics.Any(d => d.Id == id));

    public static CodeFixProvider? FixerFor(string id) => Fixers.SingleOrDefault(f => f.FixableDiagnosticIds.Contains(id));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketVsHttp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SocketVsHttp.sln not found above " + AppContext.BaseDirectory);
    }
}
