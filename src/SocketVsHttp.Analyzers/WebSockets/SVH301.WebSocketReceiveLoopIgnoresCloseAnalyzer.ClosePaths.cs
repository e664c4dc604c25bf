using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.WebSockets;

/// <summary>
/// A comparison with <c>WebSocketMessageType.Close</c> (or <c>WebSocketState.CloseReceived</c>) inside the receive loop
/// counts as handling only when the path it selects for Close leaves the loop (<c>break</c> out of a loop around the
/// receive, <c>return</c>, <c>goto</c>), throws, closes the same socket (<c>CloseAsync</c>/<c>CloseOutputAsync</c>,
/// <c>Abort</c>, <c>Dispose</c>), stops the loop (cancels a token source, sets a variable the loop reads: <c>running = false</c>, <c>closed = true</c>),
/// calls a method of the project or invokes a delegate or event (which may do any of these). An empty <c>if (type == Close) { }</c>, a
/// <c>!= Close</c> that only skips the payload, or closing another socket is not handling.
/// </summary>
public sealed partial class WebSocketReceiveLoopIgnoresCloseAnalyzer
{
    /// <summary>Diagnostic property: the loop has a Close branch with statements of its own (the fix would make it dead code).</summary>
    public const string HasCloseBranchProperty = "HasCloseBranch";

    private static readonly ImmutableDictionary<string, string?> HasCloseBranch =
        ImmutableDictionary<string, string?>.Empty.Add(HasCloseBranchProperty, "true");

