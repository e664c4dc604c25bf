using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

internal static class OperationExtensions
{
    /// <summary>The outermost operation of the conversion/parenthesis chain that wraps <paramref name="operation"/>.</summary>
    public static IOperation WalkUpConversions(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>The operation under all conversions and parentheses.</summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        var current = operation;
        while (true)
        {
            switch (current)
            {
                case IConversionOperation conversion:
                    current = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    current = parenthesized.Operand;
                    break;
                default:
                    return current;
            }
        }
    }

    /// <summary>
    /// The local, parameter or field that <paramref name="operation"/> names (under conversions and parentheses), or null.
    /// The one answer for "which variable is this" shared by the rules (SVH201, SVH202, SVH203).
    /// </summary>
    public static ISymbol? ReferencedSymbol(this IOperation? operation) => operation?.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    /// <summary>The lambda or local function <paramref name="operation"/> runs in, or null when it runs in the member body itself.</summary>
    public static IOperation? EnclosingFunction(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }
        }

        return null;
    }

    /// <summary>
    /// The operation runs once per process: it sits in the program's entry point (Main, top-level statements), outside any
    /// loop. Start-up code (SVH107's configuration) and one-shot steps whose handles the process exit closes (SVH210).
    /// </summary>
    public static bool IsOneShotStartUp(this IOperation operation, ISymbol containingSymbol, Compilation compilation, System.Threading.CancellationToken cancellationToken) =>
        containingSymbol is IMethodSymbol method
        && method.Is(compilation.GetEntryPoint(cancellationToken))
        && operation.EnclosingLoop() is null;

    /// <summary>The condition of a <c>while</c>, <c>do</c> or <c>for</c> loop; null for <c>foreach</c>, a <c>for</c> without one, and an until-loop (Visual Basic only).</summary>
    public static IOperation? Condition(this ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { ConditionIsUntil: false } whileLoop => whileLoop.Condition,
        IForLoopOperation forLoop => forLoop.Condition,
        _ => null,
    };

    /// <summary>The nearest loop around <paramref name="operation"/> within the same function (lambdas and local functions are boundaries).</summary>
    public static ILoopOperation? EnclosingLoop(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return loop;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The body that holds <paramref name="operation"/>: the enclosing lambda/local function body, else the member's root operation.</summary>
    public static IOperation EnclosingBody(this IOperation operation)
    {
        IOperation current = operation;
        while (current.Parent is not null)
        {
            if (current.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return current;
            }

            current = current.Parent;
        }

        return current;
    }

    /// <summary>The root of the member body or initializer that holds <paramref name="operation"/> (lambdas and local functions included).</summary>
    public static IOperation MemberRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    public static bool IsDescendantOf(this IOperation operation, IOperation ancestor)
    {
        for (var current = operation; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    public static T? FirstAncestor<T>(this IOperation operation)
        where T : class, IOperation
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
