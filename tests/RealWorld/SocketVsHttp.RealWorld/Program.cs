using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using SocketVsHttp.RealWorld;

// dotnet run --project tests/RealWorld/SocketVsHttp.RealWorld -- --repos DIR [--suite DIR] [--only owner/name] [--list-findings] [--report FILE.md] [--cache DIR]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string? repos = null, only = null, report = null, cache = null;
var suite = typeof(Runner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "SuiteFolder")?.Value;
var listFindings = false;
for (var i = 0; i < args.Length; i++)
{
    string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    switch (args[i])
    {
        case "--repos": repos = Value(); break;
        case "--suite": suite = Value(); break;
        case "--only": only = Value(); break;
        case "--report": report = Value(); break;
        case "--cache": cache = Value(); break;
        case "--list-findings": listFindings = true; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            Console.Error.WriteLine("usage: --repos DIR [--suite DIR] [--only owner/name] [--list-findings] [--report FILE.md] [--cache DIR]");
            return 2;
    }
}

if (repos is null || suite is null)
{
    Console.Error.WriteLine("usage: --repos DIR [--suite DIR] [--only owner/name] [--list-findings] [--report FILE.md] [--cache DIR]");
    Console.Error.WriteLine("  DIR holds one entry per repository named owner+name: a bare git dir (or owner+name/repo, as the search tool's fetch makes it) or a work tree at the pinned commit.");
    return 2;
}

cache ??= Path.Combine(suite, ".checkouts");
var stopwatch = Stopwatch.StartNew();
var errors = new List<string>();
var rows = Suite.ReadManifests(suite, errors);
if (only is not null)
{
    rows = rows.Where(r => r.Repo.Equals(only, StringComparison.OrdinalIgnoreCase)).ToList();
    if (rows.Count == 0)
    {
        Console.Error.WriteLine($"{only} is not in the manifests of {suite}");
        return 2;
    }
}

var results = new List<(RepoResult Result, Matched Matched)>();
foreach (var row in rows)
{
    Console.Error.Write($"{row.Repo} ... ");
    var labels = Suite.ReadLabels(suite, row, errors);
    var result = Runner.Run(row, repos, cache);
    foreach (var label in labels.Where(l => result.Errors.Count == 0 && !result.CompiledFiles.Contains(l.Path)))
    {
        result.Warnings.Add($"label {label.Path}:{label.Line} {label.Rule}: the file is not compiled by any project in scope");
    }

    results.Add((result, Suite.Match(result.Findings, labels)));
    Console.Error.WriteLine(result.Errors.Count > 0 ? "FAILED" : $"{result.Projects} projects, {result.CompiledFiles.Count} files, {result.Findings.Count} findings, {result.CompileErrors} compile errors, {result.Elapsed.TotalSeconds:0.0}s");
}

var text = Report.Build(results, errors, stopwatch.Elapsed, markdown: false, listFindings);
Console.Write(text);
if (report is not null)
{
    var command = "dotnet run --project tests/RealWorld/SocketVsHttp.RealWorld -- " + string.Join(' ', args);
    File.WriteAllText(report, Report.Build(results, errors, stopwatch.Elapsed, markdown: true, listFindings, command));
    Console.WriteLine($"report written to {report}");
}

return results.Any(r => r.Result.Errors.Count > 0 || r.Result.Exceptions.Count > 0) || errors.Count > 0 ? 1 : 0;

/// <summary>The tables: per rule, per family, per repository; exceptions and errors; optionally every finding and miss.</summary>
internal static class Report
{
    private static readonly (string Name, string Prefix)[] Families = [("HTTP", "SVH1"), ("Sockets", "SVH2"), ("WebSockets", "SVH3")];

