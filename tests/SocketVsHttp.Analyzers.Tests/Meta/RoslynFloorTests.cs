using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// Every analyzer and fix test in this assembly runs on Roslyn 4.8.0 itself (the floor the package promises), and the
/// fixers are discoverable the way package hosts find them: a public type with [ExportCodeFixProvider] and a public
/// parameterless constructor, with nothing from System.Composition needed.
/// </summary>
public class RoslynFloorTests
{
    [Fact]
    public void Tests_run_on_Roslyn_4_8_0()
    {
        Assert.Equal(new Version(4, 8, 0, 0), typeof(Compilation).Assembly.GetName().Version);
        Assert.Equal(new Version(4, 8, 0, 0), typeof(CodeFixProvider).Assembly.GetName().Version);
    }

    [Fact]
    public void Fixers_are_found_by_their_export_attribute_without_System_Composition()
    {
        var assembly = typeof(SocketVsHttp.Http.HttpClientPerOperationFixer).Assembly;
        Assert.DoesNotContain(assembly.GetReferencedAssemblies(), r => r.Name!.StartsWith("System.Composition", StringComparison.Ordinal));

        var exported = assembly.GetTypes()
            .Where(t => t.GetCustomAttributes(typeof(ExportCodeFixProviderAttribute), inherit: false).Length > 0)
            .ToArray();
        Assert.NotEmpty(exported);
        Assert.All(exported, t =>
        {
            Assert.True(t.IsPublic && !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t), t.FullName);
            var fixer = (CodeFixProvider)Activator.CreateInstance(t)!;
            Assert.NotEmpty(fixer.FixableDiagnosticIds);
        });

        // Every rule the catalog lists with a fix has an exported fixer.
        var fixable = exported.Select(t => (CodeFixProvider)Activator.CreateInstance(t)!).SelectMany(f => f.FixableDiagnosticIds).ToHashSet();
        Assert.All(RuleCatalog.ImplementedIds.Where(id => RuleCatalog.FixerFor(id) is not null), id => Assert.Contains(id, fixable));
    }
}
