using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// Helpers that change the HttpClient they are given (<c>static void SetBearerToken(this HttpClient client, string token)
/// { client.DefaultRequestHeaders.Authorization = ...; }</c>): what each one writes on which parameter, computed once
/// per method. A call that hands such a helper the shared client changes the shared client; the call is reported.
/// Only source methods of this compilation that no override can replace are read, and only writes in the helper's own
/// body (not in its lambdas or local functions, which may run later or never).
/// </summary>
internal sealed class ClientParameterWrites
{
    private readonly Compilation compilation;
    private readonly KnownTypes types;
    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<(int Ordinal, string Member)>> writes = new(SymbolEqualityComparer.Default);

    public ClientParameterWrites(Compilation compilation, KnownTypes types)
    {
        this.compilation = compilation;
        this.types = types;
    }

    /// <summary>The first write the called helper makes to a parameter, with the argument passed for it; false when none.</summary>
    public bool TryFind(IInvocationOperation invocation, CancellationToken cancellationToken, out IArgumentOperation argument, out string member)
    {
        argument = null!;
        member = null!;
        var method = invocation.TargetMethod.OriginalDefinition;
        if (method.MethodKind != MethodKind.Ordinary || !PassesClient(invocation) || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var found = writes.TryGetValue(method, out var known) ? known : writes.GetOrAdd(method, Compute(method, invocation, cancellationToken));
        foreach (var (ordinal, written) in found)
        {
            foreach (var candidate in invocation.Arguments)
            {
                if (candidate.Parameter?.Ordinal == ordinal && candidate.ArgumentKind == ArgumentKind.Explicit)
                {
                    argument = candidate;
                    member = written;
                    return true;
                }
            }
        }

        return false;
    }

    private bool PassesClient(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Value.WalkDownConversions().Type.IsOrDerivesFrom(types.HttpClient))
            {
                return true;
            }
        }

        return false;
    }

    private ImmutableArray<(int Ordinal, string Member)> Compute(IMethodSymbol method, IOperation from, CancellationToken cancellationToken)
    {
        if (method.IsAbstract || method.IsExtern || (method.IsVirtual || method.IsOverride) && !method.IsSealed && !method.ContainingType.IsSealed)
        {
            return ImmutableArray<(int, string)>.Empty;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (declaration is not MethodDeclarationSyntax || !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return ImmutableArray<(int, string)>.Empty;
        }

        var model = TypeBodies.ModelFor(declaration.SyntaxTree, from, compilation);
        if (model.GetOperation(declaration, cancellationToken) is not { } root)
        {
            return ImmutableArray<(int, string)>.Empty;
        }

        var result = ImmutableArray.CreateBuilder<(int, string)>();
        var reassigned = ImmutableHashSet<int>.Empty;
        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IParameterReferenceOperation target })
            {
                reassigned = reassigned.Add(target.Parameter.Ordinal);
                continue;
            }

            if (operation.EnclosingFunction() is null &&
                SharedClientMutation.TryMatch(operation, types, out var mutation, cancellationToken) &&
                mutation.Receiver.WalkDownConversions() is IParameterReferenceOperation { Parameter: var parameter } &&
                parameter.ContainingSymbol.OriginalDefinition.Is(method) &&
                parameter.RefKind == RefKind.None)
            {
                result.Add((parameter.Ordinal, mutation.Member));
            }
        }

        if (reassigned.IsEmpty)
        {
            return result.ToImmutable();
        }

        var kept = ImmutableArray.CreateBuilder<(int, string)>();
        foreach (var write in result)
        {
            if (!reassigned.Contains(write.Item1))
            {
                kept.Add(write);
            }
        }

        return kept.ToImmutable();
    }
}
