using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Fix one, get none. For every rule with a code fix, Fix All over bad code (the fix-offer corpus written for this
/// test, the harness's bad scenarios, the samples and the rule's own test snippets): the output compiles with no new
/// compiler error, and running EVERY analyzer of the package on it reports no finding of any rule that the input did
/// not already have (counted per rule: a fix may remove other findings, never add one).
/// </summary>
public class ConvergenceTests
{
    public static TheoryData<string> RulesWithFix()
    {
        var data = new TheoryData<string>();
        foreach (var id in RuleCatalog.ImplementedIds.Where(id => RuleCatalog.FixerFor(id) is not null))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RulesWithFix))]
    public async Task Fix_all_brings_no_new_finding_of_any_rule_and_no_compiler_error(string id)
    {
        var failures = new List<string>();
        var fixedSomewhere = false;
        foreach (var (name, project) in await SubjectsAsync(id))
        {
            var before = await FixAllRunner.AllFindingsAsync(project);
            if (!before.Any(d => d.Id == id))
            {
                continue;
            }

            var errorsBefore = await FixAllRunner.ErrorsAsync(project);
            var current = project;
            for (var round = 0; round < 3; round++)
            {
                var next = await FixAllRunner.FixAllAsync(current, id);
                if (next == current)
                {
                    break;
                }

                current = next;
                fixedSomewhere = true;
            }

            if (current == project)
            {
                continue;
            }

            var errorsAfter = await FixAllRunner.ErrorsAsync(current);
            var newErrors = errorsAfter.Where(e => !errorsBefore.Any(b => b.Id == e.Id && b.GetMessage() == e.GetMessage())).ToArray();
            var after = await FixAllRunner.AllFindingsAsync(current);
            var added = after.GroupBy(d => d.Id)
                .Where(g => g.Count() > before.Count(d => d.Id == g.Key))
                .SelectMany(g => g.Where(d => !before.Any(b => b.Id == d.Id && b.GetMessage() == d.GetMessage())).DefaultIfEmpty(g.First()))
                .ToArray();
            var left = await FixAllRunner.FixableAsync(current, RuleCatalog.FixerFor(id)!, after.Where(d => d.Id == id));
            var text = FixAllRunner.Text(current);

            // A hoisting fix names the shared field at each use; it leaves no `var client = SharedHttpClient;` behind
            // (except for a local the code names in `nameof`, which must stay).
            var alias = Regex.Match(text, @"\bvar (\w+) = SharedHttpClient\d*;");
            if (alias.Success && text.Contains("nameof(" + alias.Groups[1].Value + ")", StringComparison.Ordinal))
            {
                alias = Match.Empty;
            }

            if (newErrors.Length > 0 || added.Length > 0 || left.Count > 0 || alias.Success)
            {
                failures.Add(
                    $"== {name}: {newErrors.Length} new compiler error(s), new findings: [{string.Join(", ", added.Select(Describe))}], " +
                    $"still fixable: {left.Count}{(alias.Success ? ", alias left: " + alias.Value : string.Empty)}\n" +
                    $"{string.Join("\n", newErrors.Select(e => e.ToString()))}\n--- output:\n{text}");
            }
        }

        Assert.True(fixedSomewhere, $"{id}: Fix All changed nothing in any subject");
        Assert.True(failures.Count == 0, $"{id}: {failures.Count} subject(s) where fixing brought something new:\n{string.Join("\n\n", failures)}");
    }

    private static string Describe(Diagnostic d) =>
        $"{d.Id} at {d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.GetMessage()}";

    /// <summary>The code a rule's fix is run on, each as its own project.</summary>
    internal static async Task<List<(string Name, Project Project)>> SubjectsAsync(string id)
    {
        var subjects = new List<(string, Project)>
        {
            ("fix-offer corpus", await FixOfferCorpus.ProjectAsync()),
            ("harness bad code", await FixApplier.CreateProjectAsync(
                OutputKind.DynamicallyLinkedLibrary,
                [.. CorpusSources.BadCode().Select((text, i) => ($"Bad{i}.cs", text)), ("Stubs.cs", Stubs.Source)])),
        };
        var samples = CorpusSources.Samples();
        if (samples.Length > 0)
        {
            subjects.Add(("samples", await FixApplier.CreateProjectAsync(
                OutputKind.ConsoleApplication,
                [.. samples.Select((text, i) => ($"Sample{i}.cs", text)), ("Stubs.cs", Stubs.Source)])));
        }

        var n = 0;
        foreach (var snippet in CorpusSources.TestSnippets(id + "Tests.cs"))
        {
            n++;
            if (await FixAllRunner.CompilingProjectAsync(snippet) is { } project)
            {
                subjects.Add(($"{id}Tests snippet {n}", project));
            }
        }

        return subjects;
    }
}
