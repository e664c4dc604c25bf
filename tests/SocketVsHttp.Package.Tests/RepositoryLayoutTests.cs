using System.Text.RegularExpressions;
using Xunit;

namespace SocketVsHttp.Package.Tests;

/// <summary>The repository keeps its promises: CI runs what the README says, and the README agrees with the catalog.</summary>
public class RepositoryLayoutTests
{
    private static string ReadmePath => Path.Combine(RepositoryPaths.Root, "README.md");

    private static string CiScriptPath => Path.Combine(RepositoryPaths.Root, ".ci", "run");

    [Fact]
    public void No_build_or_test_file_reads_outside_the_repository()
    {
        // A clone on its own must pass: nothing may read the folder beside the repository (the steering copy of the
        // catalog lives there; the project keeps its own in docs/RULES.md). The patterns are split so this file
        // does not match itself.
        var patterns = new[] { "\"..\", \"" + "shared\"", "../" + "shared", "..\\" + "shared" };
        var offenders = new List<string>();
        foreach (var folder in new[] { "src", "tests", ".ci" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryPaths.Root, file);
                if (relative.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || relative.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || !(file.EndsWith(".cs", StringComparison.Ordinal) || file.EndsWith("proj", StringComparison.Ordinal)
                         || file.EndsWith(".props", StringComparison.Ordinal) || file.EndsWith(".targets", StringComparison.Ordinal)
                         || Path.GetFileName(file) == "run"))
                {
                    continue;
                }

                var text = File.ReadAllText(file);
                if (patterns.Any(p => text.Contains(p, StringComparison.Ordinal)))
                {
                    offenders.Add(relative);
                }
            }
        }

