namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>One of a scenario's two source files.</summary>
public enum Variant
{
    /// <summary>The scenario's <c>Bad.cs</c>.</summary>
    Bad,

    /// <summary>The scenario's <c>Fixed.cs</c>.</summary>
    Fixed,
}

/// <summary>
/// Which code runs in which column. As written: <c>Bad.cs</c> in the bad column and <c>Fixed.cs</c> in the fixed column.
/// The other plans test the verdicts: with <see cref="FixedForBoth"/> or <see cref="Swapped"/> the difference a rule claims
/// is absent, so no scenario may say CONFIRMED. A scenario takes its code through <see cref="Select{T}"/> only, never by
/// naming <c>Bad.</c> / <c>Fixed.</c> types directly in a measurement.
/// </summary>
public sealed record VariantPlan(Variant BadColumn, Variant FixedColumn)
{
    public static readonly VariantPlan AsWritten = new(Variant.Bad, Variant.Fixed);

    /// <summary>Every <c>Bad.cs</c> replaced by its <c>Fixed.cs</c>.</summary>
    public static readonly VariantPlan FixedForBoth = new(Variant.Fixed, Variant.Fixed);

    /// <summary><c>Fixed.cs</c> in the bad column and <c>Bad.cs</c> in the fixed column.</summary>
    public static readonly VariantPlan Swapped = new(Variant.Fixed, Variant.Bad);

    /// <summary>The plans a user can name: <c>--variants as-written|fixed-for-both|swapped</c>.</summary>
    public static readonly (string Name, VariantPlan Plan)[] Named =
    {
        ("as-written", AsWritten),
        ("fixed-for-both", FixedForBoth),
        ("swapped", Swapped),
    };

    public bool IsAsWritten => BadColumn == Variant.Bad && FixedColumn == Variant.Fixed;

    /// <summary>
    /// The code for each column: <paramref name="bad"/> is what <c>Bad.cs</c> gives, <paramref name="fixed"/> what
    /// <c>Fixed.cs</c> gives (a method, a factory). Returns (bad column, fixed column) according to the plan.
    /// </summary>
    public (T Bad, T Fixed) Select<T>(T bad, T @fixed)
        => (BadColumn == Variant.Bad ? bad : @fixed, FixedColumn == Variant.Bad ? bad : @fixed);

    public string Name
    {
        get
        {
            foreach (var (name, plan) in Named)
            {
                if (plan == this)
                {
                    return name;
                }
            }

            return $"{BadColumn}/{FixedColumn}";
        }
    }

    public static VariantPlan? Parse(string name)
    {
        foreach (var (known, plan) in Named)
        {
            if (string.Equals(known, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return plan;
            }
        }

        return null;
    }

    public override string ToString() => Name;
}
