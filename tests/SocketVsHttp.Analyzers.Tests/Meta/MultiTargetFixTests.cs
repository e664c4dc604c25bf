using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// A file of a multi-targeted project is one document per target framework, linked by its path. The IDE and
/// `dotnet format` fix it in each target and merge the texts (conflict markers where they differ), so a fix must write
/// the same text for every target: here a netstandard2.0 target and a net10.0 target of one file.
/// </summary>
public class MultiTargetFixTests
{
    [Fact]
    public async Task SVH202_does_not_rewrite_to_ReadExactly_when_one_target_lacks_it()
    {
        const string source = """
            using System.Net.Sockets;

            public static class Reader
            {
                public static void ReadHeader(NetworkStream stream, byte[] header)
                {
                    stream.Read(header, 0, header.Length);
                }
            }
            """;

        // net10.0 alone: the fix rewrites to ReadExactly.
        var alone = await OffersAsync("SVH202", source, (TestReferences.Net100, "net10.0"));
        Assert.Equal(new[] { "Use ReadExactly" }, alone);

        // The same file in netstandard2.0 and net10.0: neither target offers the rewrite (netstandard2.0 has no ReadExactly).
        var linked = await OffersAsync("SVH202", source, (TestReferences.Net100, "net10.0"), (TestReferences.NetStandard20, "netstandard2.0"));
        Assert.Empty(linked);
    }

    /// <summary>The titles of the fixes offered for <paramref name="id"/> in every target's copy of the file.</summary>
    private static async Task<IReadOnlyList<string>> OffersAsync(string id, string source, params (ReferenceAssemblies References, string Target)[] targets)
    {
        var solution = new AdhocWorkspace().CurrentSolution;
        var documents = new List<DocumentId>();
        foreach (var (references, target) in targets)
        {
            var projectId = ProjectId.CreateNewId();
            solution = solution.AddProject(ProjectInfo.Create(
                    projectId,
                    VersionStamp.Default,
                    $"Subject({target})",
                    "Subject",
                    LanguageNames.CSharp,
                    filePath: "/subject/Subject.csproj",
                    compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                    metadataReferences: await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)));
            var documentId = DocumentId.CreateNewId(projectId);
            solution = solution.AddDocument(documentId, "Reader.cs", SourceText.From(source), filePath: "/subject/Reader.cs");
            documents.Add(documentId);
        }

        var analyzer = RuleCatalog.AnalyzerFor(id);
        var fixer = RuleCatalog.FixerFor(id)!;
        var titles = new List<string>();
        foreach (var documentId in documents)
        {
            var document = solution.GetDocument(documentId)!;
            Assert.Equal(documents.Count - 1, document.GetLinkedDocumentIds().Length);
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = (await AnalyzerRunner.RunAsync(compilation, analyzer)).Where(d => d.Id == id).ToArray();
            Assert.NotEmpty(diagnostics); // the rule reports in every target: only the fix may differ
            foreach (var diagnostic in diagnostics)
            {
                var actions = new List<CodeAction>();
                await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                titles.AddRange(actions.Select(a => a.Title));
            }
        }

        return titles.Distinct().ToList();
    }
}
