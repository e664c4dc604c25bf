using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// The storage a receive call fills (<c>buffer</c>, <c>new ArraySegment&lt;byte&gt;(buffer)</c>, <c>buffer.AsMemory()</c>, a segment
/// local over it) and the byte views later derived from it, so a rule can tell which later calls look at the received bytes.
/// </summary>
internal static class ReceiveBuffers
{
    /// <summary>
    /// The locals, parameters and fields the receive's buffer argument names, directly or through a view
    /// (<c>new ArraySegment&lt;byte&gt;(buffer, ...)</c>, <c>buffer.AsMemory(...)</c>, <c>new Memory&lt;byte&gt;(buffer)</c>),
    /// plus the buffer under a local segment/memory that was initialised from one (<c>var segment = new ArraySegment&lt;byte&gt;(buffer)</c>).
    /// </summary>
    public static HashSet<ISymbol> SymbolsOf(IOperation bufferArgument)
    {
        var symbols = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        AddNamed(bufferArgument, symbols);
        var snapshot = new List<ISymbol>(symbols);
        foreach (var symbol in snapshot)
        {
            if (symbol is ILocalSymbol local && InitializerOf(local, bufferArgument) is { } initializer)
            {
                AddNamed(initializer, symbols);
            }
        }

        return symbols;
    }

    /// <summary>True when <paramref name="operation"/> or anything under it reads one of <paramref name="symbols"/>.</summary>
    public static bool References(IOperation operation, HashSet<ISymbol> symbols)
    {
        if (operation.ReferencedSymbol() is { } direct && symbols.Contains(direct))
        {
            return true;
        }

        foreach (var descendant in operation.Descendants())
        {
            if (descendant.ReferencedSymbol() is { } symbol && symbols.Contains(symbol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>byte[], ArraySegment&lt;byte&gt;, (ReadOnly)Memory&lt;byte&gt;, (ReadOnly)Span&lt;byte&gt;.</summary>
    public static bool IsByteSequence(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol { Rank: 1, ElementType.SpecialType: SpecialType.System_Byte }:
                return true;
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
                when named.TypeArguments[0].SpecialType == SpecialType.System_Byte
                     && named.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true }:
                return named.Name is "ArraySegment" or "Memory" or "ReadOnlyMemory" or "Span" or "ReadOnlySpan";
            default:
                return false;
        }
    }

    /// <summary>Follows views: the named storage under conversions, segment/memory constructors and AsMemory/AsSpan/Slice.</summary>
    private static void AddNamed(IOperation value, HashSet<ISymbol> symbols)
    {
        var current = value.WalkDownConversions();
        switch (current)
        {
            case IObjectCreationOperation creation when IsByteSequence(creation.Type) && creation.Arguments.Length > 0:
                AddNamed(creation.Arguments[0].Value, symbols);
                return;
            case IInvocationOperation { TargetMethod.Name: "AsMemory" or "AsSpan" or "Slice" } view:
                if (view.Instance is { } instance)
                {
                    AddNamed(instance, symbols);
                }
                else if (view.Arguments.Length > 0)
                {
                    AddNamed(view.Arguments[0].Value, symbols);
                }

                return;
            default:
                if (current.ReferencedSymbol() is { } symbol)
                {
                    symbols.Add(symbol);
                }

                return;
        }
    }

    private static IOperation? InitializerOf(ILocalSymbol local, IOperation anyOperationInBody)
    {
        var root = anyOperationInBody.MemberRoot();

        foreach (var operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator && declarator.Symbol.Is(local))
            {
                return declarator.GetVariableInitializer()?.Value;
            }
        }

        return null;
    }
}
