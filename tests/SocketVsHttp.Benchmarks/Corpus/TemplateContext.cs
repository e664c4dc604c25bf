namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>What a template needs to write one class: a unique id and the seeded random source.</summary>
public sealed class TemplateContext(Random random, int id)
{
    private static readonly string[] Nouns =
    [
        "Order", "Invoice", "Customer", "Ledger", "Report", "Sensor", "Reading", "Account", "Payment", "Shipment",
        "Catalog", "Price", "Quote", "Ticket", "Session", "Metric", "Feed", "Quota", "Profile", "Batch",
    ];

    private static readonly string[] Verbs = ["Load", "Fetch", "Sync", "Push", "Pull", "Poll", "Read", "Send", "Check", "Refresh"];

    public Random Random { get; } = random;

    public int Id { get; } = id;

    public string Noun => Nouns[Id % Nouns.Length];

    public string Verb => Verbs[(Id / Nouns.Length) % Verbs.Length];

    /// <summary>A class name unique in the corpus.</summary>
    public string Name(string suffix) => Noun + suffix + Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public int Int(int min, int max) => Random.Next(min, max);

    public string Host => "https://" + Noun.ToLowerInvariant() + Int(1, 9) + ".example/";

    public int Port => 9000 + Int(0, 900);

    /// <summary>Repeats a member template a random number of times with distinct indexes.</summary>
    public string Repeat(int min, int max, Func<int, string> member)
    {
        var count = Int(min, max + 1);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(member(i));
        }

        return builder.ToString();
    }
}
