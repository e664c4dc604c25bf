using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>Catch shape: set when the socket's declaration comes before the try, so each catch can close it.</summary>
    public const string CloseInCatchFix = "CloseInCatch";

    /// <summary>
    /// A socket created into a local and connected inside a <c>try</c>: a <c>catch</c> that catches the connect failure,
    /// does not mention the socket and does not rethrow, after which nothing closes it (the catch leaves, or no code after
    /// the try uses the local). Silent when the method closes the socket anywhere (closed on the success path only is
    /// SVH208's), when a catch or finally mentions it, when it is captured, or when it is handed on before the connect.
    /// </summary>
    /// <returns>True when it reported.</returns>
    private static bool AnalyzeConnectInTry(
        OperationAnalysisContext context, IObjectCreationOperation creation, ILocalSymbol local, KnownTypes types, TypeFactsCache<TypeFacts> cache, INamedTypeSymbol type)
    {
        if (IsOneShotProgramStep(context, creation))
        {
            return false;
        }

        var function = creation.EnclosingFunction();
        var references = new List<ILocalReferenceOperation>();
        IInvocationOperation? connect = null;
        foreach (var operation in creation.MemberRoot().Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference when reference.Local.Is(local):
                    if (reference.EnclosingFunction() != function)
                    {
                        return false;
                    }

                    references.Add(reference);
                    break;
                case IInvocationOperation invocation when TcpCallKinds.Receiver(invocation) is { } receiver
                    && SocketOwners.Find(receiver, types, null) is ILocalSymbol owner && owner.Is(local):
                    var kind = TcpCallKinds.Classify(invocation, types);
                    if (kind == TcpCallKind.Close || invocation.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync")
                    {
                        // Closed somewhere: correct, or closed on the success path only (SVH208 speaks).
                        return false;
                    }

                    if (kind == TcpCallKind.Connect && connect is null && invocation.Syntax.SpanStart > creation.Syntax.SpanStart)
                    {
                        connect = invocation;
                    }

                    break;
            }
        }

        if (connect is null || EnclosingTryWithCatches(connect) is not { } @try
            || !(creation.Syntax.SpanStart < @try.Syntax.SpanStart || creation.IsDescendantOf(@try.Body)))
        {
            return false;
        }

        var afterTry = false;
        var facts = cache.Get(type, creation, context.Compilation, context.CancellationToken);
        foreach (var reference in references)
        {
            if (IsInCatchOrFinally(reference))
            {
                return false;
            }

            var position = reference.Syntax.SpanStart;
            if (position >= @try.Syntax.Span.End)
            {
                afterTry = true;
            }
            else if (position < connect.Syntax.SpanStart && !IsStoreTarget(reference))
            {
                // Before the connect: handed to another owner (a list, a field, a wrapper returned...) means not ours.
                var walk = new OwnershipWalk(types, facts.Methods);
                walk.Follow(reference);
                if (walk.Released)
                {
                    return false;
                }
            }
        }

        var leaking = new List<Location>();
        foreach (var @catch in @try.Catches)
        {
            if (CatchesConnectFailure(@catch, types) && !Rethrows(@catch) && (Leaves(@catch) || !afterTry))
            {
                leaking.Add(@catch.Syntax.GetLocation());
            }
        }

        if (leaking.Count == 0)
        {
            return false;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeKey, CatchShape);
        if (SocketOwners.StoredIn(creation, out var store) is not null && store is IVariableDeclaratorOperation
            && creation.Syntax.SpanStart < @try.Syntax.SpanStart)
        {
            properties = properties.Add(FixKey, CloseInCatchFix);
        }

        var message = $"'{local.Name}' is not closed when '{connect.TargetMethod.Name}' fails: the catch moves on without closing it";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH210, creation.Syntax.GetLocation(), leaking, properties, message));
        return true;
    }

    /// <summary>The nearest try (in the same function) whose body holds <paramref name="operation"/> and that has catch clauses.</summary>
    private static ITryOperation? EnclosingTryWithCatches(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ITryOperation @try when child == @try.Body && @try.Catches.Length > 0:
                    return @try;
            }
        }

        return null;
    }

    private static bool IsInCatchOrFinally(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case ICatchClauseOperation:
                case ITryOperation @try when child == @try.Finally:
                    return true;
            }
        }

        return false;
    }

    private static bool IsStoreTarget(IOperation reference) =>
        reference.WalkUpConversions().Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference.WalkUpConversions();

    /// <summary>An untyped catch, or one whose type SocketException derives from (Exception, SystemException, SocketException...).</summary>
    private static bool CatchesConnectFailure(ICatchClauseOperation @catch, KnownTypes types) =>
        @catch.ExceptionType is not INamedTypeSymbol caught || caught.SpecialType == SpecialType.System_Object
        || types.SocketException.IsOrDerivesFrom(caught);

    private static bool Rethrows(ICatchClauseOperation @catch)
    {
        var function = @catch.EnclosingFunction();
        foreach (var operation in @catch.Handler.Descendants())
        {
            if (operation is IThrowOperation && operation.EnclosingFunction() == function)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The handler's last statement leaves (return, break, continue, goto): the code after the try is not reached from it.</summary>
    private static bool Leaves(ICatchClauseOperation @catch) =>
        @catch.Handler.Operations.Length > 0 && @catch.Handler.Operations[@catch.Handler.Operations.Length - 1] is IReturnOperation or IBranchOperation;
}
