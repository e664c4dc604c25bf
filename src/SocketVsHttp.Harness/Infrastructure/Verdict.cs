namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// What one scenario run showed about its rule's claim. Every verdict is read from both runs: the code in the bad column
/// and the code in the fixed column (<see cref="VariantPlan"/>).
/// </summary>
public enum VerdictKind
{
    /// <summary>The bad code misbehaved as the rule says and the fixed code did not, both measured in this run.</summary>
    Confirmed,

    /// <summary>The run did not show the claimed difference (the verdict text says what was expected and measured).</summary>
    NotConfirmed,

    /// <summary>
    /// What the rule claims cannot be shown on this machine (loopback, this OS or runtime); the verdict text says why and
    /// what was measured instead. Never counted as a confirmation.
    /// </summary>
    NotShownHere,
}

/// <summary>Display names of <see cref="VerdictKind"/>: the words used in the output, README and doc pages.</summary>
public static class VerdictKinds
{
    public static string Display(this VerdictKind kind) => kind switch
    {
        VerdictKind.Confirmed => "CONFIRMED",
        VerdictKind.NotConfirmed => "NOT CONFIRMED",
        _ => "NOT SHOWN HERE",
    };

    /// <summary>CONFIRMED or NOT CONFIRMED, for scenarios whose claim loopback can always show.</summary>
    public static VerdictKind From(bool confirmed) => confirmed ? VerdictKind.Confirmed : VerdictKind.NotConfirmed;
}
