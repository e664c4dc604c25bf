using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Seeded mutations of every C# source the rules were tested and demonstrated on (delete a token, duplicate a token,
/// truncate, swap two statements, drop a using directive), run through every analyzer (concurrently) and every code fix
/// offered. No exception may escape. Bounded in time; replay a failure with SVH_FUZZ_SEED=&lt;seed printed&gt;.
/// SVH_FUZZ_BUDGET_SECONDS widens the run.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261125;
    private const int MutantsPerBatch = 16;
    private const int MaxFixesPerBatch = 24;
    private const int MinimumBatches = 6;

    [Fact]
    public async Task Mutated_sources_never_crash_an_analyzer_or_a_fix()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SVH_FUZZ_SEED"), out var s) ? s : DefaultSeed;
        var budget = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("SVH_FUZZ_BUDGET_SECONDS"), out var b) ? b : 75);
        var random = new Random(seed);
        var sources = CorpusSources.TestSnippets()
            .Concat(CorpusSources.Samples())
            .Concat(CorpusSources.ScenarioSources())
            .Concat(CorpusSources.ValidCode())
            .ToArray();
        Assert.NotEmpty(sources);

        var started = DateTime.UtcNow;
        var mutants = 0;
        var unchanged = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var fixesTried = 0;
        var batch = 0;
        // A fixed minimum of batches (coverage must not depend on how loaded the machine is), then more while the budget lasts.
        while (batch < MinimumBatches || DateTime.UtcNow - started < budget)
        {
            var batchSeed = random.Next();
            var batchRandom = new Random(batchSeed);
            var documents = new List<(string, string)> { ("Stubs.cs", Stubs.Source), ("GlobalUsings.cs", CorpusSources.GlobalUsings) };
            for (var i = 0; i < MutantsPerBatch; i++)
            {
                var source = sources[batchRandom.Next(sources.Length)];
                var mutant = Mutate(source, batchRandom);
                unchanged += mutant == source ? 1 : 0;
                distinct.Add(mutant);
                documents.Add(($"Mutant{i}.cs", mutant));
            }

            try
            {
                fixesTried += await RunBatchAsync(documents, batchRandom);
            }
            catch (Exception exception)
            {
                output.WriteLine($"seed {seed}, batch {batch} (batch seed {batchSeed})");
                throw new Xunit.Sdk.XunitException($"Fuzz failure: replay with SVH_FUZZ_SEED={seed} (batch {batch}, batch seed {batchSeed}): {exception}");
            }

            mutants += MutantsPerBatch;
            batch++;
        }

        output.WriteLine($"seed {seed}: {mutants} mutants ({distinct.Count} distinct, {unchanged} equal to their source) in {batch} batches, {fixesTried} code fixes computed");
        Assert.True(mutants >= MinimumBatches * MutantsPerBatch, $"only {batch} batches ran; at least {MinimumBatches} are required whatever the time budget");
        // Positive controls: a mutation that returned its input would leave nothing fuzzed, and a run that computed no
        // fix would not have exercised the fixers at all.
        Assert.True(unchanged * 20 <= mutants, $"{unchanged} of {mutants} mutants equal their source: the mutations do not mutate");
        Assert.True(distinct.Count * 2 >= mutants, $"only {distinct.Count} distinct mutants of {mutants}");
        Assert.True(fixesTried > 0, "no code fix was computed on any mutant");
    }

    private static async Task<int> RunBatchAsync(List<(string Name, string Text)> documents, Random random)
    {
        var kind = random.Next(2) == 0 ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication;
        var project = await FixApplier.CreateProjectAsync(kind, [.. documents]);
        var compilation = (await project.GetCompilationAsync())!;
        var diagnostics = await AnalyzerRunner.RunAsync(compilation, [.. RuleCatalog.Analyzers]);

        var tried = 0;
        foreach (var diagnostic in diagnostics.OrderBy(_ => random.Next()).Take(MaxFixesPerBatch))
        {
            var fixer = RuleCatalog.FixerFor(diagnostic.Id);
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (fixer is null || document is null)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            foreach (var action in actions)
            {
                await action.GetOperationsAsync(CancellationToken.None);
                tried++;
            }
        }

        return tried;
    }

    public static string Mutate(string source, Random random)
    {
        var tree = CSharpSyntaxTree.ParseText(source);
        var root = tree.GetRoot();
        var tokens = root.DescendantTokens().ToArray();
        if (tokens.Length < 2)
        {
            return source;
        }

        switch (random.Next(5))
        {
            case 0: // delete a token
            {
                var token = tokens[random.Next(tokens.Length)];
                return source.Remove(token.SpanStart, token.Span.Length);
            }

            case 1: // duplicate a token
            {
                var token = tokens[random.Next(tokens.Length)];
                return source.Insert(token.Span.End, " " + token.Text);
            }

            case 2: // truncate at a random point
                return source[..random.Next(source.Length)];

            case 3: // swap two statements
            {
                var statements = root.DescendantNodes().OfType<StatementSyntax>().Where(s => s is not BlockSyntax).ToArray();
                if (statements.Length < 2)
                {
                    goto case 0;
                }

                var first = statements[random.Next(statements.Length)];
                var second = statements[random.Next(statements.Length)];
                if (first.Span.OverlapsWith(second.Span) || first == second)
                {
                    goto case 0;
                }

                var (early, late) = first.SpanStart < second.SpanStart ? (first, second) : (second, first);
                return source[..early.SpanStart] + late.ToString() + source[early.Span.End..late.SpanStart] + early.ToString() + source[late.Span.End..];
            }

            default: // drop a using directive
            {
                var usings = root.DescendantNodes().OfType<UsingDirectiveSyntax>().ToArray();
                if (usings.Length == 0)
                {
                    goto case 2;
                }

                var directive = usings[random.Next(usings.Length)];
                return source.Remove(directive.SpanStart, directive.Span.Length);
            }
        }
    }
}
