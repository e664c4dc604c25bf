using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// list | run &lt;ID&gt; | run all [--json] [--requests N] [--bound-ms MS] [--variants as-written|fixed-for-both|swapped]
/// Exit codes: 0 every scenario showed its rule's claim or said why this machine cannot (NOT SHOWN HERE),
/// 1 unknown rule ID, 2 usage error, 3 a scenario failed to run, 4 a scenario ran but did not show the claimed
/// difference (NOT CONFIRMED).
/// </summary>
public static class Cli
{
    public const int ExitOk = 0;
    public const int ExitUnknownId = 1;
    public const int ExitUsage = 2;
    public const int ExitScenarioFailed = 3;
    public const int ExitNotConfirmed = 4;

    public const string Usage =
        "usage: SocketVsHttp.Harness list\n" +
        "       SocketVsHttp.Harness run <ID>|all [--json] [--requests N] [--bound-ms MS] [--variants as-written|fixed-for-both|swapped] [--report FILE.html] [--svg FILE.svg] [--svg-series FILE.svg]";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (args.Length == 0)
        {
            error.WriteLine(Usage);
            return ExitUsage;
        }

        switch (args[0])
        {
            case "list" when args.Length == 1:
                PrintList(output);
                return ExitOk;
            case "run" when args.Length >= 2:
                return await RunScenariosAsync(args, output, error, ct).ConfigureAwait(false);
            default:
                error.WriteLine(Usage);
                return ExitUsage;
        }
    }

    private static void PrintList(TextWriter output)
    {
        var width = 0;
        foreach (var scenario in ScenarioCatalog.All)
        {
            width = Math.Max(width, scenario.RuleId.Length);
        }

        foreach (var scenario in ScenarioCatalog.All)
        {
            output.WriteLine($"{scenario.RuleId.PadRight(width)}  {scenario.Title}: {scenario.Measures}");
        }
    }

    private static async Task<int> RunScenariosAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var json = false;
        string? report = null, svg = null, svgSeries = null;
        var settings = new ScenarioSettings();
        for (var i = 2; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json":
                    json = true;
                    break;
                case "--report" when i + 1 < args.Length:
                    report = args[++i];
                    break;
                case "--svg" when i + 1 < args.Length:
                    svg = args[++i];
                    break;
                case "--svg-series" when i + 1 < args.Length:
                    svgSeries = args[++i];
                    break;
                case "--requests" when i + 1 < args.Length && TryPositive(args[i + 1], out var requests):
                    settings = settings with { Requests = requests };
                    i++;
                    break;
                case "--bound-ms" when i + 1 < args.Length && TryPositive(args[i + 1], out var boundMs):
                    settings = settings with { Bound = TimeSpan.FromMilliseconds(boundMs) };
                    i++;
                    break;
                case "--variants" when i + 1 < args.Length && VariantPlan.Parse(args[i + 1]) is { } plan:
                    settings = settings with { Variants = plan };
                    i++;
                    break;
                default:
                    error.WriteLine($"unknown or invalid option '{args[i]}'");
                    error.WriteLine(Usage);
                    return ExitUsage;
            }
        }

        var selected = new List<IScenario>();
        if (string.Equals(args[1], "all", StringComparison.OrdinalIgnoreCase))
        {
            selected.AddRange(ScenarioCatalog.All);
        }
        else if (ScenarioCatalog.Find(args[1]) is { } scenario)
        {
            selected.Add(scenario);
        }
        else
        {
            error.WriteLine($"unknown rule ID '{args[1]}'; known: {string.Join(", ", Ids())}");
            return ExitUnknownId;
        }

        var results = new List<ScenarioResult>();
        var exitCode = ExitOk;
        foreach (var scenario in selected)
        {
            ScenarioResult result;
            try
            {
                result = await scenario.RunAsync(settings, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error.WriteLine($"{scenario.RuleId}: scenario failed: {ex.GetType().Name}: {ex.Message}");
                exitCode = ExitScenarioFailed;
                continue;
            }

            results.Add(result);
            if (result.VerdictKind == VerdictKind.NotConfirmed && exitCode == ExitOk)
            {
                exitCode = ExitNotConfirmed;
            }

            if (!json)
            {
                TablePrinter.Print(result, output);
                output.WriteLine();
            }
        }

        if (json)
        {
            JsonOutput.Write(results, output);
        }
        else if (results.Count > 1)
        {
            PrintSummary(results, output);
        }

        if (report is not null)
        {
            File.WriteAllText(report, HtmlReport.Render(results, DateTimeOffset.UtcNow));
        }

        if (svg is not null && results.Count > 0)
        {
            File.WriteAllText(svg, HtmlReport.Chart(results[0]) + "\n");
        }

        if (svgSeries is not null && results.Count > 0 && results[0].Series.Count > 0)
        {
            File.WriteAllText(svgSeries, HtmlReport.SeriesChart(results[0].RuleId, results[0].Series[^1]) + "\n");
        }

        return exitCode;
    }

    /// <summary>One line per scenario: rule, verdict, and the basis (or the reason for NOT SHOWN HERE).</summary>
    private static void PrintSummary(IReadOnlyList<ScenarioResult> results, TextWriter output)
    {
        output.WriteLine("summary");
        foreach (var result in results)
        {
            output.WriteLine($"  {result.RuleId}  {result.VerdictKind.Display(),-14}  {result.Verdict}");
        }
    }

    private static bool TryPositive(string text, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;

    private static IEnumerable<string> Ids()
    {
        foreach (var scenario in ScenarioCatalog.All)
        {
            yield return scenario.RuleId;
        }
    }
}
