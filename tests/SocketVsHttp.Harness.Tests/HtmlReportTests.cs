using System.Globalization;
using System.Xml.Linq;
using SocketVsHttp.Harness.Infrastructure;
using Xunit;

namespace SocketVsHttp.Harness.Tests;

/// <summary>
/// `run ... --report FILE.html`: a real run of two scenarios, written as one page and read back: one chart per metric
/// of each scenario, each with the values that run measured, and nothing loaded from elsewhere.
/// </summary>
public class HtmlReportTests
{
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task Report_of_a_real_run_holds_one_chart_per_metric_with_the_measured_values()
    {
        var results = new List<ScenarioResult>();
        foreach (var id in new[] { "SVH201", "SVH202" })
        {
            results.Add(await ScenarioCatalog.Find(id)!.RunAsync(TestSettings.Small, CancellationToken.None));
        }

        var page = XDocument.Parse(HtmlReport.Render(results, DateTimeOffset.UnixEpoch));

        Assert.Empty(page.Descendants(Html + "script"));
        Assert.DoesNotContain(page.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");
        foreach (var result in results)
        {
            var section = Assert.Single(page.Descendants(Html + "section"), s => (string?)s.Attribute("id") == result.RuleId);
            var charts = section.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "metric").ToList();
            Assert.Equal(result.Metrics.Select(m => m.Name), charts.Select(c => (string?)c.Attribute("data-metric")));
            foreach (var (metric, chart) in result.Metrics.Zip(charts))
            {
                Assert.Equal(metric.Bad, double.Parse((string)chart.Attribute("data-bad")!, CultureInfo.InvariantCulture), 3);
                Assert.Equal(metric.Fixed, double.Parse((string)chart.Attribute("data-fixed")!, CultureInfo.InvariantCulture), 3);
                var bars = chart.Elements(Svg + "rect").Select(r => (string?)r.Attribute("class")).ToArray();
                Assert.Equal(new[] { "bad", "fixed" }, bars);
                var values = chart.Elements(Svg + "text").Where(t => (string?)t.Attribute("class") == "value").Select(t => t.Value).ToArray();
                Assert.StartsWith(FormatValue(metric.Bad), values[0]);
                Assert.StartsWith(FormatValue(metric.Fixed), values[1]);
            }

            Assert.Contains(result.Verdict, section.Value);
        }
    }

    [Fact]
    public async Task Time_based_scenario_is_drawn_as_lines_of_the_samples_it_took()
    {
        var result = await ScenarioCatalog.Find("SVH101")!.RunAsync(TestSettings.Small, CancellationToken.None);

        var connections = Assert.Single(result.Series, s => s.Name == "TCP connections accepted");
        // Sampled during the run: from none before the first request to what the metric reports at the end.
        Assert.True(connections.Bad.Count >= 3, $"{connections.Bad.Count} samples");
        Assert.Equal(0, connections.Bad[0].Value);
        Assert.Equal(result.Row("TCP connections accepted").Bad, connections.Bad[^1].Value);
        Assert.Equal(result.Row("TCP connections accepted").Fixed, connections.Fixed[^1].Value);
        Assert.True(connections.Bad.Zip(connections.Bad.Skip(1)).All(p => p.First.Milliseconds <= p.Second.Milliseconds && p.First.Value <= p.Second.Value));

        var page = XDocument.Parse(HtmlReport.Render(new[] { result }, DateTimeOffset.UnixEpoch));
        var lines = page.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "series").ToList();
        Assert.Equal(result.Series.Select(s => s.Name), lines.Select(g => (string?)g.Attribute("data-series")));
        foreach (var (series, chart) in result.Series.Zip(lines))
        {
            var polylines = chart.Elements(Svg + "polyline").ToDictionary(p => (string)p.Attribute("class")!);
            Assert.Equal(series.Bad.Count, ((string)polylines["bad"].Attribute("points")!).Split(' ').Length);
            Assert.Equal(series.Fixed.Count, ((string)polylines["fixed"].Attribute("points")!).Split(' ').Length);
            Assert.Equal(
                series.Bad.Select(p => p.Value),
                ((string)polylines["bad"].Attribute("data-points")!).Split(' ').Select(p => double.Parse(p.Split(':')[1], CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void Longer_bar_for_the_larger_value_on_each_metric()
    {
        var result = new ScenarioResult
        {
            RuleId = "SVH999",
            Title = "t",
            Measures = "m",
            Settings = TestSettings.Small,
            Metrics = [new MetricRow("connections", 20, 1, "conn"), new MetricRow("errors", 0, 3, "")],
            Verdict = "v",
            VerdictKind = VerdictKind.Confirmed,
        };

        var chart = XElement.Parse(HtmlReport.Chart(result));
        var widths = chart.Descendants(Svg + "rect").Where(r => r.Attribute("class") is not null).Select(r => int.Parse((string)r.Attribute("width")!, CultureInfo.InvariantCulture)).ToArray();

        Assert.True(widths[0] > 10 * widths[1], string.Join(",", widths)); // 20 vs 1
        Assert.True(widths[3] > widths[2], string.Join(",", widths));      // 0 vs 3
    }

    private static string FormatValue(double value) =>
        value.ToString(Math.Abs(value - Math.Round(value)) < 1e-9 ? "0" : "0.###", CultureInfo.InvariantCulture);
}
