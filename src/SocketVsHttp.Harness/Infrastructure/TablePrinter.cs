using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Prints a result as an aligned "metric | bad | fixed" table and a verdict line.</summary>
public static class TablePrinter
{
    public static void Print(ScenarioResult result, TextWriter output)
    {
        output.WriteLine($"{result.RuleId}  {result.Title}");
        output.WriteLine($"  measures: {result.Measures}");
        output.WriteLine($"  settings: requests={result.Settings.Requests} (where a scenario counts them), bound={result.Settings.Bound.TotalMilliseconds:0} ms"
            + (result.Settings.Variants.IsAsWritten ? string.Empty : $", variants={result.Settings.Variants.Name} (bad column runs {result.Settings.Variants.BadColumn}.cs, fixed column runs {result.Settings.Variants.FixedColumn}.cs)"));

        var rows = new List<string[]> { new[] { "metric", "bad", "fixed" } };
        foreach (var metric in result.Metrics)
        {
            var name = string.IsNullOrEmpty(metric.Unit) ? metric.Name : $"{metric.Name} ({metric.Unit})";
            rows.Add(new[] { name, Format(metric.Bad), Format(metric.Fixed) });
        }

        if (result.BadOutcome is not null || result.FixedOutcome is not null)
        {
            rows.Add(new[] { "outcome", result.BadOutcome ?? "-", result.FixedOutcome ?? "-" });
        }

        var widths = new int[3];
        foreach (var row in rows)
        {
            for (var i = 0; i < 3; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            output.WriteLine($"  {row[0].PadRight(widths[0])} | {row[1].PadRight(widths[1])} | {row[2]}".TrimEnd());
            if (r == 0)
            {
                output.WriteLine($"  {new string('-', widths[0])}-+-{new string('-', widths[1])}-+-{new string('-', widths[2])}");
            }
        }

        output.WriteLine($"  verdict: {result.VerdictKind.Display()}: {result.Verdict}");
    }

    internal static string Format(double value)
        => value == Math.Floor(value) && Math.Abs(value) < 1e15
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("0.0", CultureInfo.InvariantCulture);
}
