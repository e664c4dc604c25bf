using System.Collections.Immutable;
using System.Text;

namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>One generated source file.</summary>
public sealed record CorpusFile(string Path, string Text);

/// <summary>
/// Deterministic corpora: the same kind, seed and size always give the same files (System.Random with a seed is stable).
/// Classes are drawn from the template sets with a fixed mix per kind until the line target is reached.
/// </summary>
public static class CorpusGenerator
{
    private const int LinesPerFile = 1000;

    private const string PlainUsings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    private const string NetworkUsings = PlainUsings + """
        using System.Buffers;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Hosting;

        """;

    public static ImmutableArray<CorpusFile> Generate(CorpusKind kind, int seed, int targetLines)
    {
        var random = new Random(seed + (int)kind * 7919);
        var files = ImmutableArray.CreateBuilder<CorpusFile>();
        var header = kind == CorpusKind.Plain ? PlainUsings : NetworkUsings;
        var id = 0;
        var lines = 0;
        while (lines < targetLines)
        {
            var text = new StringBuilder(header);
            text.Append("namespace Corpus.").Append(kind).Append(".Part").Append(files.Count).Append(";\n\n");
            var fileLines = CountLines(text);
            while (fileLines < LinesPerFile && lines + fileLines < targetLines)
            {
                var template = Pick(kind, random);
                var type = template(new TemplateContext(random, id++));
                text.Append(type);
                fileLines += CountLines(type);
            }

            lines += fileLines;
            files.Add(new CorpusFile($"{kind}/Part{files.Count}.cs", text.ToString()));
        }

        return files.ToImmutable();
    }

    /// <summary>The mix per kind: (a) plain only; (b) 60% correct networking; (c) 65% bad patterns, 15% correct, 20% plain.</summary>
    private static Func<TemplateContext, string> Pick(CorpusKind kind, Random random)
    {
        var roll = random.Next(100);
        var set = kind switch
        {
            CorpusKind.Plain => PlainTemplates.All,
            CorpusKind.Correct => roll < 60 ? CorrectTemplates.All : PlainTemplates.All,
            _ => roll < 65 ? BadTemplates.All : roll < 80 ? CorrectTemplates.All : PlainTemplates.All,
        };
        return set[random.Next(set.Length)];
    }

    public static int CountLines(string text)
    {
        var count = 0;
        foreach (var ch in text)
        {
            if (ch == '\n')
            {
                count++;
            }
        }

        return count;
    }

    private static int CountLines(StringBuilder text) => CountLines(text.ToString());
}
