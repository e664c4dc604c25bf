using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;

namespace SocketVsHttp.Tests.Quality;

/// <summary>The bad code in Quality/FixCorpus, compiled as one library (see its README).</summary>
public static class FixOfferCorpus
{
    public static string Folder => Path.Combine(RuleCatalog.RepositoryRoot(), "tests", "SocketVsHttp.Analyzers.Tests", "Quality", "FixCorpus");

    public static Task<Project> ProjectAsync() => FixApplier.CreateProjectAsync(
        OutputKind.DynamicallyLinkedLibrary,
        [.. Directory.GetFiles(Folder, "*.cs").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f))), ("Stubs.cs", Stubs.Source)]);
}