        Assert.Empty(offenders);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "docs", "RULES.md")), "the project's own catalog docs/RULES.md is missing");
    }

    [Fact]
    public void Readme_gives_one_test_command_under_Run_all_tests()
    {
        Assert.Equal("dotnet test SocketVsHttp.sln", ReadmeTestCommand());
    }

    [Fact]
    public void Ci_script_runs_the_readme_test_command_verbatim()
    {
        var command = ReadmeTestCommand();
        var script = File.ReadAllText(CiScriptPath);

        var runLines = script.Split('\n')
            .Select(line => line.Trim())
            .Where(line => !line.StartsWith('#') && line.StartsWith(command, StringComparison.Ordinal))
            .ToArray();

        var runLine = Assert.Single(runLines);

        // Only logger, results-directory and verbosity flags may follow the README's command.
        var extra = runLine[command.Length..];
        var pipe = extra.IndexOf("2>&1", StringComparison.Ordinal);
        if (pipe >= 0)
        {
            extra = extra[..pipe];
        }

        var flags = Regex.Matches(extra, @"(?<=^|\s)--?[A-Za-z][\w-]*").Select(m => m.Value).ToArray();
        Assert.All(flags, flag => Assert.Contains(flag, new[] { "--logger", "-l", "--results-directory", "--verbosity", "-v" }));
    }

    [Fact]
    public void Ci_script_is_strict_bash_and_prints_the_plain_summary_line()
    {
        var script = File.ReadAllText(CiScriptPath);

        Assert.StartsWith("#!/usr/bin/env bash\n", script, StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", script, StringComparison.Ordinal);
        Assert.Contains("echo \"$passed passed, $failed failed", script, StringComparison.Ordinal);

        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(CiScriptPath).HasFlag(UnixFileMode.UserExecute), ".ci/run is not executable.");
        }
    }

    [Fact]
    public void Readme_rule_table_matches_the_release_tracking_catalog()
    {
        var catalog = ReadReleaseTracking();
        var rows = Regex.Matches(
            File.ReadAllText(ReadmePath),
            @"^\| \[(?<id>SVH\d{3})\]\(docs/rules/(?<doc>SVH\d{3})\.md\) \| (?<title>[^|]+?) \| (?<severity>\w+) \| (?<fix>yes|no) \|$",
            RegexOptions.Multiline);

        Assert.NotEmpty(rows);
        foreach (Match row in rows)
        {
            var id = row.Groups["id"].Value;
            Assert.Equal(id, row.Groups["doc"].Value);
            Assert.True(catalog.TryGetValue(id, out var entry), $"{id} is in the README but not in AnalyzerReleases.Unshipped.md.");
            Assert.Equal(entry.Title, row.Groups["title"].Value);
            Assert.Equal(entry.Severity, row.Groups["severity"].Value);
        }
    }

    [Fact]
    public void Sample_is_outside_the_solution_and_marks_each_rule_it_shows()
    {
        var solution = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "SocketVsHttp.sln"));
        Assert.DoesNotContain("NetworkMistakes", solution, StringComparison.Ordinal);

        // Every implemented rule (a descriptor some analyzer of the family reports) is shown in its family's sample
        // file, in a comment that names the rule ID.
        var sample = Path.Combine(RepositoryPaths.Root, "samples", "NetworkMistakes");
        var implemented = ImplementedRulesByFamily();
        Assert.Equal(new[] { "Http", "Sockets", "WebSockets" }, implemented.Keys.Order(StringComparer.Ordinal));
        var missing = new List<string>();
        foreach (var (family, ids) in implemented)
        {
            var file = SampleFiles[family];
            var text = File.ReadAllText(Path.Combine(sample, file));
            missing.AddRange(ids
                .Where(id => !Regex.IsMatch(text, @"//[^\n]*\b" + id + @"\b"))
                .Select(id => $"{id} ({file})"));
        }

        Assert.True(missing.Count == 0, "Implemented rules not shown in the sample: " + string.Join(", ", missing));
    }

    [Fact]
    public void Sample_raises_every_implemented_info_rule_to_a_warning()
    {
        // Info diagnostics are not printed by `dotnet build`: the sample's .editorconfig raises them, so the build shows them.
        var catalog = ReadReleaseTracking();
        var editorConfig = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "samples", "NetworkMistakes", ".editorconfig"));
        var infoRules = ImplementedRulesByFamily().Values
            .SelectMany(ids => ids)
            .Where(id => catalog.TryGetValue(id, out var entry) && entry.Severity == "Info")
            .ToArray();

        Assert.NotEmpty(infoRules);
        var notRaised = infoRules
            .Where(id => !Regex.IsMatch(editorConfig, @"^\s*dotnet_diagnostic\." + id + @"\.severity\s*=\s*warning\s*$", RegexOptions.Multiline))
            .ToArray();
        Assert.True(notRaised.Length == 0, "Info rules the sample's .editorconfig does not raise to warning: " + string.Join(", ", notRaised));
    }

    /// <summary>The sample file that shows each analyzer family's rules.</summary>
    private static readonly Dictionary<string, string> SampleFiles = new(StringComparer.Ordinal)
    {
        ["Http"] = "HttpMistakes.cs",
        ["Sockets"] = "SocketMistakes.cs",
        ["WebSockets"] = "WebSocketMistakes.cs",
    };

    /// <summary>Rule IDs whose descriptor an analyzer source under src/SocketVsHttp.Analyzers/&lt;family&gt;/ uses.</summary>
    private static Dictionary<string, SortedSet<string>> ImplementedRulesByFamily()
    {
        var analyzers = Path.Combine(RepositoryPaths.Root, "src", "SocketVsHttp.Analyzers");
        var byFamily = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var family in SampleFiles.Keys)
        {
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.GetFiles(Path.Combine(analyzers, family), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in Regex.Matches(File.ReadAllText(file), @"\bDescriptors\.(?<id>SVH\d{3})\b"))
                {
                    ids.Add(match.Groups["id"].Value);
                }
            }

            if (ids.Count > 0)
            {
                byFamily[family] = ids;
            }
        }

        return byFamily;
    }

    /// <summary>The single line of the first code block under the "## Run all tests" heading.</summary>
    private static string ReadmeTestCommand()
    {
        var lines = File.ReadAllLines(ReadmePath);
        var heading = Array.FindIndex(lines, line => line.Trim() == "## Run all tests");
        Assert.True(heading >= 0, "README.md has no '## Run all tests' heading.");

        var open = Array.FindIndex(lines, heading + 1, line => line.TrimStart().StartsWith("```", StringComparison.Ordinal));
        Assert.True(open > heading, "No code block under '## Run all tests'.");
        Assert.DoesNotContain(lines[(heading + 1)..open], line => line.StartsWith('#'));

        var close = Array.FindIndex(lines, open + 1, line => line.TrimStart().StartsWith("```", StringComparison.Ordinal));
        Assert.True(close > open, "The code block under '## Run all tests' is not closed.");

        var body = lines[(open + 1)..close].Where(line => line.Trim().Length > 0).ToArray();
        return Assert.Single(body).Trim();
    }

    private static Dictionary<string, (string Title, string Severity)> ReadReleaseTracking()
    {
        var path = Path.Combine(RepositoryPaths.Root, "src", "SocketVsHttp.Analyzers", "AnalyzerReleases.Unshipped.md");
        var catalog = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (Match row in Regex.Matches(
            File.ReadAllText(path),
            @"^(?<id>SVH\d{3}) *\| *(?<category>\w+) *\| *(?<severity>\w+) *\| *(?<title>.+?) *$",
            RegexOptions.Multiline))
        {
            catalog[row.Groups["id"].Value] = (row.Groups["title"].Value, row.Groups["severity"].Value);
        }

        return catalog;
    }
}
