using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// The CancellationToken parameters and locals that code at a given operation can pass on: SVH109 asks whether a token
/// is in scope, and the SVH105/SVH110 synchronous-send fixes pass the one that is.
/// </summary>
internal static class CancellationTokenScope
{
    /// <summary>
    /// The tokens of the innermost function (lambda, local function, then the member) that has any: its CancellationToken
    /// parameters and the CancellationToken locals declared before <paramref name="operation"/>. A static lambda or local
    /// function ends the search (it cannot capture). Empty when no token is in scope.
    /// </summary>
    public static ImmutableArray<ISymbol> Find(IOperation operation, ISymbol containingSymbol, INamedTypeSymbol cancellationToken)
    {
        var position = operation.Syntax.SpanStart;
        var found = ImmutableArray.CreateBuilder<ISymbol>();
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IBlockOperation block:
                    AddLocals(block.Locals, position, cancellationToken, found);
                    break;
                case ILoopOperation loop:
                    AddLocals(loop.Locals, position, cancellationToken, found);
                    break;
                case IUsingOperation @using:
                    AddLocals(@using.Locals, position, cancellationToken, found);
                    break;
                case IAnonymousFunctionOperation { Symbol: var lambda }:
                    if (Done(lambda, cancellationToken, found))
                    {
                        return found.ToImmutable();
                    }

                    break;
                case ILocalFunctionOperation { Symbol: var localFunction }:
                    if (Done(localFunction, cancellationToken, found))
                    {
                        return found.ToImmutable();
                    }

                    break;
            }
        }

        if (containingSymbol is IMethodSymbol method)
        {
            AddParameters(method, cancellationToken, found);
        }

        return found.ToImmutable();
    }

    /// <summary>Adds the function's parameters; true when the search ends here (tokens found, or a static function).</summary>
    private static bool Done(IMethodSymbol function, INamedTypeSymbol cancellationToken, ImmutableArray<ISymbol>.Builder found)
    {
        AddParameters(function, cancellationToken, found);
        return found.Count > 0 || function.IsStatic;
    }

    private static void AddParameters(IMethodSymbol method, INamedTypeSymbol cancellationToken, ImmutableArray<ISymbol>.Builder found)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Type.Is(cancellationToken) && parameter.RefKind != RefKind.Out)
            {
                found.Add(parameter);
            }
        }
    }

    private static void AddLocals(ImmutableArray<ILocalSymbol> locals, int position, INamedTypeSymbol cancellationToken, ImmutableArray<ISymbol>.Builder found)
    {
        foreach (var local in locals)
        {
            if (local.Type.Is(cancellationToken) &&
                local.DeclaringSyntaxReferences.Length == 1 &&
                local.DeclaringSyntaxReferences[0].Span.End <= position)
            {
                found.Add(local);
            }
        }
    }
}
