using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>Analyzer-only verification: markup such as <c>{|SVH101:...|}</c> marks each expected diagnostic.</summary>
public static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        VerifyAsync(source, TestReferences.Net100, expected);

    public static Task VerifyAsync(string source, ReferenceAssemblies references, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = references,
        };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Without the ASP.NET / Extensions stubs: for reference sets that lack System.Net.Http.</summary>
    public static Task VerifyWithoutStubsAsync(string source, ReferenceAssemblies references, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = references,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>Runs the analyzer on a top-level-statements program (an executable).</summary>
    public static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}

/// <summary>Code fix verification: the exact fixed source, and Fix All over the same input.</summary>
public static class CodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task VerifyAsync(string source, string fixedSource) =>
        VerifyAsync(source, fixedSource, TestReferences.Net100);

    public static Task VerifyAsync(string source, string fixedSource, ReferenceAssemblies references)
    {
        var test = Create(source, fixedSource, references);
        return test.RunAsync();
    }

    /// <summary>Fix All must reach <paramref name="fixedSource"/> in one pass (one coherent result, not a fix per finding).</summary>
    public static Task VerifyFixAllAsync(string source, string fixedSource)
    {
        var test = Create(source, fixedSource, TestReferences.Net100);
        test.NumberOfFixAllIterations = 1;
        test.NumberOfFixAllInDocumentIterations = 1;
        test.NumberOfFixAllInProjectIterations = 1;
        return test.RunAsync();
    }

    /// <summary>The diagnostic is reported but no code fix is offered.</summary>
    public static Task VerifyNoFixAsync(string source)
    {
        var test = Create(source, source, TestReferences.Net100);
        return test.RunAsync();
    }

    public static CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier> Create(string source, string fixedSource, ReferenceAssemblies references)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = references,
        };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.FixedState.Sources.Add(("Stubs.cs", Stubs.Source));
        return test;
    }
}
