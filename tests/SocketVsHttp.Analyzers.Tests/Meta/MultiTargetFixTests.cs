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

    [Theory]
    [InlineData("SVH101", """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Client
        {
            public static async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient();
                return await client.GetStringAsync(uri);
            }
        }
        """)]
    [InlineData("SVH205", """
        using System;
        using System.Net.Sockets;
        using System.Threading;

        public sealed class Feed
        {
            private readonly TcpClient client;

            public Feed(string host)
            {
                client = new TcpClient(host, 5000);
                new Thread(Run).Start();
            }

            private void Run()
            {
                var stream = client.GetStream();
                var buffer = new byte[1024];
                try
                {
                    while (true)
                    {
                        int n = stream.Read(buffer, 0, buffer.Length);
                        if (n == 0)
                        {
                            return;
                        }

                        Console.WriteLine(n);
                    }
                }
                catch (System.IO.IOException)
                {
                }
            }
        }
        """)]
    public async Task Fix_writes_the_same_text_for_netstandard20_and_net100(string id, string source)
    {
        var texts = await FixedTextsAsync(id, source, (TestReferences.Net100, "net10.0"), (TestReferences.NetStandard20, "netstandard2.0"));
        Assert.Equal(2, texts.Count);
        Assert.NotEqual(source, texts[0]);
        Assert.Equal(texts[0], texts[1]);
        Assert.DoesNotContain("SocketsHttpHandler", texts[0]);
        Assert.DoesNotContain("TcpKeepAliveTime", texts[0]);
    }

    [Fact]
    public async Task SVH103_is_not_rewritten_onto_SocketsHttpHandler_when_one_target_lacks_it()
    {
        const string source = """
            using System.Net.Http;

            public static class Catalog
            {
                public static readonly HttpClient Client = new HttpClient();
            }
            """;
        Assert.NotEmpty(await OffersAsync("SVH103", source, (TestReferences.Net100, "net10.0")));

        // netstandard2.0 has no SocketsHttpHandler: the rule is silent there, and the net10.0 copy must not be rewritten
        // alone (the merged file would not compile for netstandard2.0).
        var solution = await LinkedSolutionAsync(source, (TestReferences.Net100, "net10.0"), (TestReferences.NetStandard20, "netstandard2.0"));
        var net10 = solution.Projects.Single(p => p.Name.Contains("net10.0", StringComparison.Ordinal)).Documents.Single();
        var diagnostics = (await AnalyzerRunner.RunAsync((await net10.Project.GetCompilationAsync())!, RuleCatalog.AnalyzerFor("SVH103"))).Where(d => d.Id == "SVH103").ToArray();
        Assert.NotEmpty(diagnostics);
        var actions = new List<CodeAction>();
        await RuleCatalog.FixerFor("SVH103")!.RegisterCodeFixesAsync(new CodeFixContext(net10, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None));
        Assert.Empty(actions);
    }

    [Fact]
    public async Task SVH112_keeps_the_ServicePointManager_setting_when_one_target_is_NET_Framework()
    {
        const string source = """
            using System.Net;
            using System.Net.Http;

            public static class Catalog
            {
                public static readonly HttpClient Client = new HttpClient();

                static Catalog()
                {
                    ServicePointManager.DefaultConnectionLimit = 8;
                }
            }
            """;
        Assert.Equal(new[] { "Move the setting to SocketsHttpHandler.MaxConnectionsPerServer" }, await OffersAsync("SVH112", source, (TestReferences.Net100, "net10.0")));

        // On net48 the setting works (HttpClient is built on HttpWebRequest): the rule is silent there, and the net10.0
        // copy must not move it alone (the merged file would drop the limit from the net48 build).
        var solution = await LinkedSolutionAsync(source, (TestReferences.Net100, "net10.0"), (TestReferences.Net48, "net48"));
        var net10 = solution.Projects.Single(p => p.Name.Contains("net10.0", StringComparison.Ordinal)).Documents.Single();
        var diagnostics = (await AnalyzerRunner.RunAsync((await net10.Project.GetCompilationAsync())!, RuleCatalog.AnalyzerFor("SVH112"))).Where(d => d.Id == "SVH112").ToArray();
        Assert.Single(diagnostics);
        var net48 = solution.Projects.Single(p => p.Name.Contains("net48", StringComparison.Ordinal));
        Assert.DoesNotContain((await AnalyzerRunner.RunAsync((await net48.GetCompilationAsync())!, RuleCatalog.AnalyzerFor("SVH112"))), d => d.Id == "SVH112");
        var actions = new List<CodeAction>();
        await RuleCatalog.FixerFor("SVH112")!.RegisterCodeFixesAsync(new CodeFixContext(net10, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None));
        Assert.Empty(actions);
    }

    /// <summary>The text of the file after the first offered fix in each target's copy, one entry per target.</summary>
    private static async Task<IReadOnlyList<string>> FixedTextsAsync(string id, string source, params (ReferenceAssemblies References, string Target)[] targets)
    {
        var solution = await LinkedSolutionAsync(source, targets);
        var texts = new List<string>();
        foreach (var project in solution.Projects.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var document = project.Documents.Single();
            var diagnostics = (await AnalyzerRunner.RunAsync((await project.GetCompilationAsync())!, RuleCatalog.AnalyzerFor(id))).Where(d => d.Id == id).ToArray();
            Assert.NotEmpty(diagnostics);
            var actions = new List<CodeAction>();
            await RuleCatalog.FixerFor(id)!.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (a, _) => actions.Add(a), CancellationToken.None));
            Assert.NotEmpty(actions);
            var changed = (await actions[0].GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single().ChangedSolution;
            texts.Add((await changed.GetDocument(document.Id)!.GetTextAsync()).ToString());
        }

        return texts;
    }

    private static async Task<Solution> LinkedSolutionAsync(string source, params (ReferenceAssemblies References, string Target)[] targets)
    {
        var solution = new AdhocWorkspace().CurrentSolution;
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
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Subject.cs", SourceText.From(source), filePath: "/subject/Subject.cs");
        }

        return solution;
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
