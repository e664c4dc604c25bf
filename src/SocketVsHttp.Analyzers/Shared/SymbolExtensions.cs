using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Shared;

internal static class SymbolExtensions
{
    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it (classes only).</summary>
    public static bool IsOrDerivesFrom(this ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
        {
            return false;
        }

        var name = baseType.Name;
        for (var current = type; current is not null; current = current.BaseType)
        {
            // Equal symbols have equal names: the name test is a cheap pre-check on a path taken for most operations of every compilation.
            if (current.Name == name && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is or derives from any of <paramref name="baseTypes"/>: one walk up the base types for all of them.</summary>
    public static bool IsOrDerivesFromAny(this ITypeSymbol? type, ImmutableArray<INamedTypeSymbol?> baseTypes)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            var name = current.Name;
            foreach (var baseType in baseTypes)
            {
                if (baseType is not null && baseType.Name == name && SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="type"/> is <paramref name="other"/> or implements it (interfaces) or derives from it (classes).</summary>
    public static bool IsAssignableTo(this ITypeSymbol? type, INamedTypeSymbol? other)
    {
        if (type is null || other is null)
        {
            return false;
        }

        if (other.TypeKind != TypeKind.Interface)
        {
            return type.IsOrDerivesFrom(other);
        }

        var name = other.Name;
        if (type.Name == name && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, other))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name == name && SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type whose code <paramref name="member"/> is (a member's containing type, or the type itself).</summary>
    public static INamedTypeSymbol? EnclosingType(this ISymbol member) => member as INamedTypeSymbol ?? member.ContainingType;

    /// <summary>True for a member whose containing type is (or derives from) <paramref name="type"/>.</summary>
    public static bool IsMemberOf(this ISymbol? member, INamedTypeSymbol? type) =>
        member is not null && member.ContainingType.IsOrDerivesFrom(type);

    /// <summary>Symbol equality (<see cref="SymbolEqualityComparer.Default"/>), after the cheap necessary test that the names match.</summary>
    public static bool Is(this ISymbol? symbol, ISymbol? other) =>
        symbol is not null && other is not null && symbol.Name == other.Name && SymbolEqualityComparer.Default.Equals(symbol, other);
}
