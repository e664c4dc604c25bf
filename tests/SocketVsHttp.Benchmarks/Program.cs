using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SocketVsHttp.Benchmarks;
using SocketVsHttp.Benchmarks.Analysis;
using SocketVsHttp.Benchmarks.Corpus;

// Usage: dotnet run -c Release --project tests/SocketVsHttp.Benchmarks -- [--quick] [--check] [--lines N] [--seed N]
//        [--concurrent] [--corpus plain,correct,bad] [--rounds N] [--per-rule] [--profile SUBJECT] [BenchmarkDotNet options, e.g. --filter *SVH201*]
// --quick: 10,000-line corpora, 3 rounds, BenchmarkDotNet cases only for the baselines, all rules and the peers (each
// rule's own cost then comes from the driver's per-analyzer times); the full run adds one BenchmarkDotNet case per rule.
var quick = false;
var perRule = false;
var checkOnly = false;
var concurrent = false;
int? lines = null;
var seed = 5;
int? repetitions = null;
string? profile = null;
ImmutableArray<CorpusKind>? corpora = null;
var libraryFolders = new List<string>();
string? libraryName = null;
var libraryPackages = new List<string>();
var libraryDefines = new List<string>();
var libraryUsings = false;
var errorsOnly = false;
var libraryGenerators = new List<string>();
var libraryNoWarn = new List<string>();
var benchmarkArgs = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick": quick = true; break;
        case "--check": checkOnly = true; break;
        case "--concurrent": concurrent = true; break;
        case "--lines": lines = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--rounds": repetitions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--per-rule": perRule = true; break;
        case "--profile": profile = args[++i]; break;
        case "--corpus":
            corpora = [.. args[++i].Split(',').Select(c => Enum.Parse<CorpusKind>(c, ignoreCase: true))];
            break;
        case "--library": libraryFolders.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--library-name": libraryName = args[++i]; break;
        case "--library-packages": libraryPackages.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--library-defines": libraryDefines.AddRange(args[++i].Split([',', ';'], StringSplitOptions.RemoveEmptyEntries)); break;
        case "--library-implicit-usings": libraryUsings = true; break;
        case "--errors": errorsOnly = true; break;
        case "--library-generators": libraryGenerators.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        case "--library-nowarn": libraryNoWarn.AddRange(args[++i].Split([',', ';'], StringSplitOptions.RemoveEmptyEntries)); break;
        default: benchmarkArgs.Add(args[i]); break;
    }
}

// --library DIR[,DIR]: the real-library corpus (d), added to the three generated ones unless --corpus says otherwise.
RealLibrarySettings? library = libraryFolders.Count == 0
    ? null
    : new RealLibrarySettings(
        libraryName ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(libraryFolders[^1]))),
        [.. libraryFolders.Select(Path.GetFullPath)],
        [.. libraryPackages],
        [.. libraryDefines],
        libraryUsings,
        [.. libraryNoWarn],
        [.. libraryGenerators.Select(Path.GetFullPath)]);
var selected = corpora ?? (library is null
    ? [CorpusKind.Plain, CorpusKind.Correct, CorpusKind.Bad]
    : [CorpusKind.Plain, CorpusKind.Correct, CorpusKind.Bad, CorpusKind.Library]);
if (selected.Contains(CorpusKind.Library) && library is null)
{
    Console.Error.WriteLine("--corpus library needs --library DIR (see README, Real-library corpus).");
    return 2;
}

Workload.Settings = new Settings(lines ?? (quick ? 10_000 : 40_000), seed, concurrent, perRule || !quick, selected, library);
Report.LibraryName = library?.Name;
Console.WriteLine($"SocketVsHttp benchmark: {(quick ? "quick" : "full")} mode, {Workload.Settings.Lines} lines per corpus, seed {seed}, " +
    $"{(concurrent ? "concurrent" : "sequential")} build and analysis, reference assemblies from {ReferenceAssemblies.Folder}");
Console.WriteLine($"Subjects: {string.Join(", ", Subject.All.Select(s => s.Name))}");
Console.WriteLine("The machine may be shared: wall-clock figures are noisy; the CPU-time and driver tables are the steadier ones.");

