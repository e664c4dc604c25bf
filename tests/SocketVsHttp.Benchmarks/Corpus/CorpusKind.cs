namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>The three corpora of issue 5.</summary>
public enum CorpusKind
{
    /// <summary>(a) ordinary C# with no System.Net use at all.</summary>
    Plain,

    /// <summary>(b) correct networking code: shared clients, factories, receive loops that check for 0 and catch, WebSocket loops that handle Close.</summary>
    Correct,

    /// <summary>(c) code full of the catalog's bad patterns.</summary>
    Bad,

    /// <summary>(d) a real open-source library compiled from source (<c>--library</c>; see Analysis/RealLibrary.cs).</summary>
    Library,
}
