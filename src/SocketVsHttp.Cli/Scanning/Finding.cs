using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Cli.Scanning;

/// <summary>
/// One diagnostic of a rule, as the scanner reports it: where (relative path, 1-based line and column), what (the
/// message), the effective severity, and what the baseline keys on (the enclosing member and the line's text).
/// </summary>
public sealed record Finding(
    string Rule,
    DiagnosticSeverity Severity,
    string Path,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Message,
    string HelpLink,
    string Member,
    string LineText)
{
    /// <summary>The baseline key: rule, file, enclosing member and a hash of the line's trimmed text; no line number.</summary>
    public string BaselineKey => Baseline.Key(Rule, Path, Member, LineText);
}