// --errors: only compile the corpora and list the compiler errors by ID (e.g. to set up a --library corpus).
if (errorsOnly)
{
    foreach (var corpus in selected)
    {
        var errors = SanityPass.FirstErrors(corpus, int.MaxValue).ToList();
        Console.WriteLine($"{corpus}: {Workload.Trees(corpus).Length} files, {errors.Count} compiler errors");
        foreach (var group in errors.GroupBy(e => e.Id).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"  {group.Key} x{group.Count()}, e.g. {group.First()}");
        }
    }

    return 0;
}

// --profile SUBJECT: only run that subject's analysis over the corpora, round after round, for a profiler to watch
// (e.g. dotnet-trace collect -- dotnet SocketVsHttp.Benchmarks.dll --quick --corpus bad --profile SVH203).
if (profile is not null)
{
    var subject = Subject.Get(profile);
    var rounds = repetitions ?? 20;
    var watch = System.Diagnostics.Stopwatch.StartNew();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var corpus in selected)
        {
            Workload.Run(corpus, subject);
        }
    }

    Console.WriteLine($"Profiled {subject.Name}: {rounds} rounds in {watch.ElapsedMilliseconds} ms.");
    return 0;
}

// 1. Sanity pass: the corpora compile, what each analyzer set finds, the driver's per-analyzer times.
var reports = new List<CorpusReport>();
foreach (var corpus in selected)
{
    var report = SanityPass.Run(corpus, repetitions ?? (quick ? 3 : 5));
    Console.WriteLine($"Checked and measured corpus {corpus}: {report.Files} files, {report.Lines} lines, {report.CompilerErrors} compiler errors.");
    reports.Add(report);
    if (corpus == CorpusKind.Library && report.CompilerErrors > 0)
    {
        // A real library compiled without its source generators or every package: the errors are reported, not fatal.
        foreach (var group in SanityPass.FirstErrors(corpus, int.MaxValue).GroupBy(e => e.Id).OrderByDescending(g => g.Count()).Take(15))
        {
            Console.WriteLine($"  library compiler errors {group.Key} x{group.Count()}, e.g. {group.First()}");
        }
    }
    else if (report.CompilerErrors > 0)
    {
        Console.Error.WriteLine($"Corpus {corpus} does not compile:");
        foreach (var error in SanityPass.FirstErrors(corpus, 10))
        {
            Console.Error.WriteLine("  " + error);
        }

        return 1;
    }
}

Console.WriteLine();
Console.WriteLine(Report.Corpora(reports));
Console.WriteLine(Report.CpuTimes(reports));
Console.WriteLine(Report.DriverTimes(reports));
if (checkOnly)
{
    Console.WriteLine(Report.Targets(reports, []));
    return reports.Any(r => r.AnalyzerExceptions.Length > 0) ? 1 : 0;
}

// 2. BenchmarkDotNet: in-process (the analyzers and peers are already loaded here), one invocation per iteration
//    (each operation takes seconds), so the Monitoring strategy with a small fixed iteration count.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithStrategy(RunStrategy.Monitoring)
    .WithLaunchCount(1)
    .WithWarmupCount(quick ? 1 : 2)
    .WithIterationCount(quick ? 3 : 10)
    .WithId(quick ? "Quick" : "Full");
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(job)
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .WithOptions(ConfigOptions.JoinSummary);
if (!benchmarkArgs.Contains("--filter"))
{
    benchmarkArgs.AddRange(["--filter", "*"]);
}

var summaries = BenchmarkSwitcher.FromTypes([typeof(AnalyzerBenchmarks)]).Run([.. benchmarkArgs], config);
var measurements = Report.FromSummaries(summaries);

// 3. The ratios.
Console.WriteLine();
Console.WriteLine("## SocketVsHttp performance summary");
Console.WriteLine();
Console.WriteLine(Report.Corpora(reports));
Console.WriteLine(Report.CpuTimes(reports));
Console.WriteLine(Report.DriverTimes(reports));
Console.WriteLine(Report.WallClock(measurements));
Console.WriteLine(Report.Targets(reports, measurements));
return 0;
