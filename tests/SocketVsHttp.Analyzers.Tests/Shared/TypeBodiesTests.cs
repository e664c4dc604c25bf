using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Shared;

/// <summary><see cref="TypeBodies"/>: every body and initializer of a type, in all its parts, and nothing of nested types.</summary>
public class TypeBodiesTests
{
    [Fact]
    public async Task Finds_every_member_body_and_initializer_across_partial_parts()
    {
        var first = """
            partial class C
            {
                int field = Mark("field initializer");
                int Property { get; } = Mark("property initializer");
                int Arrow => Mark("property arrow");
                int this[int i] => Mark("indexer arrow");
                int Accessors { get { return Mark("getter"); } set { Mark("setter"); } }
                event System.Action E { add { Mark("adder"); } remove { Mark("remover"); } }
                C() { Mark("constructor"); }
                static C() { Mark("static constructor"); }
                void Method() { Mark("method"); }
                int ArrowMethod() => Mark("arrow method");
                public static C operator +(C a, C b) { Mark("operator"); return a; }
                static int Mark(string what) => 0;

                class Nested { void N() { Mark("nested"); } }
            }
            """;
        var second = """
            partial class C
            {
                void OtherPart() { Mark("other part"); }
            }
            """;

        var marks = await MarksAsync("C", OutputKind.DynamicallyLinkedLibrary, first, second);

        Assert.Equal(
            new[]
            {
                "adder", "arrow method", "constructor", "field initializer", "getter", "indexer arrow", "method", "operator",
                "other part", "property arrow", "property initializer", "remover", "setter", "static constructor",
            },
            marks);
    }

    [Fact]
    public async Task Finds_top_level_statements_and_the_rest_of_Program()
    {
        var main = """
            Marks.Mark("top level");

            partial class Program
            {
                static void Helper() { Marks.Mark("helper"); }
            }

            static class Marks
            {
                public static int Mark(string what) => 0;
            }
            """;

        var marks = await MarksAsync("Program", OutputKind.ConsoleApplication, main);

        Assert.Equal(new[] { "helper", "top level" }, marks);
    }

    [Fact]
    public async Task Finds_primary_constructor_base_arguments()
    {
        var source = """
            class Base
            {
                public Base(int value) { }
            }

            class C(int seed) : Base(Marks.Mark("base argument"))
            {
                int doubled = Marks.Mark("field initializer") + seed;
            }

            static class Marks
            {
                public static int Mark(string what) => 0;
            }
            """;

        var marks = await MarksAsync("C", OutputKind.DynamicallyLinkedLibrary, source);

        Assert.Equal(new[] { "base argument", "field initializer" }, marks);
    }

    [Fact]
    public async Task Reuses_the_analyzed_operation_instances_in_its_own_tree()
    {
        var source = """
            class C
            {
                void Method() { System.Console.WriteLine(1); }
            }
            """;
        var compilation = await AnalyzerRunner.CompileAsync(OutputKind.DynamicallyLinkedLibrary, source);
        var tree = compilation.SyntaxTrees.First();
        var model = compilation.GetSemanticModel(tree);
        var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single();
        var body = model.GetOperation(method)!;

        var roots = TypeBodies.Of(compilation.GetTypeByMetadataName("C")!, body, compilation, CancellationToken.None);

        Assert.Same(body, Assert.Single(roots));
    }

    /// <summary>The string argument of every <c>Mark("...")</c> call found under the roots, sorted.</summary>
    private static async Task<string[]> MarksAsync(string typeName, OutputKind kind, params string[] sources)
    {
        var compilation = await AnalyzerRunner.CompileAsync(kind, sources);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var type = compilation.GetTypeByMetadataName(typeName)!;
        var firstTree = compilation.SyntaxTrees.First();
        var from = compilation.GetSemanticModel(firstTree).GetOperation(firstTree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>().First())!;

        var roots = TypeBodies.Of(type, from, compilation, CancellationToken.None);

        return roots
            .SelectMany(root => root.DescendantsAndSelf())
            .OfType<IInvocationOperation>()
            .Where(call => call.TargetMethod.Name == "Mark")
            .Select(call => (string)call.Arguments[0].Value.ConstantValue.Value!)
            .OrderBy(mark => mark, StringComparer.Ordinal)
            .ToArray();
    }
}