    /// <summary>What is known about one receive: its loop, socket, and whether a non-handling Close branch was seen.</summary>
    private sealed class CloseSearch
    {
        private readonly HashSet<ILabelSymbol> exitLabels = new(SymbolEqualityComparer.Default);
        public CloseSearch(IInvocationOperation receive, ILoopOperation outermost, KnownTypes types)
        {
            Receive = receive;
            Outermost = outermost;
            Types = types;
            for (var loop = receive.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
            {
                exitLabels.Add(loop.ExitLabel);
            }
        }

        public IInvocationOperation Receive { get; }

        public ILoopOperation Outermost { get; }

        public KnownTypes Types { get; }

        /// <summary>A Close branch with statements that do not handle it was seen.</summary>
        public bool SawCloseBranch { get; set; }

        /// <summary>The loop closes the receiving socket but cannot end: it goes round again on the closed WebSocket.</summary>
        public bool SawCloseWithoutLeaving { get; set; }

        private bool? neverLeaves;

        /// <summary>
        /// The outermost loop is endless (<c>while (true)</c>, <c>for (;;)</c>, <c>do { } while (true)</c>) and nothing in it leaves it:
        /// no <c>break</c> of it, no <c>return</c>, <c>throw</c> or <c>goto</c> (outside lambdas), no token source cancelled, no
        /// method of the project or delegate called (which may throw or stop). Closing the socket there is not an end.
        /// </summary>
        public bool NeverLeaves => neverLeaves ??= ComputeNeverLeaves();

        /// <summary>A close of the receiving socket handles Close only when the loop can end; else it is remembered for the message.</summary>
        public bool CloseEnds()
        {
            if (NeverLeaves)
            {
                SawCloseWithoutLeaving = true;
                return false;
            }

            return true;
        }

        private bool ComputeNeverLeaves()
        {
            var condition = Outermost.Condition();
            var endless = Outermost switch
            {
                IWhileLoopOperation { ConditionIsUntil: false } => condition is null || condition.ConstantValue is { HasValue: true, Value: true },
                IForLoopOperation => condition is null || condition.ConstantValue is { HasValue: true, Value: true },
                _ => false,
            };
            if (!endless)
            {
                return false;
            }

            var function = Outermost.EnclosingFunction();
            foreach (var operation in Outermost.Body.DescendantsAndSelf())
            {
                if (operation.EnclosingFunction() != function)
                {
                    continue;
                }

                switch (operation)
                {
                    case IBranchOperation { BranchKind: BranchKind.Break } branch when branch.Target.Is(Outermost.ExitLabel):
                    case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    case IReturnOperation { IsImplicit: false } or IThrowOperation:
                        return false;
                    case IInvocationOperation invocation when invocation.TargetMethod.MethodKind == MethodKind.DelegateInvoke
                        || (invocation.TargetMethod.Name is "Cancel" or "CancelAsync" or "CancelAfter" && invocation.TargetMethod.ContainingType.Is(Types.CancellationTokenSource))
                        || (invocation.TargetMethod.DeclaringSyntaxReferences.Length > 0 && !invocation.TargetMethod.IsMemberOf(Types.WebSocket)):
                        return false;
                }
            }

            return true;
        }

        public bool LeavesLoop(ILabelSymbol target) => exitLabels.Contains(target);

        /// <summary>
        /// The variable is read somewhere in the loop (a loop condition <c>while (running)</c>, a later
        /// <c>if (closed) break;</c>): setting it on the Close path is a signal the rule does not follow further.
        /// </summary>
        public bool IsReadInLoop(ISymbol? symbol)
        {
            if (symbol is null)
            {
                return false;
            }

            foreach (var operation in Outermost.Descendants())
            {
                if (Referenced(operation) is { } referenced && referenced.Is(symbol)
                    && !(operation.Parent is IAssignmentOperation assignment && assignment.Target == operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The same socket as the receive's: the same variable, or the same receiver text when it is not one.</summary>
        public bool IsReceivingSocket(IOperation? instance)
        {
            if (instance is null || Receive.Instance is null)
            {
                return false;
            }

            var receiving = Referenced(Receive.Instance.WalkDownConversions());
            var closing = Referenced(instance.WalkDownConversions());
            return receiving is not null || closing is not null
                ? receiving.Is(closing)
                : Receive.Instance.Syntax.ToString() == instance.Syntax.ToString();
        }

        private static ISymbol? Referenced(IOperation operation) => operation switch
        {
            ILocalReferenceOperation local => local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
            _ => null,
        };
    }

    /// <summary>
    /// True when the Close comparison <paramref name="close"/> handles Close (see the type's summary), or when its use is
    /// one the rule does not follow (stored, passed on, a loop condition, after the loop): then it stays silent.
    /// </summary>
    private static bool ClosePathHandles(IOperation close, CloseSearch search)
    {
        if (!search.Outermost.Syntax.Span.Contains(close.Syntax.Span))
        {
            // After the loop (e.g. a loop until EndOfMessage, then the type is looked at): the loop is already left.
            return true;
        }

        var value = close.WalkUpConversions();
        IOperation comparison;
        var closeSelected = true;
        switch (value.Parent)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                comparison = binary;
                closeSelected = binary.OperatorKind == BinaryOperatorKind.Equals;
                break;
            case IConstantPatternOperation constant:
                IOperation current = constant;
                while (current.Parent is IPatternOperation parent)
                {
                    closeSelected ^= parent is INegatedPatternOperation;
                    current = parent;
                }

                switch (current.Parent)
                {
                    case IIsPatternOperation isPattern:
                        comparison = isPattern;
                        break;
                    case IPatternCaseClauseOperation { Parent: ISwitchCaseOperation section } when closeSelected:
                        return SwitchSectionHandles(section, search);
                    default:
                        return true;
                }

                break;
            case ISingleValueCaseClauseOperation { Parent: ISwitchCaseOperation section }:
                return SwitchSectionHandles(section, search);
            default:
                return true;
        }

        // Up through !, && and || to the condition it decides.
        var condition = comparison;
        while (true)
        {
            switch (condition.Parent)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    closeSelected = !closeSelected;
                    condition = not;
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } combined:
                    condition = combined;
                    continue;
                case IParenthesizedOperation or IConversionOperation:
                    condition = condition.Parent;
                    continue;
            }

            break;
        }

        if (condition.Parent is not IConditionalOperation { Type: null } branch || branch.Condition != condition)
        {
            // A loop condition, a stored flag, a ?: value, an argument: not followed.
            return true;
        }

        var path = closeSelected ? branch.WhenTrue : branch.WhenFalse;
        if (path is not null)
        {
            if (PathHandles(path, search))
            {
                return true;
            }

            search.SawCloseBranch |= !IsEmpty(path);
            return false;
        }

        // if (type != Close) { payload } without else: Close goes on with the statements after the if.
        if (branch.Parent is IBlockOperation block)
        {
            var after = false;
            foreach (var statement in block.Operations)
            {
                if (after && PathHandles(statement, search))
                {
                    return true;
                }

                after |= statement == branch;
            }
        }

        return false;
    }

    private static bool SwitchSectionHandles(ISwitchCaseOperation section, CloseSearch search)
    {
        var empty = true;
        foreach (var statement in section.Body)
        {
            if (PathHandles(statement, search))
            {
                return true;
            }

            empty &= statement is IBranchOperation { BranchKind: BranchKind.Break } || IsEmpty(statement);
        }

        search.SawCloseBranch |= !empty;
        return false;
    }

    private static bool PathHandles(IOperation path, CloseSearch search)
    {
        var function = path.EnclosingFunction();
        foreach (var operation in path.DescendantsAndSelf())
        {
            if (operation.EnclosingFunction() != function && operation != path)
            {
                continue;
            }

            switch (operation)
            {
                case IReturnOperation or IThrowOperation:
                    return true;
                case IBranchOperation { BranchKind: BranchKind.Break } branch when search.LeavesLoop(branch.Target):
                    return true;
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                    return true;
                case IInvocationOperation invocation when InvocationHandles(invocation, search):
                    return true;
                case ISimpleAssignmentOperation assignment when search.IsReadInLoop(Assigned(assignment.Target)):
                    return true;
            }
        }

        return false;
    }

    private static bool InvocationHandles(IInvocationOperation invocation, CloseSearch search)
    {
        var method = invocation.TargetMethod;
        if (method.IsMemberOf(search.Types.WebSocket))
        {
            return method.Name switch
            {
                "CloseAsync" or "CloseOutputAsync" => search.IsReceivingSocket(invocation.Instance) && search.CloseEnds(),
                "Abort" or "Dispose" => search.IsReceivingSocket(invocation.Instance),
                _ => false,
            };
        }

        if (method.Name is "Cancel" or "CancelAsync" or "CancelAfter" && method.ContainingType.Is(search.Types.CancellationTokenSource))
        {
            return true;
        }

        // A method of the project (Disconnect(), OnClosed()...) or a delegate or event (Closed?.Invoke(...), whose handler may
        // close): it may close or stop; not followed.
        return method.MethodKind == MethodKind.DelegateInvoke
            || method.DeclaringSyntaxReferences.Length > 0 || method.OriginalDefinition.DeclaringSyntaxReferences.Length > 0;
    }

    private static ISymbol? Assigned(IOperation target) => target.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
        _ => null,
    };

    private static bool IsEmpty(IOperation statement) => statement is IBlockOperation { Operations.Length: 0 } or IEmptyOperation;
}
