using Microsoft.CodeAnalysis;
using SocketVsHttp.Cli.Reports;
using SocketVsHttp.Cli.Scanning;

namespace SocketVsHttp.Cli;

/// <summary>
/// <c>socketvshttp scan &lt;path&gt;</c> and <c>socketvshttp harness ...</c>. Exit codes: 0 nothing at or above
/// <c>--fail-on</c>; 1 findings at or above it; 2 a usage error, a path that cannot be loaded, or an analyzer exception.
/// </summary>
public static class CliApp
{
    public const int Ok = 0;
    public const int FindingsFound = 1;
    public const int UsageOrLoadError = 2;

    public const string Usage = """
        socketvshttp: the SocketVsHttp rules from the command line

        usage:
          socketvshttp scan <path> [options]     analyse a .sln/.slnx or .csproj, or a folder holding one (as MSBuild loads it, restored;
                                                 folder mode when it cannot be loaded) or a folder (folder mode)
          socketvshttp fix <path> [options]      apply the code fixes (Fix All per rule) and say what changed
          socketvshttp harness <list|run ...>    the runtime harness: each rule's bad and fixed code, measured

        scan options:
          --format text|json|sarif     output format (default: text)
          --output FILE                write the report to FILE instead of standard output
          --rules SVH101,SVH2*         only these rules (IDs, or prefixes ending in *)
          --severity info|warning|error
                                       lowest severity reported (default: info; each finding has its rule's
                                       severity after the scanned code's .editorconfig / .globalconfig)
          --fail-on warning|error|none exit code 1 when a reported finding is at or above this (default: warning)
          --baseline FILE              do not report the findings recorded in FILE
          --update-baseline            record every current finding in the --baseline FILE and exit 0
          --no-build                   folder mode for a .sln/.slnx/.csproj too: each folder with a .csproj
                                       compiled from its files against the SDK's reference packs (no restore)
          --timing                     also time the compiler alone on the same files and print both (stderr)

        fix options:
          --rules SVH101,SVH2*         only these rules' fixes
          --dry-run                    print a unified diff instead of writing the files
          --no-build                   as for scan

        exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error, load error or analyzer exception
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            stdout.WriteLine(Usage);
            return args.Length == 0 ? UsageOrLoadError : Ok;
        }

        return args[0] switch
        {
            "scan" => await ScanAsync(args[1..], stdout, stderr, ct).ConfigureAwait(false),
            "fix" => await FixAsync(args[1..], stdout, stderr, ct).ConfigureAwait(false),
            "harness" => await Harness.Infrastructure.Cli.RunAsync(args[1..], stdout, stderr, ct).ConfigureAwait(false),
            _ => UsageError(stderr, $"unknown command '{args[0]}'"),
        };
    }

    private static async Task<int> ScanAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string? path = null, output = null, baselinePath = null;
        var format = "text";
        var failOn = "warning";
        var updateBaseline = false;
        var options = new ScanOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            try
            {
                switch (args[i])
                {
                    case "--format":
                        format = Value();
                        if (format is not ("text" or "json" or "sarif"))
                        {
                            return UsageError(stderr, $"unknown format '{format}'");
                        }

                        break;
                    case "--output":
                        output = Value();
                        break;
                    case "--rules":
                        options = options with { Rules = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                        break;
                    case "--severity":
                        var severity = ParseSeverity(Value());
                        if (severity is null)
                        {
                            return UsageError(stderr, "--severity takes info, warning or error");
                        }

                        options = options with { MinimumSeverity = severity.Value };
                        break;
                    case "--fail-on":
                        failOn = Value();
                        if (failOn is not ("warning" or "error" or "none"))
                        {
                            return UsageError(stderr, "--fail-on takes warning, error or none");
                        }

                        break;
                    case "--baseline":
                        baselinePath = Value();
                        break;
                    case "--update-baseline":
                        updateBaseline = true;
                        break;
                    case "--no-build":
                        options = options with { NoBuild = true };
                        break;
                    case "--timing":
                        options = options with { Timing = true };
                        break;
                    default:
                        if (args[i].StartsWith('-') || path is not null)
                        {
                            return UsageError(stderr, $"unexpected argument '{args[i]}'");
                        }

                        path = args[i];
                        break;
                }
            }
            catch (ArgumentException e)
            {
                return UsageError(stderr, e.Message);
            }
        }

        if (path is null)
        {
            return UsageError(stderr, "scan needs a path (a folder, a .csproj or a .sln/.slnx)");
        }

        if (!Directory.Exists(path) && !File.Exists(path))
        {
            return UsageError(stderr, $"'{path}' does not exist");
        }

        if (updateBaseline && baselinePath is null)
        {
            return UsageError(stderr, "--update-baseline needs --baseline FILE");
        }

        if (options.Rules.Count > 0 && !Scanner.Rules.Any(d => options.MatchesRule(d.Id)))
        {
            return UsageError(stderr, $"--rules {string.Join(',', options.Rules)} matches no rule");
        }

        var showProgress = !Console.IsErrorRedirected && ReferenceEquals(stderr, Console.Error);
        ScanResult result;
        try
        {
            result = await Scanner.ScanAsync(path, options, showProgress ? p => stderr.Write($"\r{p}".PadRight(60)) : null, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("scan cancelled");
            return UsageOrLoadError;
        }

        if (showProgress)
        {
            stderr.WriteLine();
        }

        foreach (var warning in result.Warnings.Distinct())
        {
            stderr.WriteLine("warning: " + warning);
        }

        foreach (var timing in result.Timings)
        {
            stderr.WriteLine("timing: " + timing);
        }

        if (result.Projects == 0)
        {
            stderr.WriteLine($"error: no C# source found under '{path}'");
            return UsageOrLoadError;
        }

        if (updateBaseline)
        {
            var recorded = Baseline.From(result.Findings);
            recorded.Write(baselinePath!);
            stdout.WriteLine($"{recorded.Count} finding(s) recorded in {baselinePath}");
            return Ok;
        }

        var baselined = 0;
        if (baselinePath is not null)
        {
            if (!File.Exists(baselinePath))
            {
                return UsageError(stderr, $"baseline '{baselinePath}' does not exist (create it with --update-baseline)");
            }

            var fresh = Baseline.Read(baselinePath).New(result.Findings);
            baselined = result.Findings.Count - fresh.Count;
            result.Findings.Clear();
            result.Findings.AddRange(fresh);
        }

        await using (var target = output is null ? null : File.Create(output))
        {
            switch (format)
            {
                case "json":
                    WriteTo(target, stdout, s => Report.WriteJson(s, result, baselined));
                    break;
                case "sarif":
                    WriteTo(target, stdout, s => Report.WriteSarif(s, result));
                    break;
                default:
                    if (target is null)
                    {
                        Report.WriteText(stdout, result, baselined);
                    }
                    else
                    {
                        await using var writer = new StreamWriter(target);
                        Report.WriteText(writer, result, baselined);
                    }

                    break;
            }
        }

        foreach (var exception in result.Exceptions)
        {
            stderr.WriteLine("analyzer exception: " + exception);
        }

        if (result.Exceptions.Count > 0)
        {
            return UsageOrLoadError;
        }

        var threshold = failOn switch { "error" => DiagnosticSeverity.Error, "warning" => DiagnosticSeverity.Warning, _ => (DiagnosticSeverity?)null };
        return threshold is { } t && result.Findings.Any(f => f.Severity >= t) ? FindingsFound : Ok;
    }

    /// <summary><c>fix &lt;path&gt; [--rules ...] [--dry-run] [--no-build]</c>: exit 0 when it ran (whatever it fixed), 2 on a usage or load error.</summary>
    private static async Task<int> FixAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        string? path = null;
        var dryRun = false;
        var options = new ScanOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rules" when i + 1 < args.Length:
                    options = options with { Rules = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) };
                    break;
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--no-build":
                    options = options with { NoBuild = true };
                    break;
                default:
                    if (args[i].StartsWith('-') || path is not null)
                    {
                        return UsageError(stderr, $"unexpected argument '{args[i]}'");
                    }

                    path = args[i];
                    break;
            }
        }

        if (path is null || (!Directory.Exists(path) && !File.Exists(path)))
        {
            return UsageError(stderr, path is null ? "fix needs a path (a folder, a .csproj or a .sln/.slnx)" : $"'{path}' does not exist");
        }

        if (options.Rules.Count > 0 && !Scanner.Rules.Any(d => options.MatchesRule(d.Id)))
        {
            return UsageError(stderr, $"--rules {string.Join(',', options.Rules)} matches no rule");
        }

        Fixing.FixResult result;
        try
        {
            result = await Fixing.FixRunner.RunAsync(path, options, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("fix cancelled");
            return UsageOrLoadError;
        }

        foreach (var warning in result.Warnings)
        {
            stderr.WriteLine("warning: " + warning);
        }

        var root = Directory.Exists(path) ? Path.GetFullPath(path) : Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var rule in result.Rules)
        {
            stdout.WriteLine($"{rule.Rule}: fixed {rule.Fixed} of {rule.Before} finding(s){(rule.After > 0 ? $", {rule.After} left" : "")}{(rule.Note is null ? "" : $" ({rule.Note})")}");
        }

        foreach (var (file, before, after) in result.Changed.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            var relative = Scanner.Relative(root, file);
            if (dryRun)
            {
                stdout.Write(Fixing.UnifiedDiff.Of(relative, before, after));
            }
            else
            {
                await File.WriteAllTextAsync(file, after.ToString(), after.Encoding ?? before.Encoding ?? new System.Text.UTF8Encoding(false), ct).ConfigureAwait(false);
                stdout.WriteLine("changed: " + relative);
            }
        }

        stdout.WriteLine($"{result.Rules.Sum(r => r.Fixed)} finding(s) fixed in {result.Changed.Count} file(s){(dryRun ? " (dry run: nothing written)" : "")} ({result.Mode} mode)");
        return Ok;
    }

    private static void WriteTo(Stream? target, TextWriter stdout, Action<Stream> write)
    {
        if (target is not null)
        {
            write(target);
            return;
        }

        using var buffer = new MemoryStream();
        write(buffer);
        stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static DiagnosticSeverity? ParseSeverity(string value) => value switch
    {
        "info" => DiagnosticSeverity.Info,
        "warning" => DiagnosticSeverity.Warning,
        "error" => DiagnosticSeverity.Error,
        _ => null,
    };

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        stderr.WriteLine("run 'socketvshttp --help' for usage");
        return UsageOrLoadError;
    }
}
