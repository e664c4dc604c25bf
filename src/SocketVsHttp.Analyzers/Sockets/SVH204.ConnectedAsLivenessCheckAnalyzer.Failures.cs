using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// <c>Connected</c> read where the code's own failure handling makes it a "not closed by us" flag, or where it is not a
/// liveness check at all (found in the real-world suite, labelled correct):
/// <list type="bullet">
/// <item>a branch in a constructor (<c>if (socket.Connected) stream = new NetworkStream(socket);</c> tells an accepted socket
/// from a listening one);</item>
/// <item>a loop on <c>Connected</c> whose body does its I/O inside a <c>try</c> whose <c>catch</c> closes the same
/// connection: any failure closes it, and the closed connection ends the loop;</item>
/// <item>a quick exit (<c>if (!client.Connected) return false;</c>) before a send made inside a <c>try</c> whose
/// <c>catch</c> or <c>finally</c> closes the connection (directly or through a method of the type that closes it,
/// <c>Dispose()</c>): the failed send is the real detection;</item>
/// <item>a quick exit at the top of a read loop (<c>if (!client.Connected) break;</c>) in a loop that also leaves when its
/// read fails (a bool read helper returns false, or a read's count is tested for 0).</item>
/// </list>
/// </summary>
public sealed partial class ConnectedAsLivenessCheckAnalyzer
{
    /// <summary>The branch sits in a constructor's own body (not in a lambda or local function): a set-up decision, not a probe.</summary>
    private static bool IsInConstructor(IOperation branch, ISymbol containingSymbol)
    {
        if (containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
        {
            return false;
        }

        for (var current = branch.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The loop body does I/O on the connection (or hands it, or the object holding it, to a method) inside a <c>try</c>
    /// with a catch of any failure (untyped, <c>Exception</c>, <c>IOException</c>, <c>SocketException</c>) that closes the
    /// same connection; every other catch of that try closes it too or leaves the loop.
    /// </summary>
    private static bool CatchClosesInLoop(ILoopOperation loop, IOperation connection, KnownTypes types)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is not ITryOperation { Catches.Length: > 0 } @try || !UsesConnection(@try.Body, connection, types))
            {
                continue;
            }

            var closes = false;
            var allHandled = true;
            foreach (var clause in @try.Catches)
            {
                var closesHere = SameConnection.HasCallOn(clause.Handler, connection, TcpCallKind.Close, types);
                closes |= closesHere && CatchesConnectionFailure(clause, types);
                allHandled &= closesHere || LeavesLoop(clause.Handler);
            }

            if (closes && allHandled)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A send, receive or stream of the connection in <paramref name="scope"/>, or a call given the connection or the object holding it.</summary>
    private static bool UsesConnection(IOperation scope, IOperation connection, KnownTypes types)
    {
        if (SameConnection.HasCallOn(scope, connection, TcpCallKind.Send, types)
            || SameConnection.HasCallOn(scope, connection, TcpCallKind.Receive, types)
            || SameConnection.HasCallOn(scope, connection, TcpCallKind.GetStream, types))
        {
            return true;
        }

        // `client.client.Connected` with `ReceiveMessage(client)`: the holder is a local or parameter, not `this`.
        var holder = connection.WalkDownConversions() switch
        {
            IFieldReferenceOperation { Instance: ILocalReferenceOperation or IParameterReferenceOperation } field => field.Instance,
            IPropertyReferenceOperation { Instance: ILocalReferenceOperation or IParameterReferenceOperation } property => property.Instance,
            _ => null,
        };
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation call)
            {
                foreach (var argument in call.Arguments)
                {
                    if (SameConnection.AreSame(argument.Value, connection, types) || SameConnection.AreSame(argument.Value, holder, types))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>An untyped catch, or one of Exception, IOException, SocketException (a read or send failure lands there).</summary>
    private static bool CatchesConnectionFailure(ICatchClauseOperation clause, KnownTypes types)
    {
        var caught = clause.ExceptionType;
        return caught is null || caught.SpecialType == SpecialType.System_Object
            || caught.ToDisplayString() is "System.Exception" or "System.IO.IOException" or "System.Net.Sockets.SocketException";
    }

    /// <summary>
    /// <c>if (!conn.Connected) return ...;</c> (or <c>throw</c>, or <c>break</c> in a loop) whose member then either sends inside
    /// a <c>try</c> that closes the connection on failure, or, in a loop, leaves the loop when the loop's own read fails.
    /// </summary>
    private static bool IsQuickExitBeforeSelfDetectingIo(
        IConditionalOperation branch,
        bool negated,
        IOperation connection,
        KnownTypes types,
        TypeFactsCache<HashSet<ISymbol>> closers,
        Compilation compilation,
        CancellationToken cancellationToken)
    {
        if (!negated || branch.WhenFalse is not null || !Exits(branch.WhenTrue))
        {
            return false;
        }

        if (branch.EnclosingLoop() is { } loop && LeavesLoop(branch.WhenTrue)
            && (IsExemptLoop(loop, connection, types) || LeavesWhenReadFails(loop, connection, types)))
        {
            return true;
        }

        if (ContainingTypeOf(branch) is not { } type)
        {
            return false;
        }

        HashSet<ISymbol>? closing = null;
        foreach (var operation in branch.MemberRoot().Descendants())
        {
            if (operation is not ITryOperation @try || @try.Syntax.SpanStart < branch.Syntax.Span.End || !Writes(@try.Body, type, types))
            {
                continue;
            }

            closing ??= closers.Get(type, branch, compilation, cancellationToken);
            var closesOnFailure = @try.Finally is { } @finally && Closes(@finally, connection, type, closing, types);
            foreach (var clause in @try.Catches)
            {
                closesOnFailure |= CatchesConnectionFailure(clause, types) && Closes(clause.Handler, connection, type, closing, types);
            }

            if (closesOnFailure)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A send on a connection or stream, or a call to a method of the type whose body writes or sends.</summary>
    private static bool Writes(IOperation scope, INamedTypeSymbol type, KnownTypes types)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation call
                && (TcpCallKinds.Classify(call, types) == TcpCallKind.Send
                    || (call.TargetMethod.ContainingType.Is(type)
                        && System.Linq.Enumerable.Any(SourceBodies.Of(call.TargetMethod), body => SourceBodies.Mentions(body, "Write", "WriteAsync", "Send", "SendAsync")))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Closes the connection itself, or (for a connection held by the type) calls a method of the type that closes its connection.</summary>
    private static bool Closes(IOperation scope, IOperation connection, INamedTypeSymbol type, HashSet<ISymbol> closing, KnownTypes types)
    {
        if (SameConnection.HasCallOn(scope, connection, TcpCallKind.Close, types))
        {
            return true;
        }

        if (connection.WalkDownConversions() is not (IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
            or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation }))
        {
            return false;
        }

        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { Instance: null or IInstanceReferenceOperation } call && call.TargetMethod.ContainingType.Is(type)
                && closing.Contains(call.TargetMethod.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The loop leaves (<c>break</c>, <c>return</c>, <c>throw</c>) when a bool read helper returns false: the helper (or the
    /// object it is called on, created from them) is given the connection, its stream, or a stream field of the type, and its
    /// body reads. Every catch in the loop around the call leaves the loop.
    /// </summary>
    private static bool LeavesWhenReadFails(ILoopOperation loop, IOperation connection, KnownTypes types)
    {
        var type = ContainingTypeOf(loop);
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is not IConditionalOperation { WhenFalse: null } exit || exit.EnclosingLoop() != loop || !LeavesLoop(exit.WhenTrue))
            {
                continue;
            }

            foreach (var tested in exit.Condition.DescendantsAndSelf())
            {
                if (tested is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not
                    && ReadHelperCall(not.Operand, loop) is { } call
                    && CatchesInLoopLeave(call, loop)
                    && IsGivenTheConnection(call, connection, loop, type, types)
                    && System.Linq.Enumerable.Any(SourceBodies.Of(call.TargetMethod), body => SourceBodies.Mentions(body, "Read", "ReadAsync", "ReadExactly", "ReadExactlyAsync", "Receive", "ReceiveAsync", "ReadLine", "ReadLineAsync")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The bool call behind the tested value: the call itself (awaited or not), or the last value of a local assigned in the loop.</summary>
    private static IInvocationOperation? ReadHelperCall(IOperation tested, ILoopOperation loop)
    {
        var value = Unwrap(tested);
        if (value is IInvocationOperation direct)
        {
            return direct;
        }

        if (value is not ILocalReferenceOperation local)
        {
            return null;
        }

        foreach (var operation in loop.Body.Descendants())
        {
            var assigned = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local.Local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when target.Local.Is(local.Local) => assignment.Value,
                _ => null,
            };
            if (assigned is not null && Unwrap(assigned) is IInvocationOperation call)
            {
                return call;
            }
        }

        return null;
    }

    /// <summary>An argument, the receiver, or an argument of the creation of a receiver local is the connection, its stream, or a stream field of the type.</summary>
    private static bool IsGivenTheConnection(IInvocationOperation call, IOperation connection, ILoopOperation loop, INamedTypeSymbol? type, KnownTypes types)
    {
        var given = new List<IOperation>();
        foreach (var argument in call.Arguments)
        {
            given.Add(argument.Value);
        }

        if (call.Instance?.WalkDownConversions() is ILocalReferenceOperation receiver)
        {
            foreach (var operation in loop.Body.Descendants())
            {
                if (operation is IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator && declarator.Symbol.Is(receiver.Local)
                    && initializer.WalkDownConversions() is IObjectCreationOperation creation)
                {
                    foreach (var argument in creation.Arguments)
                    {
                        given.Add(argument.Value);
                    }
                }
            }
        }

        foreach (var value in given)
        {
            if (IsConnectionOrItsStream(value, connection, loop, types)
                || (value.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field
                    && field.Field.ContainingType.Is(type) && field.Field.Type.IsOrDerivesFrom(types.Stream)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Per type: the methods that close one of the type's connection fields or properties (<c>_client.Close()</c>), and, until
    /// nothing changes, the methods that call one of those on <c>this</c> (<c>Dispose()</c> → <c>Dispose(true)</c> → <c>Disconnect()</c>).
    /// </summary>
    private static HashSet<ISymbol> ClosingMethods(ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var closing = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var calls = new List<(ISymbol Caller, ISymbol Callee)>();
        foreach (var root in roots)
        {
            if (root.SemanticModel?.GetDeclaredSymbol(root.Syntax) is not IMethodSymbol method)
            {
                continue;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                if (TcpCallKinds.Classify(invocation, types) == TcpCallKind.Close
                    && ThroughConditionalAccess(TcpCallKinds.Receiver(invocation)) is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation }
                        or IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation })
                {
                    closing.Add(method.OriginalDefinition);
                }
                else if (invocation.Instance is null or IInstanceReferenceOperation && !invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty)
                {
                    calls.Add((method.OriginalDefinition, invocation.TargetMethod.OriginalDefinition));
                }
            }
        }

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (caller, callee) in calls)
            {
                if (closing.Contains(callee) && closing.Add(caller))
                {
                    changed = true;
                }
            }
        }

        return closing;
    }

    /// <summary>The receiver behind <c>x?.Close()</c> (the conditional access's operand), else the operation itself.</summary>
    private static IOperation? ThroughConditionalAccess(IOperation? receiver)
    {
        var current = receiver?.WalkDownConversions();
        if (current is not IConditionalAccessInstanceOperation instance)
        {
            return current;
        }

        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && instance.IsDescendantOf(access.WhenNotNull))
            {
                return access.Operation.WalkDownConversions();
            }
        }

        return null;
    }
}
