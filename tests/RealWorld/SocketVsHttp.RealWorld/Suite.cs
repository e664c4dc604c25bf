namespace SocketVsHttp.RealWorld;

/// <summary>One row of a manifest*.tsv: a repository pinned to a commit, and the folders to analyse.</summary>
public sealed record ManifestRow(string Repo, string Commit, string Kind, IReadOnlyList<string> Scope, string What)
{
    /// <summary>The folder name of the repository's checkout: owner+name.</summary>
    public string FolderName => Repo.Replace('/', '+');

    /// <summary>True when the repository-relative path (forward slashes) lies under one of the scope prefixes.</summary>
    public bool InScope(string path) => Scope.Any(prefix => prefix == "." || path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));
}

/// <summary>One row of labels/owner+name.tsv.</summary>
public sealed record Label(string Path, int Line, string Rule, bool Defect, string Reason);

/// <summary>One place a diagnostic points at (primary or additional location).</summary>
public sealed record Place(string Path, int Line);

/// <summary>One diagnostic of our rules: the primary place first, then the additional ones.</summary>
public sealed record Finding(string Rule, IReadOnlyList<Place> Places, string Message)
{
    public Place Primary => Places[0];
}

public enum FindingStatus { TP, FP, NEW }

/// <summary>The verdict on one label: a defect found (TP) or missed, a correct place flagged (FP) or left silent.</summary>
public enum LabelStatus { TP, Miss, FP, Silent }

/// <summary>Findings and labels of one repository, matched.</summary>
public sealed record Matched(
    IReadOnlyList<(Finding Finding, FindingStatus Status)> Findings,
    IReadOnlyList<(Label Label, LabelStatus Status)> Labels);

public static class Suite
{
    public static List<ManifestRow> ReadManifests(string suiteFolder, List<string> errors)
    {
        var rows = new List<ManifestRow>();
        foreach (var file in Directory.GetFiles(suiteFolder, "manifest*.tsv").Order(StringComparer.Ordinal))
        {
            foreach (var (cells, lineNo) in ReadTsv(file))
            {
                if (cells.Length < 5 || cells[1].Length != 40 || !cells[0].Contains('/'))
                {
                    errors.Add($"{Path.GetFileName(file)}:{lineNo}: not a manifest row (repo, 40-hex commit, kind, scope, what)");
                    continue;
                }

                var scope = cells[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => s.Replace('\\', '/').TrimEnd('/')).Select(s => s.Length == 0 ? "." : s).ToList();
                rows.Add(new ManifestRow(cells[0], cells[1].ToLowerInvariant(), cells[2], scope.Count == 0 ? ["."] : scope, cells[4]));
            }
        }

        foreach (var dup in rows.GroupBy(r => r.Repo, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"{dup.Key} is listed {dup.Count()} times in the manifests: the first row is used");
        }

        return rows.DistinctBy(r => r.Repo.ToLowerInvariant()).ToList();
    }

    public static List<Label> ReadLabels(string suiteFolder, ManifestRow row, List<string> errors)
    {
        var file = Path.Combine(suiteFolder, "labels", row.FolderName + ".tsv");
        var labels = new List<Label>();
        if (!File.Exists(file))
        {
            return labels;
        }

        foreach (var (cells, lineNo) in ReadTsv(file))
        {
            if (cells.Length < 5 || !int.TryParse(cells[1], out var line) || line < 1 || !cells[2].StartsWith("SVH", StringComparison.Ordinal)
                || (cells[3] != "defect" && cells[3] != "correct"))
            {
                errors.Add($"labels/{row.FolderName}.tsv:{lineNo}: not a label row (path, line, SVHnnn, defect|correct, reason)");
                continue;
            }

            labels.Add(new Label(cells[0].Replace('\\', '/'), line, cells[2], cells[3] == "defect", cells[4]));
        }

        foreach (var dup in labels.GroupBy(l => (l.Path, l.Line, l.Rule)).Where(g => g.Count() > 1))
        {
            errors.Add($"labels/{row.FolderName}.tsv: {dup.Key.Path}:{dup.Key.Line} {dup.Key.Rule} is labelled {dup.Count()} times: the first label is used");
        }

        return labels.DistinctBy(l => (l.Path, l.Line, l.Rule)).ToList();
    }

    /// <summary>
    /// Matches findings with labels (REALWORLD.md): a finding of rule R matches a label with the same rule whose path and line
    /// are one of the finding's places (primary or additional). A finding that matches a defect label is a TP; one that matches
    /// only correct labels is an FP; one that matches none is NEW. A defect label no finding matches is a miss.
    /// </summary>
    public static Matched Match(IReadOnlyList<Finding> findings, IReadOnlyList<Label> labels)
    {
        var byPlace = labels.ToLookup(l => (l.Rule, l.Path, l.Line));
        var hit = new HashSet<Label>();
        var findingResults = new List<(Finding, FindingStatus)>();
        foreach (var finding in findings)
        {
            var matching = finding.Places.SelectMany(p => byPlace[(finding.Rule, p.Path, p.Line)]).Distinct().ToList();
            hit.UnionWith(matching);
            var status = matching.Any(l => l.Defect) ? FindingStatus.TP : matching.Count > 0 ? FindingStatus.FP : FindingStatus.NEW;
            findingResults.Add((finding, status));
        }

        var labelResults = labels
            .Select(l => (l, l.Defect ? (hit.Contains(l) ? LabelStatus.TP : LabelStatus.Miss) : (hit.Contains(l) ? LabelStatus.FP : LabelStatus.Silent)))
            .ToList();
        return new Matched(findingResults, labelResults);
    }

    private static IEnumerable<(string[] Cells, int LineNo)> ReadTsv(string file)
    {
        var lineNo = 0;
        foreach (var line in File.ReadLines(file))
        {
            lineNo++;
            if (lineNo == 1 || line.Trim().Length == 0 || line.StartsWith('#'))
            {
                continue; // the header, blank lines and comments
            }

            yield return (line.Split('\t').Select(c => c.Trim()).ToArray(), lineNo);
        }
    }
}
