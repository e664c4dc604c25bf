using System.Text.RegularExpressions;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// How often a fixable rule's findings get a fix, over the fix-offer corpus (Quality/FixCorpus: bad code written apart
/// from the rules' own tests), held to what each rule's doc page says. The page of every rule with a code fix states, in
/// its "Fixed code" section, one line <c>Fix offered in the fix-offer corpus: N of M findings.</c>; the rule must report
/// exactly M findings in the corpus and offer a fix for at least N. A finding left without a fix is a shape the same page
/// explains. Raise N when a fixer learns a shape; change M together with the corpus.
/// </summary>
public class FixOfferTests(ITestOutputHelper output)
{
    private static readonly Regex OfferLine = new(
        @"^Fix offered in the fix-offer corpus: (?<offered>\d+) of (?<findings>\d+) findings?\.\s*$",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    /// <summary>The numbers the doc page of <paramref name="id"/> states; null when it states none (or more than one).</summary>
    internal static (int Offered, int Findings)? Stated(string id)
    {
        var path = Path.Combine(RuleCatalog.RepositoryRoot(), "docs", "rules", id + ".md");
        if (!File.Exists(path))
        {
            return null;
        }

        var matches = OfferLine.Matches(File.ReadAllText(path));
        return matches.Count == 1
            ? (int.Parse(matches[0].Groups["offered"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(matches[0].Groups["findings"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    [Fact]
    public async Task Corpus_compiles()
    {
        var project = await FixOfferCorpus.ProjectAsync();
        var errors = await FixAllRunner.ErrorsAsync(project);
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
    }

    [Fact]
    public void Only_rules_with_a_fix_state_a_fix_offer()
    {
        var stray = RuleCatalog.ImplementedIds.Where(id => RuleCatalog.FixerFor(id) is null && Stated(id) is not null).ToArray();
        Assert.True(stray.Length == 0, "doc pages that state a fix offer for a rule without a code fix: " + string.Join(", ", stray));
    }

    [Fact]
    public async Task Each_rule_offers_at_least_the_fixes_its_doc_states()
    {
        var project = await FixOfferCorpus.ProjectAsync();
        var findings = await FixAllRunner.AllFindingsAsync(project);
        var lines = new List<string>();
        var failures = new List<string>();
        var (totalFound, totalOffered) = (0, 0);
        foreach (var id in RuleCatalog.ImplementedIds.Where(id => RuleCatalog.FixerFor(id) is not null))
        {
            var ofRule = findings.Where(d => d.Id == id).ToArray();
            var offered = await FixAllRunner.FixableAsync(project, RuleCatalog.FixerFor(id)!, ofRule);
            totalFound += ofRule.Length;
            totalOffered += offered.Count;
            var stated = Stated(id);
            lines.Add($"{id}: {offered.Count} of {ofRule.Length}" + (stated is { } s ? $" (doc: {s.Offered} of {s.Findings})" : " (doc: none)"));
            foreach (var d in ofRule.Where(d => !offered.Any(o => o.Diagnostic == d)))
            {
                lines.Add($"    no fix: {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1} {d.GetMessage()}");
            }

            if (stated is null)
            {
                failures.Add($"{id}: docs/rules/{id}.md states no \"Fix offered in the fix-offer corpus: N of M findings.\" line (measured {offered.Count} of {ofRule.Length})");
            }
            else if (ofRule.Length != stated.Value.Findings || offered.Count < stated.Value.Offered)
            {
                failures.Add($"{id}: {ofRule.Length} findings (doc: {stated.Value.Findings}), {offered.Count} offered a fix (doc: at least {stated.Value.Offered})");
            }
            else if (offered.Count > stated.Value.Offered)
            {
                lines.Add($"    the doc understates: raise it to {offered.Count} of {ofRule.Length}");
            }
        }

        lines.Add($"all: {totalOffered} of {totalFound}");
        output.WriteLine(string.Join("\n", lines));
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\n" + string.Join("\n", lines));
    }
}
