using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// The project passes its own rules. The harness is compiled as it builds (its sources, the .NET and ASP.NET Core
/// shared frameworks it runs on) and every analyzer of the package runs over it: only the Bad.cs files, which are the
/// mistakes the harness measures, may be flagged. The Fixed.cs files (what our code fixes produce), the scenario
/// classes and the infrastructure must not trigger any rule; a line that makes a mistake on purpose says so with a
/// <c>#pragma warning disable SVHnnn</c> and a reason.
/// </summary>
public class DogfoodingTests
{
    private static readonly string Root = RuleCatalog.RepositoryRoot();

    [Fact]
    public async Task Harness_code_other_than_Bad_cs_triggers_none_of_our_rules()
    {
        var compilation = Compile(Path.Combine(Root, "src", "SocketVsHttp.Harness"), OutputKind.ConsoleApplication);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.True(errors.Length == 0, "the harness does not compile here:\n" + string.Join("\n", errors.Take(20)));

        var findings = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        var flagged = findings.Where(d => Path.GetFileName(d.Location.SourceTree?.FilePath) != "Bad.cs").ToArray();
        Assert.True(flagged.Length == 0, $"{flagged.Length} finding(s) of our rules outside Bad.cs:\n{Describe(flagged)}");

        // Positive control: the same run does see the deliberate mistakes.
        Assert.Contains(findings, d => Path.GetFileName(d.Location.SourceTree?.FilePath) == "Bad.cs");
    }

    [Fact]
    public async Task Fixed_cs_files_trigger_none_of_our_rules()
    {
        var compilation = Compile(Path.Combine(Root, "src", "SocketVsHttp.Harness"), OutputKind.ConsoleApplication);
        var findings = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        var inFixed = findings.Where(d => Path.GetFileName(d.Location.SourceTree?.FilePath) == "Fixed.cs").ToArray();
        Assert.True(inFixed.Length == 0, $"fixed code triggers our rules:\n{Describe(inFixed)}");
        Assert.True(compilation.SyntaxTrees.Count(t => Path.GetFileName(t.FilePath) == "Fixed.cs") >= 10, "the Fixed.cs files were not found");
    }

    [Fact]
    public async Task Cli_triggers_none_of_our_rules()
    {
        // The CLI is compiled against the Roslyn this test runs on; a newer API it calls may not bind here, which does
        // not matter to rules that look for sockets and HTTP clients.
        var compilation = Compile(Path.Combine(Root, "src", "SocketVsHttp.Cli"), OutputKind.ConsoleApplication, implicitUsings: true);
        var findings = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);
        Assert.True(findings.IsEmpty, $"the CLI triggers our rules:\n{Describe(findings)}");
    }

    private static string Describe(IEnumerable<Diagnostic> diagnostics) => string.Join(
        "\n",
        diagnostics.Select(d => $"{Path.GetRelativePath(Root, d.Location.SourceTree?.FilePath ?? "?")}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage()}"));

    private static CSharpCompilation Compile(string projectFolder, OutputKind kind, bool implicitUsings = false)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = Directory.GetFiles(projectFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, path: f))
            .ToList();
        if (implicitUsings)
        {
            trees.Add(CSharpSyntaxTree.ParseText(
                """
                global using System;
                global using System.Collections.Generic;
                global using System.IO;
                global using System.Linq;
                global using System.Net.Http;
                global using System.Threading;
                global using System.Threading.Tasks;
                """,
                parse,
                path: Path.Combine(projectFolder, "obj", "ImplicitUsings.g.cs")));
        }

        return CSharpCompilation.Create(
            Path.GetFileName(projectFolder),
            trees,
            SharedFrameworkReferences.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The .NET and ASP.NET Core shared frameworks this test runs on, plus the Roslyn assemblies loaded here.</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> SharedFrameworkReferences = new(() =>
    {
        var netCore = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var version = Path.GetFileName(netCore);
        var shared = Path.GetDirectoryName(Path.GetDirectoryName(netCore))!;
        var folders = new List<string> { netCore };
        var aspNet = Path.Combine(shared, "Microsoft.AspNetCore.App");
        if (Directory.Exists(aspNet))
        {
            // Same version as the runtime when present, else the newest installed.
            var match = Path.Combine(aspNet, version);
            folders.Add(Directory.Exists(match) ? match : Directory.GetDirectories(aspNet).Order(StringComparer.Ordinal).Last());
        }

        var references = new List<MetadataReference>();
        foreach (var file in folders.SelectMany(f => Directory.GetFiles(f, "*.dll")))
        {
            try
            {
                using var stream = File.OpenRead(file);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                if (reader.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(file));
                }
            }
            catch (BadImageFormatException)
            {
            }
        }

        // The packages the harness references (gRPC, StackExchange.Redis...), from its build output: `dotnet test` of the
        // solution builds the harness first.
        var harnessBin = Path.Combine(Root, "src", "SocketVsHttp.Harness", "bin");
        var packageFolder = Directory.Exists(harnessBin)
            ? Directory.GetFiles(harnessBin, "SocketVsHttp.Harness.dll", SearchOption.AllDirectories)
                .Select(Path.GetDirectoryName)
                .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d!, "SocketVsHttp.Harness.dll")))
                .FirstOrDefault()
            : null;
        if (packageFolder is not null)
        {
            var known = references.Select(r => Path.GetFileName(r.Display)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(packageFolder, "*.dll"))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith("SocketVsHttp.", StringComparison.Ordinal) && known.Add(name))
                {
                    references.Add(MetadataReference.CreateFromFile(file));
                }
            }
        }

        foreach (var roslyn in new[] { typeof(Compilation).Assembly, typeof(CSharpCompilation).Assembly })
        {
            references.Add(MetadataReference.CreateFromFile(roslyn.Location));
        }

        return [.. references];
    });
}
