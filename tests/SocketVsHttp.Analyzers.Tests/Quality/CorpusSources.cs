using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Tests.Infrastructure;

namespace SocketVsHttp.Tests.Quality;

/// <summary>The C# the quality gates run on: the harness's bad/fixed scenarios, the samples, the valid corpus and every test snippet.</summary>
public static class CorpusSources
{
    private static readonly string Root = RuleCatalog.RepositoryRoot();

    /// <summary>Test snippets are written as `Usings + """..."""`: these stand in for the usings the constant adds.</summary>
    public const string GlobalUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Net;
        global using System.Net.Http;
        global using System.Net.Security;
        global using System.Net.Sockets;
        global using System.Net.WebSockets;
        global using System.Text;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <summary>The harness's bad scenario sources (realistic code that every rule with a scenario flags).</summary>
    public static string[] BadCode() => Files(Path.Combine(Root, "src", "SocketVsHttp.Harness", "Scenarios"), "Bad.cs");

    public static string[] Samples() => Directory.Exists(Path.Combine(Root, "samples"))
        ? Files(Path.Combine(Root, "samples"), "*.cs")
        : [];

    /// <summary>The code each scenario runs (Bad.cs and Fixed.cs), not the scenario classes that measure it.</summary>
    public static string[] ScenarioSources() =>
        [.. Files(Path.Combine(Root, "src", "SocketVsHttp.Harness", "Scenarios"), "Bad.cs"), .. Files(Path.Combine(Root, "src", "SocketVsHttp.Harness", "Scenarios"), "Fixed.cs")];

    public static string[] ValidCode() => Files(Path.Combine(Root, "tests", "ValidCode"), "*.cs");

    /// <summary>Every raw string literal in the analyzer test classes, markup removed: the snippets the rules were tested on.</summary>
    public static string[] TestSnippets(string testFilePattern = "*Tests.cs")
    {
        var snippets = new List<string>();
        foreach (var file in Files(Path.Combine(Root, "tests", "SocketVsHttp.Analyzers.Tests"), testFilePattern))
        {
            foreach (var token in CSharpSyntaxTree.ParseText(file).GetRoot().DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && token.ValueText.Contains(';'))
                {
                    snippets.Add(RemoveMarkup(token.ValueText));
                }
            }
        }

        return [.. snippets];
    }

    /// <summary>`{|SVH101:text|}` and `[|text|]` become `text`.</summary>
    public static string RemoveMarkup(string source) =>
        System.Text.RegularExpressions.Regex.Replace(source, @"\{\|[A-Z]+\d*:", string.Empty)
            .Replace("|}", string.Empty, StringComparison.Ordinal)
            .Replace("[|", string.Empty, StringComparison.Ordinal)
            .Replace("|]", string.Empty, StringComparison.Ordinal);

    private static string[] Files(string folder, string pattern) => Directory.Exists(folder)
        ? Directory.GetFiles(folder, pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                     && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .ToArray()
        : [];
}
