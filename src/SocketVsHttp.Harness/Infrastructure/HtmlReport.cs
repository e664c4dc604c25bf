using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// The harness run as one self-contained page: per rule, each metric as a pair of bars (bad, fixed) in inline SVG, with
/// the measured values written on them, and the verdict. No script and nothing loaded from elsewhere; the markup is
/// well-formed XML (XHTML), so a test can read it back. Each chart carries its rule, metric and both values as data
/// attributes.
/// </summary>
public static class HtmlReport
{
    private const int Width = 560;
    private const int LabelWidth = 230;
    private const int BarHeight = 16;
    private const int RowGap = 10;
    private const string BadColor = "#c0392b";
    private const string FixedColor = "#27ae60";

    public static string Render(IReadOnlyList<ScenarioResult> results, DateTimeOffset when)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n")
            .Append("<title>SocketVsHttp harness: bad vs fixed, measured</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;color:#222}")
            .Append("section{border-top:1px solid #ddd;padding:.5em 0}h2{font-size:1.1em;margin:.4em 0}")
            .Append(".verdict{font-size:.95em}.measures{color:#555;font-size:.9em}</style>\n</head>\n<body>\n")
            .Append("<h1>SocketVsHttp harness</h1>\n<p>Each rule's bad code and its fixed code run against loopback servers, ")
            .Append("bounded in count and time. Run at ").Append(Escape(when.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)))
            .Append(". Bars: <span style=\"color:").Append(BadColor).Append("\">bad</span> and <span style=\"color:").Append(FixedColor)
            .Append("\">fixed</span>, each metric on its own scale.</p>\n");
        foreach (var result in results)
        {
            page.Append("<section id=\"").Append(Escape(result.RuleId)).Append("\">\n<h2>").Append(Escape(result.RuleId)).Append(' ')
                .Append(Escape(result.Title)).Append("</h2>\n<p class=\"measures\">").Append(Escape(result.Measures)).Append("</p>\n")
                .Append(Chart(result)).Append('\n')
                .Append(string.Concat(result.Series.Select(series => SeriesChart(result.RuleId, series) + "\n")))
                .Append("<p class=\"verdict\"><strong>").Append(result.VerdictKind.Display()).Append("</strong>: ")
                .Append(Escape(result.Verdict)).Append("</p>\n</section>\n");
        }

        page.Append("</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>One rule's metrics as an SVG element (also valid as a standalone .svg file).</summary>
    public static string Chart(ScenarioResult result)
    {
        var rows = result.Metrics;
        var height = 28 + (rows.Count * ((2 * BarHeight) + RowGap + 14));
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"")
            .Append(Escape(result.RuleId + ": bad vs fixed")).Append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\n")
            .Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\" />\n")
            .Append("<text x=\"0\" y=\"16\" font-weight=\"bold\">").Append(Escape(result.RuleId + " " + result.Title)).Append("</text>\n");
        var y = 28;
        foreach (var row in rows)
        {
            var scale = Math.Max(Math.Abs(row.Bad), Math.Abs(row.Fixed));
            svg.Append("<g class=\"metric\" data-rule=\"").Append(Escape(result.RuleId)).Append("\" data-metric=\"").Append(Escape(row.Name))
                .Append("\" data-bad=\"").Append(Number(row.Bad)).Append("\" data-fixed=\"").Append(Number(row.Fixed))
                .Append("\" data-unit=\"").Append(Escape(row.Unit)).Append("\">\n")
                .Append("<text x=\"0\" y=\"").Append(y + 10).Append("\">").Append(Escape(row.Name)).Append("</text>\n");
            Bar(svg, "bad", row.Bad, scale, row.Unit, y + 14, BadColor);
            Bar(svg, "fixed", row.Fixed, scale, row.Unit, y + 14 + BarHeight + 2, FixedColor);
            svg.Append("</g>\n");
            y += (2 * BarHeight) + RowGap + 14;
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>
    /// A quantity over time as two lines (bad, fixed) on shared axes: x in milliseconds since each run started, y from 0 to
    /// the largest value of either run. Each line carries its points as data, as measured.
    /// </summary>
    public static string SeriesChart(string ruleId, TimeSeries series)
    {
        const int height = 180;
        const int left = 40, right = 10, top = 28, bottom = 28;
        var plotWidth = Width - left - right;
        var plotHeight = height - top - bottom;
        var maxX = Math.Max(1, series.Bad.Concat(series.Fixed).Select(p => p.Milliseconds).DefaultIfEmpty(0).Max());
        var maxY = Math.Max(1, series.Bad.Concat(series.Fixed).Select(p => p.Value).DefaultIfEmpty(0).Max());
        string Points(IReadOnlyList<SeriesPoint> points) => string.Join(" ", points.Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{left + (plotWidth * p.Milliseconds / maxX):0.#},{top + plotHeight - (plotHeight * p.Value / maxY):0.#}")));
        string Data(IReadOnlyList<SeriesPoint> points) => string.Join(" ", points.Select(p => Number(p.Milliseconds) + ":" + Number(p.Value)));

        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height).Append("\" role=\"img\" aria-label=\"")
            .Append(Escape(ruleId + ": " + series.Name + " over time")).Append("\" font-family=\"system-ui,sans-serif\" font-size=\"12\">\n")
            .Append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\" />\n")
            .Append("<text x=\"0\" y=\"16\" font-weight=\"bold\">").Append(Escape(series.Name + " over time")).Append("</text>\n")
            .Append("<g class=\"series\" data-rule=\"").Append(Escape(ruleId)).Append("\" data-series=\"").Append(Escape(series.Name)).Append("\">\n")
            .Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(top + plotHeight).Append("\" x2=\"").Append(left + plotWidth)
            .Append("\" y2=\"").Append(top + plotHeight).Append("\" stroke=\"#999\" />\n")
            .Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(top).Append("\" x2=\"").Append(left)
            .Append("\" y2=\"").Append(top + plotHeight).Append("\" stroke=\"#999\" />\n")
            .Append("<text x=\"").Append(left - 4).Append("\" y=\"").Append(top + 4).Append("\" text-anchor=\"end\">").Append(Number(maxY)).Append("</text>\n")
            .Append("<text x=\"").Append(left - 4).Append("\" y=\"").Append(top + plotHeight).Append("\" text-anchor=\"end\">0</text>\n")
            .Append("<text x=\"").Append(left + plotWidth).Append("\" y=\"").Append(height - 8).Append("\" text-anchor=\"end\">")
            .Append(Number(Math.Round(maxX))).Append(" ms</text>\n")
            .Append("<polyline class=\"bad\" fill=\"none\" stroke=\"").Append(BadColor).Append("\" stroke-width=\"2\" points=\"").Append(Points(series.Bad))
            .Append("\" data-points=\"").Append(Data(series.Bad)).Append("\" />\n")
            .Append("<polyline class=\"fixed\" fill=\"none\" stroke=\"").Append(FixedColor).Append("\" stroke-width=\"2\" points=\"").Append(Points(series.Fixed))
            .Append("\" data-points=\"").Append(Data(series.Fixed)).Append("\" />\n")
            .Append("</g>\n</svg>");
        return svg.ToString();
    }

    private static void Bar(StringBuilder svg, string variant, double value, double scale, string unit, int y, string color)
    {
        var room = Width - LabelWidth - 10;
        var length = scale <= 0 ? 0 : (int)Math.Round(room * Math.Abs(value) / scale);
        svg.Append("<rect class=\"").Append(variant).Append("\" x=\"").Append(LabelWidth).Append("\" y=\"").Append(y)
            .Append("\" width=\"").Append(Math.Max(length, 1)).Append("\" height=\"").Append(BarHeight).Append("\" fill=\"").Append(color).Append("\" />\n")
            .Append("<text x=\"").Append(LabelWidth - 6).Append("\" y=\"").Append(y + 12).Append("\" text-anchor=\"end\" fill=\"#555\">")
            .Append(variant).Append("</text>\n")
            .Append("<text class=\"value\" x=\"").Append(LabelWidth + Math.Max(length, 1) + 4 > Width - 70 ? LabelWidth + 4 : LabelWidth + Math.Max(length, 1) + 4)
            .Append("\" y=\"").Append(y + 12).Append("\"").Append(LabelWidth + Math.Max(length, 1) + 4 > Width - 70 ? " fill=\"#fff\"" : string.Empty).Append('>')
            .Append(Escape(Number(value) + (unit.Length > 0 && unit != "count" ? " " + unit : string.Empty))).Append("</text>\n");
    }

    private static string Number(double value) => value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.###", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text).Replace("&#39;", "&#x27;", StringComparison.Ordinal);
}
