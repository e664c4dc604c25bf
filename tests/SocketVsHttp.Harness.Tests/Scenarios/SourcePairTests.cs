using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>
/// Bad.cs and Fixed.cs are BCL-only variants of one class. That Fixed.cs is exactly the real code fix's output is proven
/// in tests/SocketVsHttp.Analyzers.Tests/Meta/HarnessScenarioFixTests.cs, which applies the fixer to Bad.cs.
/// </summary>
public class SourcePairTests
{
    public static TheoryData<string> ScenarioIds()
    {
        var data = new TheoryData<string>();
        foreach (var folder in Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(folder));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Bad_and_fixed_are_distinct_variants_of_one_class(string id)
    {
        var (bad, fixedSource) = Read(id);

        Assert.Contains($"namespace SocketVsHttp.Harness.Scenarios.{id}.Bad;", bad);
        Assert.Contains($"namespace SocketVsHttp.Harness.Scenarios.{id}.Fixed;", fixedSource);
        Assert.NotEqual(bad.Replace($"{id}.Bad;", $"{id}.Fixed;", StringComparison.Ordinal), fixedSource);
    }

    /// <summary>The rules about a client library's own type (SVH111: GrpcChannel, SVH209: the Redis client) use that library too.</summary>
    private static readonly Dictionary<string, string> LibraryUsings = new(StringComparer.Ordinal)
    {
        ["SVH111"] = "Grpc.",
        ["SVH209"] = "StackExchange.Redis",
    };

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Sources_UseOnlyTheBcl(string id)
    {
        var (bad, fixedSource) = Read(id);
        foreach (var source in new[] { bad, fixedSource })
        {
            foreach (var line in source.Split('\n'))
            {
                if (line.StartsWith("using ", StringComparison.Ordinal) &&
                    !(LibraryUsings.TryGetValue(id, out var library) && line.StartsWith("using " + library, StringComparison.Ordinal)))
                {
                    Assert.StartsWith("using System", line);
                }
            }

            Assert.DoesNotContain("SocketVsHttp.Harness.Infrastructure", source);
            Assert.DoesNotContain("\t", source);
        }
    }

    private static (string Bad, string Fixed) Read(string id)
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "SocketVsHttp.Harness", "Scenarios", id);
        return (Normalize(File.ReadAllText(Path.Combine(folder, "Bad.cs"))), Normalize(File.ReadAllText(Path.Combine(folder, "Fixed.cs"))));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketVsHttp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("SocketVsHttp.sln not found above " + AppContext.BaseDirectory);
    }
}
