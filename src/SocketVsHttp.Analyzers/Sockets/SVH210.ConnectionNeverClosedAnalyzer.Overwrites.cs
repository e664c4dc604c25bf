using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Connections lost because what holds them is overwritten or dropped: a static field given a new connection on every
/// pass of an endless loop, a placeholder local overwritten before it is used, an accepted connection handed on only in
/// branches that return (the fall-through path drops it), and a field connected in a <c>try</c> whose <c>catch</c> retries
/// (overwriting it) or moves on while a sibling catch closes it. None has a code fix: where the close goes is a design choice.
/// </summary>
public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>Overwritten shape: the holder of the connection is overwritten or dropped before anything closes it (no fix).</summary>
    public const string OverwrittenShape = "Overwritten";

    private static void Report(OperationAnalysisContext context, IOperation at, string shape, string message, IEnumerable<Location>? additional = null) =>
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH210, at.Syntax.GetLocation(), additional, ImmutableDictionary<string, string?>.Empty.Add(ShapeKey, shape), message));

    /// <summary>
    /// <c>static TcpClient client;</c> ... <c>while (true) { client = new TcpClient(host, port); ... }</c>: a private static field
    /// given a new connection on every pass of a loop that never stops early, and nothing in the type closes it.
    /// </summary>
    private static void ReportStaticFieldInLoop(OperationAnalysisContext context, IOperation value, IFieldSymbol field, INamedTypeSymbol type, TypeFactsCache<TypeFacts> cache)
    {
        if (!field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition) || value.EnclosingLoop() is not { } loop
            || !RunsUntilStopped(loop) || LeavesEarly(loop))
        {
            return;
        }

        var facts = cache.Get(type, value, context.Compilation, context.CancellationToken);
        if (!facts.IsStaticNeverClosed(field))
        {
            return;
        }

        Report(context, value, OverwrittenShape,
            $"'{field.Name}' is given a new connection on every pass of this loop and nothing in '{type.Name}' closes or disposes the one it held");
    }

    /// <summary><c>while (true)</c>, <c>for (;;)</c>, <c>do { } while (true)</c>: only a break or return ends it (a retry-until-connected loop does not qualify).</summary>
    private static bool RunsUntilStopped(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: null } => true,
        IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        IForLoopOperation { Condition: null } => true,
        IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        _ => false,
    };

    /// <summary>A break out of the loop, a return or a throw in the loop (same function): the loop may end after one connection.</summary>
    private static bool LeavesEarly(ILoopOperation loop)
    {
        var function = loop.EnclosingFunction();
        foreach (var operation in loop.Body.Descendants())
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.GoTo } branch when !IsInnerTarget(branch, loop):
                    return true;
                case IReturnOperation or IThrowOperation when operation.EnclosingFunction() == function:
                    return true;
            }
        }

        return false;
    }

    /// <summary>A break that leaves only a loop or switch nested inside <paramref name="loop"/>.</summary>
    private static bool IsInnerTarget(IBranchOperation branch, ILoopOperation loop)
    {
        if (branch.BranchKind != BranchKind.Break)
        {
            return false;
        }

        for (var current = branch.Parent; current is not null && current != loop; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation inner when branch.Target.Is(inner.ExitLabel):
                    return true;
                case ISwitchOperation @switch when branch.Target.Is(@switch.ExitLabel):
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>TcpClient client = new TcpClient(); try { client = listener.EndAcceptTcpClient(result); ...</c>: the local's next
    /// statement overwrites it (directly, or as the first statement of a <c>try</c> or block) before any use, so the socket
    /// the placeholder created is never used or closed. Returns the overwriting assignment, or null.
    /// </summary>
    private static ISimpleAssignmentOperation? OverwrittenBeforeUse(IVariableDeclaratorOperation declarator, ILocalSymbol local)
    {
        if (declarator.Parent is not IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation group }
            || group.Parent is not IBlockOperation block)
        {
            return null;
        }

        var index = block.Operations.IndexOf(group);
        if (index < 0 || index + 1 >= block.Operations.Length)
        {
            return null;
        }

        var next = block.Operations[index + 1];
        while (true)
        {
            switch (next)
            {
                case ITryOperation { Body.Operations.Length: > 0 } @try:
                    next = @try.Body.Operations[0];
                    continue;
                case IBlockOperation { Operations.Length: > 0 } inner:
                    next = inner.Operations[0];
                    continue;
            }

            break;
        }

        if (next is not IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }
            || assignment.Target.WalkDownConversions() is not ILocalReferenceOperation target || !target.Local.Is(local))
        {
            return null;
        }

        foreach (var operation in assignment.Value.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(local))
            {
                return null;
            }
        }

        return assignment;
    }

    private static string Describe(IOperation value) => value.WalkDownConversions() switch
    {
        IAwaitOperation awaited => Describe(awaited.Operation),
        IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } => Describe(instance),
        IInvocationOperation invocation => $"'{invocation.TargetMethod.Name}'",
        IObjectCreationOperation => "another new connection",
        _ => "another value",
    };

    /// <summary>
    /// An accepted connection in a local that is handed on (or closed) only inside branches that end with <c>return</c>
    /// (<c>for (...) { if (slot is free) { slot.Take(client); return; } }</c>), while a path from the accept reaches the end of
    /// the method without entering any of them (the server is full): that path drops the connection unclosed. Decided on
    /// the method's control-flow graph; paths through exceptions are not considered.
    /// </summary>
    private static bool ReportDroppedOnFallThrough(OperationAnalysisContext context, IInvocationOperation accept, TypeFacts facts, KnownTypes types)
    {
        if (accept.EnclosingFunction() is not null || SocketOwners.StoredIn(accept, out var store) is not ILocalSymbol local
            || store is not IVariableDeclaratorOperation || accept.MemberRoot() is not IMethodBodyOperation root)
        {
            return false;
        }

        var branches = new List<IBlockOperation>();
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            if (reference.EnclosingFunction() is not null || IsStoreTarget(reference) || IsInCatchOrFinally(reference))
            {
                return false;
            }

            var walk = new OwnershipWalk(types, facts.Methods);
            walk.Follow(reference);
            if (!walk.Released)
            {
                continue;
            }

            if (ReturningBranch(reference) is not { } branch)
            {
                return false;
            }

            if (!branches.Contains(branch))
            {
                branches.Add(branch);
            }
        }

        if (branches.Count == 0)
        {
            return false;
        }

        var graph = ControlFlowGraph.Create(root, context.CancellationToken);
        BasicBlock? start = null;
        var released = new HashSet<int>();
        foreach (var block in graph.Blocks)
        {
            foreach (var syntax in Syntaxes(block))
            {
                if (start is null && syntax.Span.Contains(accept.Syntax.Span))
                {
                    start = block;
                }

                foreach (var branch in branches)
                {
                    if (branch.Syntax.Span.Contains(syntax.Span))
                    {
                        released.Add(block.Ordinal);
                    }
                }
            }
        }

        if (start is null || !ReachesExitAvoiding(start, released))
        {
            return false;
        }

        var locations = new List<Location>();
        foreach (var branch in branches)
        {
            locations.Add(branch.Syntax.GetLocation());
        }

        Report(context, accept, OverwrittenShape,
            "The connection accepted here is handed on only in branches that return; on the path that takes none of them it is dropped without being closed",
            locations);
        return true;
    }

    private static IEnumerable<SyntaxNode> Syntaxes(BasicBlock block)
    {
        foreach (var operation in block.Operations)
        {
            yield return operation.Syntax;
        }

        if (block.BranchValue is { } value)
        {
            yield return value.Syntax;
        }
    }

    /// <summary>The block of an <c>if</c> branch holding <paramref name="reference"/>'s statement whose last statement is a <c>return</c>.</summary>
    private static IBlockOperation? ReturningBranch(IOperation reference)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IBlockOperation { Parent: IConditionalOperation, Operations.Length: > 0 } block
                && block.Operations[block.Operations.Length - 1] is IReturnOperation { Kind: OperationKind.Return })
            {
                foreach (var operation in block.Descendants())
                {
                    if (operation is IBranchOperation { BranchKind: BranchKind.Continue or BranchKind.GoTo })
                    {
                        return null;
                    }
                }

                return block;
            }

            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return null;
            }
        }

        return null;
    }

    private static bool ReachesExitAvoiding(BasicBlock start, HashSet<int> avoided)
    {
        var seen = new HashSet<int> { start.Ordinal };
        var pending = new Stack<BasicBlock>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var block = pending.Pop();
            if (block.Kind == BasicBlockKind.Exit)
            {
                return true;
            }

            // A constant condition (while (true)) takes one side only.
            var constant = block.BranchValue?.ConstantValue is { HasValue: true, Value: bool value } ? value : (bool?)null;
            var conditionalTaken = constant is null || (block.ConditionKind == ControlFlowConditionKind.WhenTrue) == constant.Value;
            var fallThroughTaken = constant is null || !conditionalTaken;
            foreach (var branch in new[] { fallThroughTaken ? block.FallThroughSuccessor : null, conditionalTaken ? block.ConditionalSuccessor : null })
            {
                if (branch?.Destination is { } next && !avoided.Contains(next.Ordinal) && seen.Add(next.Ordinal))
                {
                    pending.Push(next);
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A connection stored into a field of this type inside a <c>try</c> whose <c>catch</c> moves on without closing it,
    /// when the type shows the catch leaks it: the catch retries by calling a same-type method that stores a new connection
    /// into the field without closing the old one (<c>catch { OpenConnection(); }</c>), or a sibling catch of the same
    /// <c>try</c> closes the field (directly or through a same-type method) while this one does not. Something must run
    /// after the creation inside the <c>try</c> (a connect, a handshake) for a connected value to be left behind.
    /// </summary>
    private static bool ReportFieldCatch(OperationAnalysisContext context, IOperation creation, IFieldSymbol field, TypeFacts facts, KnownTypes types)
    {
        if (field.DeclaredAccessibility != Accessibility.Private || facts.HasNestedTypes
            || creation.EnclosingFunction() is not null || EnclosingTryWithCatches(creation) is not { } @try
            || !HasCallAfter(@try.Body, creation, facts, types) || (@try.Finally is { } @finally && (Mentions(@finally, field) || CallsOwnMethod(@finally, facts))))
        {
            return false;
        }

        var method = context.ContainingSymbol as IMethodSymbol;
        var closingSibling = false;
        var leaking = new List<ICatchClauseOperation>();
        string? retry = null;
        foreach (var @catch in @try.Catches)
        {
            if (ClosesField(@catch.Handler, field, facts, depth: 1))
            {
                closingSibling = true;
                continue;
            }

            if (!CatchesConnectFailure(@catch, types) || Rethrows(@catch) || Mentions(@catch.Handler, field) || HasCloseCall(@catch.Handler))
            {
                continue;
            }

            leaking.Add(@catch);
            foreach (var operation in @catch.Handler.Descendants())
            {
                if (operation is IInvocationOperation call && facts.Methods.Body(call.TargetMethod) is { } body
                    && (call.TargetMethod.OriginalDefinition.Is(method?.OriginalDefinition) || StoresNewConnection(body, field, types))
                    && !ClosesField(body, field, facts, depth: 1))
                {
                    retry ??= call.TargetMethod.Name;
                }
            }
        }

        if (leaking.Count == 0 || (retry is null && !closingSibling))
        {
            return false;
        }

        // Any same-type call in a leaking catch other than the retry may close the field: only the retry itself is allowed.
        foreach (var @catch in leaking)
        {
            foreach (var operation in @catch.Handler.Descendants())
            {
                if (operation is IInvocationOperation call && facts.Methods.Owns(call.TargetMethod) && call.TargetMethod.Name != retry)
                {
                    return false;
                }
            }
        }

        var locations = new List<Location>();
        foreach (var @catch in leaking)
        {
            locations.Add(@catch.Syntax.GetLocation());
        }

        var message = retry is not null
            ? $"'{field.Name}' is not closed when a later step fails: the catch retries '{retry}', which overwrites it without closing the connection made here"
            : $"'{field.Name}' is not closed when a later step fails: another catch closes it, but this one moves on without closing it";
        Report(context, creation, CatchShape, message, locations);
        return true;
    }

    /// <summary>
    /// After the creation, the try does something that can fail once the connection exists: a connect, a send or receive, an
    /// awaited call, or a call to a same-type method (a handshake). <c>GetStream()</c> and starting a task do not count.
    /// </summary>
    private static bool HasCallAfter(IOperation body, IOperation creation, TypeFacts facts, KnownTypes types)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation.Syntax.SpanStart <= creation.Syntax.Span.End || operation.EnclosingFunction() is not null)
            {
                // Before the connection exists, or in a lambda that runs later (its failure does not reach this catch).
                continue;
            }

            switch (operation)
            {
                case IAwaitOperation:
                    return true;
                case IInvocationOperation call when facts.Methods.Owns(call.TargetMethod)
                    || TcpCallKinds.Classify(call, types) is TcpCallKind.Connect or TcpCallKind.Send or TcpCallKind.Receive:
                    return true;
            }
        }

        return false;
    }

    private static bool Mentions(IOperation scope, IFieldSymbol field)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is IFieldReferenceOperation reference && reference.Field.OriginalDefinition.Is(field))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CallsOwnMethod(IOperation scope, TypeFacts facts)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is IInvocationOperation call && call.TargetMethod.ContainingType.OriginalDefinition.Is(facts.Methods.Type))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasCloseCall(IOperation scope)
    {
        foreach (var operation in scope.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" or "Shutdown" or "Disconnect" or "DisconnectAsync" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The scope closes or disposes the field (<c>field.Close()</c>, <c>field?.Dispose()</c>), or calls a same-type method that does.</summary>
    private static bool ClosesField(IOperation scope, IFieldSymbol field, TypeFacts facts, int depth)
    {
        foreach (var operation in scope.Descendants())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" } close
                    when (close.Instance?.WalkDownConversions() is IFieldReferenceOperation closed && closed.Field.OriginalDefinition.Is(field))
                         || (close.Instance is IConditionalAccessInstanceOperation && close.Parent is IConditionalAccessOperation { Operation: IFieldReferenceOperation accessed }
                             && accessed.Field.OriginalDefinition.Is(field)):
                    return true;
                case IInvocationOperation call when depth > 0 && facts.Methods.Body(call.TargetMethod) is { } body && body != scope.MemberRoot()
                    && ClosesField(body, field, facts, depth - 1):
                    return true;
            }
        }

        return false;
    }

    private static bool StoresNewConnection(IOperation body, IFieldSymbol field, KnownTypes types)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IObjectCreationOperation creation && SocketOwners.IsOwnerType(creation.Type, types)
                && SocketOwners.StoredIn(creation, out _) is IFieldSymbol stored && stored.Is(field))
            {
                return true;
            }
        }

        return false;
    }
}
