using System.Text.Json;
using Microsoft.CodeAnalysis;
using SocketVsHttp.Cli.Scanning;

namespace SocketVsHttp.Cli.Reports;

/// <summary>The three ways a scan is written: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools.</summary>
public static class Report
{
    public static void WriteText(TextWriter writer, ScanResult result, int baselined)
    {
        foreach (var group in result.Findings.GroupBy(f => f.Rule))
        {
            var descriptor = Scanner.Rules.First(d => d.Id == group.Key);
            writer.WriteLine($"{group.Key}  {descriptor.Title}  ({group.Count()})  {descriptor.HelpLinkUri}");
            foreach (var finding in group)
            {
                writer.WriteLine($"  {finding.Path}:{finding.Line}:{finding.Column}: {Severity(finding.Severity)}: {finding.Message}");
            }

            writer.WriteLine();
        }

        var byRule = string.Join(", ", result.Findings.GroupBy(f => f.Rule).Select(g => $"{g.Key} {g.Count()}"));
        writer.WriteLine($"{result.Findings.Count} finding(s) in {result.Files} file(s) of {result.Projects} project(s)"
            + (byRule.Length > 0 ? ": " + byRule : string.Empty)
            + (baselined > 0 ? $"; {baselined} known from the baseline not shown" : string.Empty));
    }

    public static void WriteJson(Stream stream, ScanResult result, int baselined)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("tool", "socketvshttp");
        writer.WriteString("version", ToolVersion);
        writer.WriteString("mode", result.Mode);
        writer.WriteNumber("projects", result.Projects);
        writer.WriteNumber("files", result.Files);
        writer.WriteNumber("baselined", baselined);
        writer.WriteStartArray("findings");
        foreach (var f in result.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", f.Rule);
            writer.WriteString("severity", Severity(f.Severity));
            writer.WriteString("file", f.Path);
            writer.WriteNumber("line", f.Line);
            writer.WriteNumber("column", f.Column);
            writer.WriteNumber("endLine", f.EndLine);
            writer.WriteNumber("endColumn", f.EndColumn);
            writer.WriteString("member", f.Member);
            writer.WriteString("message", f.Message);
            writer.WriteString("helpLink", f.HelpLink);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("analyzerExceptions");
        foreach (var e in result.Exceptions)
        {
            writer.WriteStringValue(e);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>SARIF 2.1.0: one run, the rules' metadata (title, full description, help link, default level), one result per finding.</summary>
    public static void WriteSarif(Stream stream, ScanResult result)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "SocketVsHttp");
        writer.WriteString("version", ToolVersion);
        writer.WriteString("informationUri", "https://github.com/socketvshttp/socketvshttp");
        writer.WriteStartArray("rules");
        foreach (var rule in Scanner.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteString("name", rule.Id);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteStartObject("fullDescription");
            writer.WriteString("text", rule.Description.ToString(System.Globalization.CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("helpUri", rule.HelpLinkUri);
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteStartObject("properties");
            writer.WriteString("category", rule.Category);
            writer.WriteStartArray("tags");
            foreach (var tag in rule.CustomTags)
            {
                writer.WriteStringValue(tag);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("results");
        foreach (var f in result.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", f.Rule);
            writer.WriteNumber("ruleIndex", IndexOf(f.Rule));
            writer.WriteString("level", Level(f.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", f.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            writer.WriteString("uri", Uri.EscapeDataString(f.Path).Replace("%2F", "/", StringComparison.Ordinal));
            writer.WriteEndObject();
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", f.Line);
            writer.WriteNumber("startColumn", f.Column);
            writer.WriteNumber("endLine", f.EndLine);
            writer.WriteNumber("endColumn", f.EndColumn);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("partialFingerprints");
            writer.WriteString("socketVsHttpBaselineKey/v1", f.BaselineKey);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    public static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "info",
        _ => "hidden",
    };

    private static string Level(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "note",
    };

    private static int IndexOf(string rule)
    {
        for (var i = 0; i < Scanner.Rules.Count; i++)
        {
            if (Scanner.Rules[i].Id == rule)
            {
                return i;
            }
        }

        return -1;
    }

    private static string ToolVersion => typeof(Report).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
