using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using Xunit;

namespace SocketVsHttp.Package.Tests;

/// <summary>What is inside the packed SocketVsHttp.nupkg.</summary>
[Collection(PackageCollection.Name)]
public class PackageContentTests
{
    private const string AnalyzerFolder = "analyzers/dotnet/cs/";

    private readonly PackageFixture fixture;

    public PackageContentTests(PackageFixture fixture) => this.fixture = fixture;

    [Fact]
    public void Exactly_the_analyzer_and_code_fix_assemblies_are_under_analyzers_dotnet_cs()
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());

        var analyzerEntries = package.Entries
            .Select(e => e.FullName)
            .Where(name => name.StartsWith("analyzers/", StringComparison.OrdinalIgnoreCase))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[] { AnalyzerFolder + "SocketVsHttp.Analyzers.dll", AnalyzerFolder + "SocketVsHttp.CodeFixes.dll" },
            analyzerEntries);
    }

    [Fact]
    public void Build_folder_holds_the_analysis_mode_presets_only()
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());

        var buildEntries = package.Entries
            .Select(e => e.FullName)
            .Where(name => name.StartsWith("build/", StringComparison.OrdinalIgnoreCase))
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(
            new[]
            {
                "build/SocketVsHttp.Errors.globalconfig",
                "build/SocketVsHttp.None.globalconfig",
                "build/SocketVsHttp.Recommended.globalconfig",
                "build/SocketVsHttp.props",
                "build/SocketVsHttp.targets",
            },
            buildEntries);
    }

    [Fact]
    public void Nothing_is_added_to_the_consumer_compile_or_build()
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());

        var forbidden = package.Entries
            .Select(e => e.FullName)
            .Where(name => name.StartsWith("lib/", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("ref/", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("runtimes/", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("content/", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("contentFiles/", StringComparison.OrdinalIgnoreCase)
                || name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)
                || name.Contains("SocketVsHttp.Package.dll", StringComparison.OrdinalIgnoreCase))
            .ToArray();

        Assert.Empty(forbidden);
    }

    [Fact]
    public void Nuspec_marks_a_development_dependency_without_dependencies()
    {
        var metadata = ReadNuspecMetadata(out _);

        Assert.Equal("SocketVsHttp", Child(metadata, "id")?.Value);
        Assert.Equal(fixture.Version, Child(metadata, "version")?.Value);
        Assert.Equal("true", Child(metadata, "developmentDependency")?.Value);

        var dependencies = Child(metadata, "dependencies");
        Assert.True(
            dependencies is null || !dependencies.Descendants().Any(e => e.Name.LocalName == "dependency"),
            $"The package must not depend on anything, found: {dependencies}");
    }

    [Fact]
    public void Nuspec_has_license_readme_and_project_links()
    {
        var metadata = ReadNuspecMetadata(out var package);
        using (package)
        {
            var license = Child(metadata, "license");
            Assert.NotNull(license);
            Assert.Equal("expression", license!.Attribute("type")?.Value);
            Assert.Equal("MIT", license.Value);

            var readme = Child(metadata, "readme")?.Value;
            Assert.False(string.IsNullOrEmpty(readme), "The nuspec names no readme.");
            var readmeEntry = package.GetEntry(readme!);
            Assert.NotNull(readmeEntry);
            using (var reader = new StreamReader(readmeEntry!.Open()))
            {
                Assert.Contains("dotnet add package SocketVsHttp", reader.ReadToEnd(), StringComparison.Ordinal);
            }

            Assert.Equal("https://github.com/socketvshttp/socketvshttp", Child(metadata, "projectUrl")?.Value);
            Assert.Equal("https://github.com/socketvshttp/socketvshttp", Child(metadata, "repository")?.Attribute("url")?.Value);
            Assert.Contains("AnalyzerReleases", Child(metadata, "releaseNotes")?.Value ?? string.Empty, StringComparison.Ordinal);
            Assert.Contains("analyzer", Child(metadata, "tags")?.Value ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Analyzer_assembly_does_not_reference_Workspaces()
    {
        // The compiler loads analyzers without Workspaces: an analyzer assembly that needs it fails to load in csc.
        var analyzerReferences = ReadAssemblyReferences(AnalyzerFolder + "SocketVsHttp.Analyzers.dll");
        Assert.Contains(analyzerReferences, r => r.Name == "Microsoft.CodeAnalysis");
        Assert.DoesNotContain(analyzerReferences, r => r.Name!.Contains("Workspaces", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SocketVsHttp.Analyzers.dll")]
    [InlineData("SocketVsHttp.CodeFixes.dll")]
    public void Assemblies_need_no_Roslyn_newer_than_4_8(string assemblyFile)
    {
        // Roslyn 4.8 is the floor the package promises (.NET 8 SDK and current IDEs load it).
        foreach (var reference in ReadAssemblyReferences(AnalyzerFolder + assemblyFile))
        {
            if (reference.Name!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            {
                Assert.True(reference.Version <= new Version(4, 8, 0, 0), $"{assemblyFile} references {reference}, newer than Roslyn 4.8.");
            }
        }
    }

    [Theory]
    [InlineData("SocketVsHttp.Analyzers.dll")]
    [InlineData("SocketVsHttp.CodeFixes.dll")]
    public void Assemblies_reference_no_System_Composition(string assemblyFile)
    {
        // Roslyn 4.8 hosts (Visual Studio 17.8, the .NET 8 SDK's dotnet format) carry System.Composition 7.0, and the
        // package source has only 8.0 and later: a reference to 8.0 would fail to bind there. The fixers are found by
        // their [ExportCodeFixProvider] attribute (defined in Workspaces); [Shared], the only System.Composition type
        // they used, is not needed by hosts that load fixers from packages.
        var references = ReadAssemblyReferences(AnalyzerFolder + assemblyFile);
        Assert.DoesNotContain(references, r => r.Name!.StartsWith("System.Composition", StringComparison.Ordinal));
    }

    private XElement ReadNuspecMetadata(out ZipArchive package)
    {
        package = ZipFile.OpenRead(fixture.RequirePackage());
        var nuspecEntries = package.Entries
            .Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
            .ToArray();
        var nuspec = Assert.Single(nuspecEntries);
        using var stream = nuspec.Open();
        var document = XDocument.Load(stream);
        var metadata = document.Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        Assert.NotNull(metadata);
        return metadata!;
    }

    private static XElement? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private IReadOnlyList<AssemblyName> ReadAssemblyReferences(string entryName)
    {
        using var package = ZipFile.OpenRead(fixture.RequirePackage());
        var entry = package.GetEntry(entryName);
        Assert.NotNull(entry);

        using var buffer = new MemoryStream();
        using (var stream = entry!.Open())
        {
            stream.CopyTo(buffer);
        }

        buffer.Position = 0;
        using var peReader = new PEReader(buffer);
        var reader = peReader.GetMetadataReader();
        var references = new List<AssemblyName>();
        foreach (var handle in reader.AssemblyReferences)
        {
            references.Add(reader.GetAssemblyReference(handle).GetAssemblyName());
        }

        return references;
    }
}
