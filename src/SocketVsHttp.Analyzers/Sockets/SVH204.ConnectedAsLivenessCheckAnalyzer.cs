using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH204: <c>Socket.Connected</c> / <c>TcpClient.Connected</c> read in a loop or branch condition to decide whether the
/// peer is still there. The property only reports the state as of the last I/O: a peer that closed or vanished is
/// still "connected" until a read returns 0 or a send fails.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ConnectedAsLivenessCheckAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH204);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.TcpClient is null)
            {
                return;
            }

            var wrappers = new WrapperFacts();
            var recovery = new TypeFactsCache<RecoveryFacts>((_, roots) => RecoveryFacts.Collect(roots, types));
            var closers = new TypeFactsCache<HashSet<ISymbol>>((_, roots) => ClosingMethods(roots, types));
            start.RegisterOperationAction(c => AnalyzePropertyReference(c, types, wrappers, recovery, closers), OperationKind.PropertyReference);
            start.RegisterOperationAction(c => AnalyzeWrapperCall(c, types, wrappers), OperationKind.Invocation);
        });
    }

    private static void AnalyzePropertyReference(
        OperationAnalysisContext context,
        KnownTypes types,
        WrapperFacts wrappers,
        TypeFactsCache<RecoveryFacts> recovery,
        TypeFactsCache<HashSet<ISymbol>> closers)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != "Connected" || reference.Instance is null)
        {
            AnalyzeWrapperUse(context, reference, reference.Property, reference.Instance, types, wrappers);
            return;
        }

        var owner = reference.Property.ContainingType?.OriginalDefinition;
        string display;
        if (owner.Is(types.Socket))
        {
            display = "Socket.Connected";
        }
        else if (owner.Is(types.TcpClient))
        {
            display = "TcpClient.Connected";
        }
        else
        {
            // A Connected of the type's own (public bool Connected => client.Connected;): maybe a wrapper.
            AnalyzeWrapperUse(context, reference, reference.Property, reference.Instance, types, wrappers);
            return;
        }

        var (condition, negated) = WalkUpToCondition(reference);
        var decides = condition.Parent switch
        {
            IWhileLoopOperation loop when loop.Condition == condition => !IsExemptLoop(loop, reference.Instance, types),
            IForLoopOperation loop when loop.Condition == condition => !IsExemptLoop(loop, reference.Instance, types),
            IConditionalOperation branch when branch.Condition == condition => !IsExemptBranch(branch, negated, reference.Instance, types)
                && !IsInConstructor(branch, context.ContainingSymbol)
                && !IsLazyConnectBeforeRetriedRequest(branch, negated, types, recovery, context.Compilation, context.CancellationToken)
                && !IsQuickExitBeforeSelfDetectingIo(branch, negated, reference.Instance, types, closers, context.Compilation, context.CancellationToken),
            _ => false,
        } && !ProbesNearby(reference, condition, types) && !ComesFromPollingMethod(reference.Instance, reference);
        if (decides)
        {
            // `client?.Connected`: report the whole conditional access, not just `.Connected`.
            var reported = reference.Instance is IConditionalAccessInstanceOperation && reference.Parent is IConditionalAccessOperation access
                ? access.Syntax
                : reference.Syntax;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH204, reported.GetLocation(), display));
        }
    }

    /// <summary>
    /// Climbs from the property read through the boolean plumbing of a condition (<c>!</c>, <c>&amp;&amp;</c>, <c>||</c>,
    /// <c>== true/false</c>, <c>is true/false</c>, <c>?.</c>, <c>?? false</c>) and tells whether the read ends up negated.
    /// </summary>
    private static (IOperation Condition, bool Negated) WalkUpToCondition(IOperation read)
    {
        var current = read;
        var negated = false;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation or IParenthesizedOperation:
                    break;
                case IConditionalAccessOperation access when access.WhenNotNull == current:
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }:
                    negated = !negated;
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.And or BinaryOperatorKind.Or }:
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equality
                    when OtherOperand(equality, current).WalkDownConversions().ConstantValue is { HasValue: true, Value: bool constant }:
                    negated ^= constant == (equality.OperatorKind == BinaryOperatorKind.NotEquals);
                    break;
                case IIsPatternOperation isPattern when isPattern.Value == current && PatternMatchesFalse(isPattern.Pattern) is { } matchesFalse:
                    negated ^= matchesFalse;
                    break;
                case ICoalesceOperation coalesce when coalesce.Value == current && coalesce.WhenNull.ConstantValue is { HasValue: true, Value: bool }:
                    break;
                default:
                    return (current, negated);
            }

            current = parent;
        }

        return (current, negated);
    }

    private static IOperation OtherOperand(IBinaryOperation binary, IOperation operand) =>
        binary.LeftOperand == operand ? binary.RightOperand : binary.LeftOperand;

    /// <summary><c>is false</c>/<c>is not true</c>: true; <c>is true</c>/<c>is not false</c>: false; any other pattern: null.</summary>
    private static bool? PatternMatchesFalse(IPatternOperation pattern)
    {
        switch (pattern)
        {
            case IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: bool constant } }:
                return !constant;
            case INegatedPatternOperation negatedPattern:
                return PatternMatchesFalse(negatedPattern.Pattern) is { } inner ? !inner : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Loops that do not rely on the property: a connect-retry loop (the body connects the same connection, so the read
    /// reflects that attempt), a read loop that already tests a read's count for 0 (it detects the close itself), and loops
    /// whose own I/O ends them (a helper that closes the connection, reports a failed send, or throws on a 0-byte read).
    /// </summary>
    private static bool IsExemptLoop(ILoopOperation loop, IOperation connection, KnownTypes types) =>
        SameConnection.HasCallOn(loop.Body, connection, TcpCallKind.Connect, types) || TestsReadCountForZero(loop, types)
        || BodyHelperClosesIt(loop, connection, types) || ExitsWhenIoHelperFails(loop, connection, types)
        || CallsThrowingReadHelper(loop, types) || CatchClosesInLoop(loop, connection, types);

    /// <summary>
    /// Branches that do not ask "is the peer still there": a status check right after connecting (the state of the last
    /// I/O is the connect), a guard before closing or shutting the connection down, a ternary that only picks a status text.
    /// </summary>
    private static bool IsExemptBranch(IConditionalOperation branch, bool negated, IOperation connection, KnownTypes types)
    {
        if (branch.Type is not null && branch.WhenFalse is not null
            && branch.WhenTrue.ConstantValue.HasValue && branch.WhenFalse.ConstantValue.HasValue)
        {
            return true;
        }

        if (!negated && SameConnection.HasCallOn(branch.WhenTrue, connection, TcpCallKind.Close, types))
        {
            return true;
        }

        // The member detects the close itself from a read's count (`if (!socket.Connected) return;` as a shortcut before
        // an EndReceive whose count is tested for 0).
        if (branch.MemberRoot() is { } root && TestsReadCountForZero(root, types))
        {
            return true;
        }

        return SameConnection.HasCallOn(branch.Condition, connection, TcpCallKind.Connect, types) || FollowsConnect(branch, connection, types);
    }

    /// <summary>An earlier statement of the same block connects the connection, with no I/O on it in between.</summary>
    private static bool FollowsConnect(IOperation operation, IOperation connection, KnownTypes types)
    {
        var statement = operation;
        while (statement.Parent is not null and not IBlockOperation)
        {
            if (statement.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            statement = statement.Parent;
        }

        if (statement.Parent is not IBlockOperation block)
        {
            return false;
        }

        var index = block.Operations.IndexOf(statement);
        for (var i = index - 1; i >= 0; i--)
        {
            var previous = block.Operations[i];
            if (SameConnection.HasCallOn(previous, connection, TcpCallKind.Connect, types))
            {
                return true;
            }

            if (SameConnection.HasCallOn(previous, connection, TcpCallKind.Send, types)
                || SameConnection.HasCallOn(previous, connection, TcpCallKind.Receive, types)
                || SameConnection.HasCallOn(previous, connection, TcpCallKind.GetStream, types)
                || SameConnection.HasCallOn(previous, connection, TcpCallKind.Close, types))
            {
                // Talked over the connection since connecting: the property now reflects that I/O.
                return false;
            }
        }

        return false;
    }

    /// <summary>Somewhere in the loop a read's count (directly or through a local) is compared with 0 or 1 or matched by a pattern.</summary>
    private static bool TestsReadCountForZero(IOperation loop, KnownTypes types)
    {
        foreach (var operation in loop.Descendants())
        {
            IOperation? tested = operation switch
            {
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                    or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                    when IsZeroOrOne(comparison.RightOperand) => comparison.LeftOperand,
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                    or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                    when IsZeroOrOne(comparison.LeftOperand) => comparison.RightOperand,
                IIsPatternOperation isPattern => isPattern.Value,
                _ => null,
            };
            if (tested is not null && IsReadCount(tested, loop, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A counting read, or a conditional choosing between two (<c>ssl ? await ssl.ReadAsync(...) : await net.ReadAsync(...)</c>).</summary>
    private static bool IsCountingRead(IOperation value, KnownTypes types) => value switch
    {
        IInvocationOperation read => IsCountingRead(read, types),
        IConditionalOperation { WhenFalse: { } whenFalse } choice => IsCountingRead(Unwrap(choice.WhenTrue), types) || IsCountingRead(Unwrap(whenFalse), types),
        _ => false,
    };

    /// <summary>A read that returns a count: Receive/Read and their async forms, and the EndReceive/EndRead of the APM pattern.</summary>
    private static bool IsCountingRead(IInvocationOperation read, KnownTypes types) =>
        TcpCallKinds.Classify(read, types) == TcpCallKind.Receive
        || (read.TargetMethod.Name is "EndReceive" or "EndRead"
            && (read.TargetMethod.ContainingType.IsOrDerivesFrom(types.Socket) || read.TargetMethod.ContainingType.IsOrDerivesFrom(types.Stream)));

    private static bool IsZeroOrOne(IOperation operand) =>
        operand.ConstantValue is { HasValue: true, Value: int value } && value is 0 or 1;

    private static bool IsReadCount(IOperation tested, IOperation loop, KnownTypes types)
    {
        var value = Unwrap(tested);
        if (value is IInvocationOperation invocation)
        {
            return IsCountingRead(invocation, types);
        }

        if (value is not ILocalReferenceOperation local)
        {
            return false;
        }

        foreach (var operation in loop.Descendants())
        {
            var assigned = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local.Local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when target.Local.Is(local.Local) => assignment.Value,
                _ => null,
            };
            if (assigned is not null && IsCountingRead(Unwrap(assigned), types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Through conversions, parentheses, <c>await</c>, assignments used as values and <c>ConfigureAwait</c>.</summary>
    private static IOperation Unwrap(IOperation operation)
    {
        var current = operation.WalkDownConversions();
        while (true)
        {
            switch (current)
            {
                case IAwaitOperation awaited:
                    current = awaited.Operation.WalkDownConversions();
                    break;
                case ISimpleAssignmentOperation assignment:
                    current = assignment.Value.WalkDownConversions();
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } awaitable }:
                    current = awaitable.WalkDownConversions();
                    break;
                default:
                    return current;
            }
        }
    }
}
