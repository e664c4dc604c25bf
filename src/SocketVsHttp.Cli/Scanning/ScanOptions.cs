using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Cli.Scanning;

/// <summary>Which findings a scan reports: by rule pattern and minimum severity.</summary>
public sealed record ScanOptions
{
    /// <summary>Rule patterns: an ID (SVH101) or a prefix ending in * (SVH2*). Empty: every rule.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>The lowest severity reported; the rules' own severities (after .editorconfig) decide each finding's.</summary>
    public DiagnosticSeverity MinimumSeverity { get; init; } = DiagnosticSeverity.Info;

    /// <summary>Folder mode even for a .sln/.slnx/.csproj (<c>--no-build</c>): no MSBuild evaluation, no restore needed.</summary>
    public bool NoBuild { get; init; }

    /// <summary><c>--timing</c>: also time the compiler alone on the same files (parse, bind, diagnostics) and say both on stderr.</summary>
    public bool Timing { get; init; }

    public bool Includes(Finding finding) => finding.Severity >= MinimumSeverity && MatchesRule(finding.Rule);

    public bool MatchesRule(string id) =>
        Rules.Count == 0 || Rules.Any(p => p.EndsWith('*')
            ? id.StartsWith(p[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(id, p, StringComparison.OrdinalIgnoreCase));
}
