using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// A call whose receiver and method are known although the call did not bind: an argument's type is missing (an assembly
/// the build cannot see, code being typed) or the arguments fit no overload. IOperation gives such a call as an
/// <see cref="IInvalidOperation"/>, not an <see cref="IInvocationOperation"/>; the compiler still names its candidates.
/// When every candidate has the same name and containing type, which method is called is known and only the overload
/// is not: a rule can classify the call by the candidate (is it <c>HttpHeaders.Add</c>? on which client?).
/// </summary>
/// <remarks>
/// To adopt it, register <see cref="OperationKind.Invalid"/> beside <see cref="OperationKind.Invocation"/> and match
/// <see cref="Method"/> and <see cref="Instance"/> as for an invocation. Arguments are not mapped to parameters (no
/// overload was chosen): a rule that needs an argument's meaning should not use this.
/// </remarks>
internal readonly struct CandidateInvocation
{
    private CandidateInvocation(IInvalidOperation operation, IMethodSymbol method, IOperation? instance)
    {
        Operation = operation;
        Method = method;
        Instance = instance;
    }

    /// <summary>The invalid operation whose syntax is the call.</summary>
    public IInvalidOperation Operation { get; }

    /// <summary>One of the candidates (they share name and containing type, so any of them answers "which method").</summary>
    public IMethodSymbol Method { get; }

    /// <summary>The receiver (<c>x</c> in <c>x.M(...)</c>), or null for a static call, a simple name, or a receiver the compiler did not keep.</summary>
    public IOperation? Instance { get; }

    /// <summary>
    /// The call <paramref name="operation"/> stands for, when its syntax is an invocation without syntax errors whose
    /// overload resolution failed (or was ambiguous) among candidates of one name and one containing type.
    /// </summary>
    public static bool TryCreate(IOperation operation, CancellationToken cancellationToken, out CandidateInvocation call)
    {
        call = default;
        if (operation is not IInvalidOperation invalid ||
            invalid.Syntax is not InvocationExpressionSyntax invocation ||
            invocation.ContainsDiagnostics ||
            invalid.SemanticModel is not { } model)
        {
            return false;
        }

        var info = model.GetSymbolInfo(invocation, cancellationToken);
        if (info.Symbol is not null ||
            info.CandidateReason is not (CandidateReason.OverloadResolutionFailure or CandidateReason.Ambiguous) ||
            SameMethod(info.CandidateSymbols) is not { } method)
        {
            return false;
        }

        call = new CandidateInvocation(invalid, method, Receiver(invalid, invocation, method));
        return true;
    }

    /// <summary>The first candidate when all are methods of one name declared by one type; else null.</summary>
    private static IMethodSymbol? SameMethod(ImmutableArray<ISymbol> candidates)
    {
        IMethodSymbol? first = null;
        foreach (var candidate in candidates)
        {
            if (candidate is not IMethodSymbol method)
            {
                return null;
            }

            if (first is null)
            {
                first = method;
                continue;
            }

            if (method.Name != first.Name ||
                !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, first.ContainingType?.OriginalDefinition))
            {
                return null;
            }
        }

        return first;
    }

    /// <summary>The child operation that is the member access's receiver (the compiler keeps it as the first child).</summary>
    private static IOperation? Receiver(IInvalidOperation invalid, InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        if (method.IsStatic && !method.IsExtensionMethod ||
            invocation.Expression is not MemberAccessExpressionSyntax memberAccess)
        {
            return null;
        }

        foreach (var child in invalid.ChildOperations)
        {
            if (child.Syntax == memberAccess.Expression)
            {
                return child;
            }
        }

        return null;
    }
}