    public static string Build(List<(RepoResult Result, Matched Matched)> results, List<string> errors, TimeSpan elapsed, bool markdown, bool listFindings, string? command = null)
    {
        var s = new StringBuilder();
        var findings = results.SelectMany(r => r.Matched.Findings.Select(f => (r.Result.Row, f.Finding, f.Status))).ToList();
        var labels = results.SelectMany(r => r.Matched.Labels.Select(l => (r.Result.Row, l.Label, l.Status))).ToList();
        var rules = Runner.Rules.Concat(labels.Select(l => l.Label.Rule)).Distinct().Order(StringComparer.Ordinal).ToList();

        if (markdown)
        {
            s.AppendLine("### Real-world suite report").AppendLine();
            s.AppendLine($"- Command: `{command}`");
            s.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {results.Count} repositories, {results.Sum(r => r.Result.Projects)} projects, {results.Sum(r => r.Result.CompiledFiles.Count)} files in scope; {elapsed.TotalSeconds:0} s");
            s.AppendLine();
        }
        else
        {
            s.AppendLine($"SocketVsHttp real-world suite: {results.Count} repositories, {results.Sum(r => r.Result.Projects)} projects, {results.Sum(r => r.Result.CompiledFiles.Count)} files in scope, {elapsed.TotalSeconds:0} s");
            s.AppendLine();
        }

        // TP, FP and misses count labels; findings and new count findings (REALWORLD.md).
        var ruleRows = rules.Select(rule => new[]
        {
            rule,
            findings.Count(f => f.Finding.Rule == rule).ToString(),
            labels.Count(l => l.Label.Rule == rule && l.Status == LabelStatus.TP).ToString(),
            labels.Count(l => l.Label.Rule == rule && l.Status == LabelStatus.FP).ToString(),
            labels.Count(l => l.Label.Rule == rule && l.Status == LabelStatus.Miss).ToString(),
            findings.Count(f => f.Finding.Rule == rule && f.Status == FindingStatus.NEW).ToString(),
        }).ToList();
        Table(s, markdown, ["Rule", "Findings", "TP", "FP", "Misses", "New"], ruleRows);

        var familyRows = Families.Select(f => FamilyRow(f.Name, labels.Where(l => l.Label.Rule.StartsWith(f.Prefix, StringComparison.Ordinal)).Select(l => l.Status).ToList(),
                findings.Count(x => x.Finding.Rule.StartsWith(f.Prefix, StringComparison.Ordinal) && x.Status == FindingStatus.NEW)))
            .Append(FamilyRow("Overall", labels.Select(l => l.Status).ToList(), findings.Count(x => x.Status == FindingStatus.NEW)))
            .ToList();
        Table(s, markdown, ["Family", "TP", "FP", "Misses", "New", "Recall", "Precision"], familyRows);

        var repoRows = results.Select(r => new[]
        {
            r.Result.Row.Repo, r.Result.Row.Kind, r.Result.Errors.Count > 0 ? "failed" : r.Result.Projects.ToString(), r.Result.CompiledFiles.Count.ToString(),
            r.Result.Findings.Count.ToString(),
            r.Matched.Labels.Count(l => l.Status == LabelStatus.TP).ToString(),
            r.Matched.Labels.Count(l => l.Status == LabelStatus.FP).ToString(),
            r.Matched.Labels.Count(l => l.Status == LabelStatus.Miss).ToString(),
            r.Matched.Findings.Count(f => f.Status == FindingStatus.NEW).ToString(),
        }).ToList();
        Table(s, markdown, ["Repository", "Kind", "Projects", "Files", "Findings", "TP", "FP", "Misses", "New"], repoRows);

        var exceptions = results.SelectMany(r => r.Result.Exceptions.Select(e => $"{r.Result.Row.Repo}: {e}")).ToList();
        List(s, markdown, $"Analyzer exceptions: {(exceptions.Count == 0 ? "none" : exceptions.Count.ToString())}", exceptions);
        var problems = errors.Concat(results.SelectMany(r => r.Result.Errors.Select(e => $"{r.Result.Row.Repo}: {e}"))).ToList();
        List(s, markdown, $"Errors: {(problems.Count == 0 ? "none" : problems.Count.ToString())}", problems);
        var warnings = results.SelectMany(r => r.Result.Warnings.Select(w => $"{r.Result.Row.Repo}: {w}")).ToList();
        List(s, markdown, $"Warnings: {(warnings.Count == 0 ? "none" : warnings.Count.ToString())}", warnings);

        if (listFindings)
        {
            List(s, markdown, "Findings (TP / FP / NEW)", findings.Select(f =>
                $"{f.Status,-3} {f.Row.Repo} {f.Finding.Primary.Path}:{f.Finding.Primary.Line} {f.Finding.Rule} {f.Finding.Message}"
                + (f.Finding.Places.Count > 1 ? $" [also {string.Join(", ", f.Finding.Places.Skip(1).Select(p => $"{p.Path}:{p.Line}"))}]" : string.Empty)).ToList());
            List(s, markdown, "Misses (defect labels no finding matches)", labels.Where(l => l.Status == LabelStatus.Miss).Select(l =>
                $"MISS {l.Row.Repo} {l.Label.Path}:{l.Label.Line} {l.Label.Rule} {l.Label.Reason}").ToList());
        }

        return s.ToString();
    }

    private static string[] FamilyRow(string name, List<LabelStatus> statuses, int newFindings)
    {
        int tp = statuses.Count(x => x == LabelStatus.TP), fp = statuses.Count(x => x == LabelStatus.FP), miss = statuses.Count(x => x == LabelStatus.Miss);
        return [name, tp.ToString(), fp.ToString(), miss.ToString(), newFindings.ToString(), Percent(tp, tp + miss), Percent(tp, tp + fp)];
    }

    private static string Percent(int part, int whole) => whole == 0 ? "-" : $"{100.0 * part / whole:0}% ({part}/{whole})";

    private static void Table(StringBuilder s, bool markdown, string[] header, List<string[]> rows)
    {
        if (markdown)
        {
            s.AppendLine("| " + string.Join(" | ", header) + " |");
            // Numbers right-aligned, text (rule, repository, kind) left-aligned.
            s.AppendLine("|" + string.Join("|", header.Select((_, i) => rows.All(r => r[i].Length > 0 && (char.IsDigit(r[i][0]) || r[i] == "-")) ? " ---: " : " --- ")) + "|");
            foreach (var row in rows)
            {
                s.AppendLine("| " + string.Join(" | ", row) + " |");
            }
        }
        else
        {
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            s.AppendLine(string.Join("  ", header.Select((h, i) => i == 0 ? h.PadRight(widths[i]) : h.PadLeft(widths[i]))));
            foreach (var row in rows)
            {
                s.AppendLine(string.Join("  ", row.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))));
            }
        }

        s.AppendLine();
    }

    private static void List(StringBuilder s, bool markdown, string title, List<string> lines)
    {
        s.AppendLine(markdown ? $"**{title}**" : title);
        if (lines.Count > 0)
        {
            if (markdown)
            {
                s.AppendLine();
            }

            foreach (var line in lines)
            {
                s.AppendLine(markdown ? $"- {line.Replace("|", "\\|")}" : $"  {line}");
            }
        }

        s.AppendLine();
    }
}
