using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>
    /// A same-type method stores a new connection into a private field without closing the one it held, then does a step
    /// that can fail (a connect, a TLS handshake, an awaited call); a caller of the same type calls it inside a <c>try</c> in
    /// a loop, and a <c>catch</c> of that <c>try</c> moves on to the next pass (it neither closes the field nor leaves the
    /// loop): the next pass calls the method again, which overwrites the failed, possibly connected, client. A caller whose
    /// call is guarded by a test of the field alone (<c>if (client == null)</c>) does not call it again and is not counted.
    /// </summary>
    private static bool ReportCallerRetry(OperationAnalysisContext context, IOperation creation, IFieldSymbol field, TypeFacts facts, KnownTypes types)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || facts.HasNestedTypes || creation.EnclosingFunction() is not null
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || facts.Methods.Body(method) is not { } body
            || !HasCallAfter(body, creation, facts, types) || ClosesField(body, field, facts, depth: 1))
        {
            return false;
        }

        foreach (var root in facts.Roots)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is not IInvocationOperation call || !call.TargetMethod.OriginalDefinition.Is(method.OriginalDefinition)
                    || call.EnclosingFunction() is not null || EnclosingTryWithCatches(call) is not { } @try
                    || @try.EnclosingLoop() is not { } loop || (@try.Finally is { } @finally && (Mentions(@finally, field) || CallsOwnMethod(@finally, facts)))
                    || GuardedByFieldAlone(call, loop, field, facts, types))
                {
                    continue;
                }

                var leaking = new List<Location>();
                var closes = false;
                foreach (var @catch in @try.Catches)
                {
                    if (ClosesField(@catch.Handler, field, facts, depth: 1))
                    {
                        closes = true;
                        break;
                    }

                    if (CatchesConnectFailure(@catch, types) && !Rethrows(@catch) && !Mentions(@catch.Handler, field) && !HasCloseCall(@catch.Handler)
                        && !CallsOwnMethod(@catch.Handler, facts) && !LeavesTheLoop(@catch, loop))
                    {
                        leaking.Add(@catch.Syntax.GetLocation());
                    }
                }

                if (closes || leaking.Count == 0)
                {
                    continue;
                }

                var caller = (call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart, context.CancellationToken) as IMethodSymbol)?.Name ?? "a caller";
                Report(context, creation, CatchShape,
                    $"'{field.Name}' is not closed when a later step fails: '{caller}' calls '{method.Name}' again on the next pass after its catch moves on, and '{method.Name}' overwrites it without closing the connection made here",
                    leaking);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A method stores a new connection into a private field without closing the one the field held, then, in a later
    /// <c>try</c>, closes the field on one failure path (<c>if (!connected) { client.Close(); throw new TimeoutException(); }</c>)
    /// while a <c>catch</c> of the same <c>try</c> lets the other failures out (or moves on) without closing it: the failed,
    /// possibly connected client stays in the field, and the next call of the method (a reconnect) overwrites it.
    /// </summary>
    private static bool ReportClosedOnOneFailurePath(OperationAnalysisContext context, IOperation creation, IFieldSymbol field, TypeFacts facts, KnownTypes types)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || facts.HasNestedTypes || creation.EnclosingFunction() is not null
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method
            || facts.Methods.Body(method) is not { } body)
        {
            return false;
        }

        ITryOperation? found = null;
        foreach (var operation in body.Descendants())
        {
            if (operation.Syntax.SpanStart < creation.Syntax.SpanStart && IsDirectClose(operation, field))
            {
                // The old connection is closed before the new one is stored.
                return false;
            }

            if (found is null && operation is ITryOperation { Catches.Length: > 0 } @try && @try.Syntax.SpanStart > creation.Syntax.Span.End
                && @try.EnclosingFunction() is null && ClosesThenThrows(@try.Body, field) && HasCallAfter(@try.Body, creation, facts, types)
                && !(@try.Finally is { } @finally && (Mentions(@finally, field) || CallsOwnMethod(@finally, facts))))
            {
                found = @try;
            }
        }

        if (found is null)
        {
            return false;
        }

        var leaking = new List<Location>();
        foreach (var @catch in found.Catches)
        {
            if (ClosesField(@catch.Handler, field, facts, depth: 1))
            {
                return false;
            }

            if (CatchesConnectFailure(@catch, types) && !Mentions(@catch.Handler, field) && !HasCloseCall(@catch.Handler) && !CallsOwnMethod(@catch.Handler, facts))
            {
                leaking.Add(@catch.Syntax.GetLocation());
            }
        }

        if (leaking.Count == 0)
        {
            return false;
        }

        Report(context, creation, CatchShape,
            $"'{field.Name}' is not closed when a later step fails: '{method.Name}' closes it on one failure path, but its catch lets the others out without closing it, and the next call overwrites it",
            leaking);
        return true;
    }

    /// <summary><c>field.Close()</c>, <c>field.Dispose()</c> or <c>field?.Close()</c> (no helper).</summary>
    private static bool IsDirectClose(IOperation operation, IFieldSymbol field) =>
        operation is IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" } close
        && ((close.Instance?.WalkDownConversions() is IFieldReferenceOperation closed && closed.Field.OriginalDefinition.Is(field))
            || (close.Instance is IConditionalAccessInstanceOperation && close.Parent is IConditionalAccessOperation { Operation: IFieldReferenceOperation accessed }
                && accessed.Field.OriginalDefinition.Is(field)));

    /// <summary>A block in <paramref name="scope"/> that closes the field directly and then throws (a handled failure path).</summary>
    private static bool ClosesThenThrows(IOperation scope, IFieldSymbol field)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is not IBlockOperation block || operation.EnclosingFunction() is not null)
            {
                continue;
            }

            var closed = false;
            foreach (var statement in block.Operations)
            {
                if (statement is IExpressionStatementOperation expression && (IsDirectClose(expression.Operation, field)
                    || (expression.Operation is IConditionalAccessOperation conditional && IsDirectClose(conditional.WhenNotNull, field))))
                {
                    closed = true;
                }
                else if (closed && statement is IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation })
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The catch returns, throws, breaks or jumps out of <paramref name="loop"/> (a <c>continue</c> stays in it).</summary>
    private static bool LeavesTheLoop(ICatchClauseOperation @catch, ILoopOperation loop)
    {
        var function = @catch.EnclosingFunction();
        foreach (var operation in @catch.Handler.Descendants())
        {
            switch (operation)
            {
                case IReturnOperation or IThrowOperation when operation.EnclosingFunction() == function:
                    return true;
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo } branch when !IsInnerTarget(branch, loop):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// An <c>if</c> between the call and the loop whose condition tests no connection field but <paramref name="field"/>
    /// (also through a same-type method it calls): once the failed client is in the field the call is skipped.
    /// </summary>
    private static bool GuardedByFieldAlone(IOperation call, ILoopOperation loop, IFieldSymbol field, TypeFacts facts, KnownTypes types)
    {
        for (var current = call.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is IConditionalOperation conditional && !call.IsDescendantOf(conditional.Condition))
            {
                var tested = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
                CollectConnectionFields(conditional.Condition, tested, facts, types, depth: 1);
                if (tested.Count == 1 && tested.Contains(field.OriginalDefinition))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void CollectConnectionFields(IOperation scope, HashSet<IFieldSymbol> fields, TypeFacts facts, KnownTypes types, int depth)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IFieldReferenceOperation reference when SocketOwners.IsOwnerType(reference.Field.Type, types) || IsStreamOrWrapper(reference.Field.Type, types):
                    fields.Add(reference.Field.OriginalDefinition);
                    break;
                case IInvocationOperation invocation when depth > 0 && facts.Methods.Body(invocation.TargetMethod) is { } body:
                    CollectConnectionFields(body, fields, facts, types, depth - 1);
                    break;
            }
        }
    }
}
