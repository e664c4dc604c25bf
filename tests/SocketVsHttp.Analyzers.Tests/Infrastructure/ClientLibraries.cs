using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>
/// The real client libraries SVH111 and SVH209 match (Grpc.Net.Client, StackExchange.Redis, MongoDB.Driver,
/// RabbitMQ.Client, Microsoft.Azure.Cosmos, Azure.Messaging.ServiceBus, Npgsql) as metadata references: the test
/// project's own package references, read from its output folder with the assemblies they need (no path outside the build).
/// </summary>
public static class ClientLibraries
{
    public static readonly ImmutableArray<MetadataReference> References = Collect(
        typeof(Grpc.Net.Client.GrpcChannel),
        typeof(StackExchange.Redis.ConnectionMultiplexer),
        typeof(MongoDB.Driver.MongoClient),
        typeof(RabbitMQ.Client.ConnectionFactory),
        typeof(Microsoft.Azure.Cosmos.CosmosClient),
        typeof(Azure.Messaging.ServiceBus.ServiceBusClient),
        typeof(Npgsql.NpgsqlDataSource));

    public static Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        VerifyAsync<TAnalyzer>(source, globalConfig: null, expected);

    /// <summary>With <paramref name="globalConfig"/> lines (e.g. <c>socketvshttp.svh209.additional_types = ...</c>) in a .globalconfig.</summary>
    public static Task VerifyAsync<TAnalyzer>(string source, string? globalConfig, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = TestReferences.Net100 };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.TestState.AdditionalReferences.AddRange(References);
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig + "\n"));
        }

        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    /// <summary>A top-level-statements program (an executable).</summary>
    public static Task VerifyProgramAsync<TAnalyzer>(string source)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = TestReferences.Net100 };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.AdditionalReferences.AddRange(References);
        return test.RunAsync();
    }

    /// <summary>The exact fixed source (equal to <paramref name="source"/>: reported without a fix), Fix All in one pass.</summary>
    public static Task VerifyFixAsync<TAnalyzer, TCodeFix>(string source, string fixedSource, string? globalConfig = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.Net100,
        };
        if (source != fixedSource)
        {
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfFixAllInProjectIterations = 1;
        }

        test.TestState.AdditionalReferences.AddRange(References);
        test.FixedState.AdditionalReferences.AddRange(References);
        if (globalConfig is not null)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig + "\n"));
            test.FixedState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + globalConfig + "\n"));
        }

        return test.RunAsync();
    }

    /// <summary>The roots' assemblies and, transitively, the ones they reference that sit beside the test assembly (framework ones are in the reference pack).</summary>
    private static ImmutableArray<MetadataReference> Collect(params Type[] roots)
    {
        var folder = AppContext.BaseDirectory;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>(roots.Select(t => t.Assembly));
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!seen.Add(assembly.GetName().Name!))
            {
                continue;
            }

            references.Add(MetadataReference.CreateFromFile(assembly.Location));
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                if (!seen.Contains(name.Name!) && File.Exists(Path.Combine(folder, name.Name + ".dll")))
                {
                    pending.Push(Assembly.Load(name));
                }
            }
        }

        return references.ToImmutable();
    }
}
