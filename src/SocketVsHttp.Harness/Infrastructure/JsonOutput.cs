using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Machine-readable results (System.Text.Json, camelCase).</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        // Console/CI output, not HTML: keep apostrophes and the like readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Write(IReadOnlyList<ScenarioResult> results, TextWriter output)
    {
        var documents = new List<ResultDocument>(results.Count);
        foreach (var result in results)
        {
            var metrics = new List<MetricDocument>(result.Metrics.Count);
            foreach (var metric in result.Metrics)
            {
                metrics.Add(new MetricDocument(metric.Name, metric.Unit, metric.Bad, metric.Fixed));
            }

            documents.Add(new ResultDocument(
                result.RuleId,
                result.Title,
                result.Measures,
                new SettingsDocument(result.Settings.Requests, (long)result.Settings.Bound.TotalMilliseconds, result.Settings.Variants.Name),
                metrics,
                result.BadOutcome,
                result.FixedOutcome,
                result.VerdictKind.Display(),
                result.Verdict,
                result.Confirmed));
        }

        output.WriteLine(JsonSerializer.Serialize(documents, Options));
    }

    internal sealed record SettingsDocument(int Requests, long BoundMs, string Variants);

    internal sealed record MetricDocument(string Name, string Unit, double Bad, double Fixed);

    internal sealed record ResultDocument(
        string RuleId,
        string Title,
        string Measures,
        SettingsDocument Settings,
        IReadOnlyList<MetricDocument> Metrics,
        string? BadOutcome,
        string? FixedOutcome,
        string VerdictKind,
        string Verdict,
        bool Confirmed);
}
