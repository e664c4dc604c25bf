using SocketVsHttp.RealWorld;
using Xunit;

namespace SocketVsHttp.Analyzers.Tests.RealWorld;

/// <summary>The real-world runner's matching of findings with labels (tests/RealWorld, REALWORLD.md).</summary>
public class LabelMatchingTests
{
    private static Finding At(string rule, params (string Path, int Line)[] places) =>
        new(rule, places.Select(p => new Place(p.Path, p.Line)).ToList(), "message");

    private static Label Defect(string path, int line, string rule) => new(path, line, rule, Defect: true, "why");

    private static Label Correct(string path, int line, string rule) => new(path, line, rule, Defect: false, "why");

    [Fact]
    public void DefectWithFindingIsTruePositive_CorrectWithFindingIsFalsePositive()
    {
        var matched = Suite.Match(
            [At("SVH101", ("a.cs", 10)), At("SVH105", ("a.cs", 20))],
            [Defect("a.cs", 10, "SVH101"), Correct("a.cs", 20, "SVH105")]);

        Assert.Equal([FindingStatus.TP, FindingStatus.FP], matched.Findings.Select(f => f.Status));
        Assert.Equal([LabelStatus.TP, LabelStatus.FP], matched.Labels.Select(l => l.Status));
    }

    [Fact]
    public void DefectWithoutFindingIsMiss_CorrectWithoutFindingIsSilent_FindingWithoutLabelIsNew()
    {
        var matched = Suite.Match(
            [At("SVH204", ("b.cs", 3))],
            [Defect("a.cs", 10, "SVH101"), Correct("a.cs", 20, "SVH105")]);

        Assert.Equal([FindingStatus.NEW], matched.Findings.Select(f => f.Status));
        Assert.Equal([LabelStatus.Miss, LabelStatus.Silent], matched.Labels.Select(l => l.Status));
    }

    [Fact]
    public void AdditionalLocationMatches_OtherRuleOrLineOrPathDoesNot()
    {
        var matched = Suite.Match(
            [At("SVH101", ("helper.cs", 5), ("caller.cs", 40))],
            [Defect("caller.cs", 40, "SVH101"), Defect("helper.cs", 5, "SVH102"), Defect("helper.cs", 6, "SVH101"), Defect("other.cs", 5, "SVH101")]);

        Assert.Equal(FindingStatus.TP, Assert.Single(matched.Findings).Status);
        Assert.Equal([LabelStatus.TP, LabelStatus.Miss, LabelStatus.Miss, LabelStatus.Miss], matched.Labels.Select(l => l.Status));
    }

    [Fact]
    public void ScopePrefixesMatchWholeFolders()
    {
        var row = new ManifestRow("o/n", new string('0', 40), "app", ["src/Net", "tools"], "what");

        Assert.True(row.InScope("src/Net/Client.cs"));
        Assert.True(row.InScope("tools/x.cs"));
        Assert.False(row.InScope("src/Network/Client.cs"));
        Assert.False(row.InScope("test/x.cs"));
        Assert.True(new ManifestRow("o/n", new string('0', 40), "app", ["."], "what").InScope("any/x.cs"));
    }
}
