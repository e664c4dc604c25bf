using Xunit;

namespace SocketVsHttp.Harness.Tests.Scenarios;

/// <summary>
/// Bad.cs and Fixed.cs must differ only in the namespace line and in the rewrite the rule's code fix makes.
/// (The analyzer tests apply the real fix to Bad.cs; this guards the harness copies from drifting.)
/// </summary>
public class SourcePairTests
{
    public static TheoryData<string> ScenarioIds => new() { "SVH101", "SVH201", "SVH301" };

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void BadAndFixed_DifferOnlyInNamespaceAndTheFix(string id)
    {
        var (bad, fixedSource) = Read(id);

        Assert.Contains($"namespace SocketVsHttp.Harness.Scenarios.{id}.Bad;", bad);
        Assert.Contains($"namespace SocketVsHttp.Harness.Scenarios.{id}.Fixed;", fixedSource);
        Assert.Equal(fixedSource, ApplyFix(id, bad.Replace($"{id}.Bad;", $"{id}.Fixed;", StringComparison.Ordinal)));
    }

    [Theory]
    [MemberData(nameof(ScenarioIds))]
    public void Sources_UseOnlyTheBcl(string id)
    {
        var (bad, fixedSource) = Read(id);
        foreach (var source in new[] { bad, fixedSource })
        {
            foreach (var line in source.Split('\n'))
            {
                if (line.StartsWith("using ", StringComparison.Ordinal))
                {
                    Assert.StartsWith("using System", line);
                }
            }

            Assert.DoesNotContain("SocketVsHttp.Harness.Infrastructure", source);
            Assert.DoesNotContain("\t", source);
        }
    }

    private static string ApplyFix(string id, string bad) => id switch
    {
        "SVH101" => bad
            .Replace(
                "public static class StatusClient\n{\n",
                "public static class StatusClient\n{\n    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });\n\n",
                StringComparison.Ordinal)
            .Replace("        using var client = new HttpClient();\n", "        var client = SharedHttpClient;\n", StringComparison.Ordinal),
        "SVH201" => bad.Replace(
            "            int n = stream.Read(buffer, 0, buffer.Length);\n",
            "            int n = stream.Read(buffer, 0, buffer.Length);\n            if (n == 0)\n            {\n                break;\n            }\n",
            StringComparison.Ordinal),
        "SVH301" => bad.Replace(
            "            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);\n",
            "            var result = await ws.ReceiveAsync(new ArraySegment<byte>(buffer), ct);\n            if (result.MessageType == WebSocketMessageType.Close)\n            {\n                await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);\n                break;\n            }\n",
            StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(id)),
    };

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
