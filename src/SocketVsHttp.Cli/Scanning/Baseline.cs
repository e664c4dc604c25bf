using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocketVsHttp.Cli.Scanning;

/// <summary>
/// Findings recorded once and not reported again, so a large codebase can adopt the rules and gate only new findings.
/// A finding is known by its rule, file, enclosing member and a hash of its line's trimmed text: editing other lines,
/// or moving the member, leaves it recorded; changing the line itself makes it new. Equal keys count: a baseline with
/// one entry hides one of two identical findings.
/// </summary>
public sealed class Baseline
{
    public const int FormatVersion = 1;

    private readonly Dictionary<string, int> counts;

    private Baseline(Dictionary<string, int> counts) => this.counts = counts;

    public int Count => counts.Values.Sum();

    public static string Key(string rule, string path, string member, string lineText) =>
        $"{rule}|{path}|{member}|{Hash(lineText)}";

    private static string Hash(string lineText) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(lineText.Trim())), 0, 8);

    public static Baseline From(IEnumerable<Finding> findings) =>
        new(findings.GroupBy(f => f.BaselineKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));

    public static Baseline Read(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        var root = document.RootElement;
        if (!root.TryGetProperty("version", out var version) || version.GetInt32() != FormatVersion)
        {
            throw new FormatException($"{file} is not a SocketVsHttp baseline of version {FormatVersion}");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in root.GetProperty("findings").EnumerateArray())
        {
            var key = string.Join(
                '|',
                entry.GetProperty("rule").GetString(),
                entry.GetProperty("file").GetString(),
                entry.GetProperty("member").GetString(),
                entry.GetProperty("hash").GetString());
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return new Baseline(counts);
    }

    public void Write(string file)
    {
        using var stream = File.Create(file);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("version", FormatVersion);
        writer.WriteStartArray("findings");
        foreach (var (key, count) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var parts = key.Split('|');
            for (var i = 0; i < count; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("rule", parts[0]);
                writer.WriteString("file", parts[1]);
                writer.WriteString("member", parts[2]);
                writer.WriteString("hash", parts[3]);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The findings the baseline does not cover (each recorded key hides as many findings as it was recorded).</summary>
    public IReadOnlyList<Finding> New(IEnumerable<Finding> findings)
    {
        var left = new Dictionary<string, int>(counts, StringComparer.Ordinal);
        var fresh = new List<Finding>();
        foreach (var finding in findings)
        {
            var key = finding.BaselineKey;
            if (left.TryGetValue(key, out var remaining) && remaining > 0)
            {
                left[key] = remaining - 1;
            }
            else
            {
                fresh.Add(finding);
            }
        }

        return fresh;
    }
}
