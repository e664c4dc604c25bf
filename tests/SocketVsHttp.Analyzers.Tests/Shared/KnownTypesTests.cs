using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary><see cref="KnownTypes"/> resolves exactly what <see cref="Compilation.GetTypeByMetadataName"/> resolves, only cheaper.</summary>
public class KnownTypesTests
{
    public static TheoryData<string> Frameworks() => new() { "net10.0", "net48", "netstandard2.0" };

    [Theory]
    [MemberData(nameof(Frameworks))]
    public async Task Every_known_type_matches_GetTypeByMetadataName(string framework)
    {
        var references = framework switch
        {
            "net48" => TestReferences.Net48,
            "netstandard2.0" => TestReferences.NetStandard20,
            _ => TestReferences.Net100,
        };
        var compilation = await CompileAsync(references, Stubs.Source);
        var names = KnownTypeNames();
        Assert.True(names.Length > 50, $"only {names.Length} names found in KnownTypes.cs");

        var types = KnownTypes.For(compilation);
        foreach (var name in names)
        {
            var expected = compilation.GetTypeByMetadataName(name);
            Assert.True(SymbolEqualityComparer.Default.Equals(expected, types.Get(name)), $"{framework}: {name} resolved to {types.Get(name)?.ContainingAssembly.Name ?? "nothing"}, GetTypeByMetadataName to {expected?.ContainingAssembly.Name ?? "nothing"}");
        }
    }

    [Fact]
    public async Task The_compilation_own_type_wins_and_a_type_two_references_define_is_ambiguous()
    {
        var first = await CompileAsync(TestReferences.Net100, "namespace Dup { public class Twice { } }", "First");
        var second = await CompileAsync(TestReferences.Net100, "namespace Dup { public class Twice { } }", "Second");
        var references = (await TestReferences.Net100.ResolveAsync(LanguageNames.CSharp, CancellationToken.None))
            .Add(first.ToMetadataReference()).Add(second.ToMetadataReference());
        var user = CSharpCompilation.Create(
            "User",
            [CSharpSyntaxTree.ParseText("namespace System.Net.Http { public class HttpClient { } } namespace Generic { public class Box<T> { } }")],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var types = KnownTypes.For(user);

        Assert.Equal(user.Assembly, types.Get("System.Net.Http.HttpClient")!.ContainingAssembly, SymbolEqualityComparer.Default);
        Assert.Null(types.Get("Dup.Twice"));
        Assert.Null(user.GetTypeByMetadataName("Dup.Twice"));
        Assert.Equal("Box", types.Get("Generic.Box`1")!.Name);
        Assert.Null(types.Get("Generic.Box"));
        Assert.Null(types.Get("No.Such.Type"));
    }

    private static string[] KnownTypeNames()
    {
        var source = File.ReadAllText(Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Analyzers", "KnownTypes.cs"));
        return Regex.Matches(source, "Get\\(\"([^\"]+)\"\\)").Select(m => m.Groups[1].Value).Distinct().ToArray();
    }

    private static async Task<CSharpCompilation> CompileAsync(ReferenceAssemblies referenceAssemblies, string source, string name = "Probe")
    {
        var references = await referenceAssemblies.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        return CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    }
}
