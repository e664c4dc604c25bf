using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// How often a fixable rule's findings get a fix, over the fix-offer corpus (Quality/FixCorpus: bad code written apart
/// from the rules' own tests). Each rule must produce the findings listed here and offer at least the fixes listed (a rule
/// not listed: a fix for each of its findings); a finding left without a fix is a shape its doc page explains. Raise a
/// number when a fixer learns a shape; lower one only together with that doc page.
/// </summary>
public class FixOfferTests(ITestOutputHelper output)
{
    /// <summary>Rule -> (findings in the corpus, fixes offered at least).</summary>
    private static readonly Dictionary<string, (int Findings, int Offered)> Expected = new(StringComparer.Ordinal)
    {
        // One creation takes a handler held in a local: its settings are not context-free (SVH101.md).
        ["SVH101"] = (4, 3),
        // The handler is a local handed to the client, not written inline in it (SVH102.md).
        ["SVH102"] = (1, 0),
        ["SVH103"] = (2, 2),
        ["SVH104"] = (3, 3),
        // `GetStringAsync(...).Result` in a synchronous method: HttpClient has no synchronous GetString (SVH105.md).
        ["SVH105"] = (5, 4),
        ["SVH106"] = (3, 3),
        ["SVH107"] = (5, 5),
        ["SVH109"] = (3, 3),
        // Synchronous WebClient calls and WebRequest.Create: await cannot be written there (SVH110.md).
        ["SVH110"] = (5, 1),
        ["SVH201"] = (3, 3),
        ["SVH202"] = (3, 3),
        ["SVH203"] = (2, 2),
        // A TcpClient field created in the field initializer: no creation statement to add the options after (SVH205.md).
        ["SVH205"] = (1, 0),
        ["SVH207"] = (1, 1),
        ["SVH208"] = (3, 3),
        ["SVH210"] = (1, 1),
        ["SVH301"] = (2, 2),
    };

    [Fact]
    public async Task Corpus_compiles()
    {
        var project = await FixOfferCorpus.ProjectAsync();
        var errors = await FixAllRunner.ErrorsAsync(project);
        Assert.True(errors.IsEmpty, string.Join("\n", errors));
    }

    [Fact]
    public async Task Each_rule_offers_at_least_its_listed_fixes()
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
            lines.Add($"{id}: {offered.Count} of {ofRule.Length}");
            foreach (var d in ofRule.Where(d => !offered.Any(o => o.Diagnostic == d)))
            {
                lines.Add($"    no fix: {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1} {d.GetMessage()}");
            }

            // A rule not listed (yet) must offer a fix for every finding it has in the corpus.
            (int Findings, int Offered) expected = Expected.TryGetValue(id, out var listed) ? listed : (ofRule.Length, ofRule.Length);
            if (ofRule.Length != expected.Findings || offered.Count < expected.Offered)
            {
                failures.Add($"{id}: {ofRule.Length} findings (listed {expected.Findings}), {offered.Count} offered a fix (listed at least {expected.Offered})");
            }
        }

        lines.Add($"all: {totalOffered} of {totalFound}");
        output.WriteLine(string.Join("\n", lines));
        Assert.True(failures.Count == 0, string.Join("\n", failures) + "\n\n" + string.Join("\n", lines));
    }
}
