using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Cli.Fixing;

/// <summary>A unified diff (as <c>diff -u</c> / <c>git diff</c> print it) of two texts, by lines, with 3 lines of context.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Of(string path, SourceText before, SourceText after)
    {
        var a = before.Lines.Select(l => l.ToString()).ToArray();
        var b = after.Lines.Select(l => l.ToString()).ToArray();
        var edits = Edits(a, b);
        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n').Append("+++ b/").Append(path).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            if (edits[i].Kind == ' ')
            {
                i++;
                continue;
            }

            // A hunk: from Context lines before this change to Context lines after the last change closer than 2*Context.
            var start = Math.Max(0, i - Context);
            var end = i;
            for (var j = i; j < edits.Count; j++)
            {
                if (edits[j].Kind != ' ')
                {
                    end = j;
                }
                else if (j - end > 2 * Context)
                {
                    break;
                }
            }

            end = Math.Min(edits.Count - 1, end + Context);
            var hunk = edits.GetRange(start, end - start + 1);
            var oldStart = hunk.First().OldLine;
            var newStart = hunk.First().NewLine;
            var oldCount = hunk.Count(e => e.Kind != '+');
            var newCount = hunk.Count(e => e.Kind != '-');
            output.Append($"@@ -{oldStart + (oldCount == 0 ? 0 : 1)},{oldCount} +{newStart + (newCount == 0 ? 0 : 1)},{newCount} @@\n");
            foreach (var edit in hunk)
            {
                output.Append(edit.Kind).Append(edit.Text).Append('\n');
            }

            i = end + 1;
        }

        return output.ToString();
    }

    private readonly record struct Edit(char Kind, string Text, int OldLine, int NewLine);

    /// <summary>The lines of both texts in order, each kept (' '), removed ('-') or added ('+'): a longest common subsequence.</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[prefix + x] == b[prefix + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var edits = new List<Edit>();
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k, k));
        }

        int p = 0, q = 0;
        while (p < n || q < m)
        {
            if (p < n && q < m && a[prefix + p] == b[prefix + q])
            {
                edits.Add(new Edit(' ', a[prefix + p], prefix + p, prefix + q));
                p++;
                q++;
            }
            else if (p < n && (q == m || lcs[p + 1, q] >= lcs[p, q + 1]))
            {
                edits.Add(new Edit('-', a[prefix + p], prefix + p, prefix + q));
                p++;
            }
            else
            {
                edits.Add(new Edit('+', b[prefix + q], prefix + p, prefix + q));
                q++;
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - suffix + k], a.Length - suffix + k, b.Length - suffix + k));
        }

        return edits;
    }
}
