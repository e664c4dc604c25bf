using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// One rule = one analyzer file, one fix file, one test class, one doc page, one harness scenario, a README row and a
/// release-tracking entry, all named after the rule ID; and the IDs, titles and severities are the catalog's.
/// </summary>
public class RuleCatalogTests
{
    private static readonly string Root = RuleCatalog.RepositoryRoot();

    public static TheoryData<string> ImplementedIds()
    {
        var data = new TheoryData<string>();
        foreach (var id in RuleCatalog.ImplementedIds)
        {
            data.Add(id);
        }

        return data;
    }

    [Fact]
    public void Every_descriptor_is_reported_by_an_analyzer()
    {
        Assert.Equal(RuleCatalog.Descriptors.Select(d => d.Id), RuleCatalog.ImplementedIds);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Title_and_severity_match_the_catalog(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var row = CatalogRow(id);
        Assert.Equal(row.Title, descriptor.Title.ToString());
        Assert.Equal(row.Severity, descriptor.DefaultSeverity.ToString());
        Assert.True(descriptor.IsEnabledByDefault);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Descriptor_has_a_full_description_and_the_package_tag(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var description = descriptor.Description.ToString();
        Assert.True(description.Length >= 60, $"{id} has no full description (SARIF fullDescription): '{description}'");
        Assert.NotEqual(descriptor.Title.ToString(), description);
        Assert.Contains(Descriptors.PackageTag, descriptor.CustomTags);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Help_link_points_at_an_existing_doc_page_with_the_title(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        Assert.Equal($"https://github.com/socketvshttp/socketvshttp/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
        var page = Path.Combine(Root, "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith($"# {id}: {descriptor.Title}", text);
        foreach (var section in new[] { "## Why it matters", "## Bad code", "## Fixed code", "## When it does not fire", "## Options", "## Suppress", "## Measured" })
        {
            Assert.Contains(section, text);
        }
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Release_tracking_lists_the_rule(string id)
    {
        var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
        var tracking = File.ReadAllText(Path.Combine(Root, "src", "SocketVsHttp.Analyzers", "AnalyzerReleases.Unshipped.md")) +
                       File.ReadAllText(Path.Combine(Root, "src", "SocketVsHttp.Analyzers", "AnalyzerReleases.Shipped.md"));
        Assert.Matches(new Regex($@"^{id}\s*\|\s*{descriptor.Category}\s*\|\s*{descriptor.DefaultSeverity}\s*\|", RegexOptions.Multiline), tracking);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Analyzer_test_class_and_files_are_named_after_the_rule(string id)
    {
        Assert.Contains(typeof(RuleCatalogTests).Assembly.GetTypes(), t => t.Name == id + "Tests");
        var analyzerFiles = Directory.GetFiles(Path.Combine(Root, "src", "SocketVsHttp.Analyzers"), id + ".*Analyzer.cs", SearchOption.AllDirectories);
        Assert.Single(analyzerFiles);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Code_fix_exists_exactly_where_the_catalog_lists_one(string id)
    {
        var fixer = RuleCatalog.FixerFor(id);
        var catalogHasFix = !CatalogRow(id).Fix.StartsWith("none", StringComparison.OrdinalIgnoreCase);
        Assert.Equal(catalogHasFix, fixer is not null);
        if (fixer is not null)
        {
            Assert.Single(Directory.GetFiles(Path.Combine(Root, "src", "SocketVsHttp.CodeFixes"), id + ".*Fixer.cs", SearchOption.AllDirectories));
            Assert.NotNull(fixer.GetFixAllProvider());
            var testFile = Directory.GetFiles(Path.Combine(Root, "tests", "SocketVsHttp.Analyzers.Tests"), id + "Tests.cs", SearchOption.AllDirectories).Single();
            Assert.Contains(fixer.GetType().Name, File.ReadAllText(testFile));
        }
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Harness_scenario_exists(string id)
    {
        var folder = Path.Combine(Root, "src", "SocketVsHttp.Harness", "Scenarios", id);
        Assert.True(File.Exists(Path.Combine(folder, "Bad.cs")), "missing Bad.cs in " + folder);
        Assert.True(File.Exists(Path.Combine(folder, "Fixed.cs")), "missing Fixed.cs in " + folder);
        Assert.True(File.Exists(Path.Combine(folder, id + "Scenario.cs")), "missing scenario class in " + folder);
    }

    [Theory]
    [MemberData(nameof(ImplementedIds))]
    public void Readme_rule_table_has_a_row(string id)
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Matches(new Regex($@"^\|\s*\[{id}\]\(docs/rules/{id}\.md\)\s*\|", RegexOptions.Multiline), readme);
    }

    private static (string Title, string Severity, string Fix) CatalogRow(string id)
    {
        // The project's own copy of the catalog of record: a clone on its own must pass, so nothing outside is read.
        var catalog = Path.Combine(Root, "docs", "RULES.md");
        Assert.True(File.Exists(catalog), "the rule catalog is expected at " + catalog);
        var line = File.ReadLines(catalog).Single(l => l.StartsWith("| " + id + " |", StringComparison.Ordinal));
        var cells = line.Split('|').Select(c => c.Trim()).ToArray();
        // | ID | title | flags | must not flag | fix | severity |
        return (cells[2], cells[6], cells[5]);
    }
}
