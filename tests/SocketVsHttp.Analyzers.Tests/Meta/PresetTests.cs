using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>
/// The SocketVsHttpAnalysisMode presets shipped in the package's build/ folder list every rule, with the mode's severity,
/// and nothing else. On drift the failure message carries the file's expected text.
/// </summary>
public class PresetTests
{
    private static readonly string BuildFolder = Path.Combine(RuleCatalog.RepositoryRoot(), "src", "SocketVsHttp.Package", "build");

    [Theory]
    [InlineData("Recommended", "every rule a warning, the Info rules too", "warning")]
    [InlineData("Errors", "every rule an error", "error")]
    [InlineData("None", "every rule off", "none")]
    public void Preset_lists_every_rule_with_the_mode_severity(string mode, string what, string severity)
    {
        var expected = string.Join(
            "\n",
            new[]
            {
                $"# SocketVsHttp preset '{mode}': {what}. Chosen with <SocketVsHttpAnalysisMode>{mode}</SocketVsHttpAnalysisMode>.",
                "# Kept in step with the descriptors by PresetTests; a rule's own .editorconfig line wins over it.",
                "is_global = true",
                "global_level = -90",
                string.Empty,
            }.Concat(RuleCatalog.Descriptors.Select(d => $"dotnet_diagnostic.{d.Id}.severity = {severity}"))) + "\n";

        var path = Path.Combine(BuildFolder, $"SocketVsHttp.{mode}.globalconfig");
        Assert.True(File.Exists(path), "missing " + path);
        var actual = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(expected == actual, $"{path} is out of step with the descriptors; expected:\n{expected}");
    }

    [Fact]
    public void Targets_offer_exactly_the_modes_that_have_a_preset_file()
    {
        var modes = Directory.GetFiles(BuildFolder, "SocketVsHttp.*.globalconfig")
            .Select(f => Path.GetFileName(f)["SocketVsHttp.".Length..^".globalconfig".Length])
            .Append("Default")
            .OrderBy(m => m, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { "Default", "Errors", "None", "Recommended" }, modes);

        var targets = File.ReadAllText(Path.Combine(BuildFolder, "SocketVsHttp.targets"));
        Assert.Contains("is not one of Default, Recommended, Errors, None.", targets);
        var props = File.ReadAllText(Path.Combine(BuildFolder, "SocketVsHttp.props"));
        foreach (var mode in modes)
        {
            Assert.Contains(mode, props);
        }
    }

    [Fact]
    public void Every_rule_is_enabled_by_default_so_the_presets_only_change_severity()
    {
        Assert.All(RuleCatalog.Descriptors, d => Assert.True(d.IsEnabledByDefault && d.DefaultSeverity != DiagnosticSeverity.Hidden, d.Id));
    }
}
