using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// "Does this loop run for the life of a connection?" Understood as long-lived:
/// <list type="bullet">
/// <item>no condition or a constant <c>true</c>: <c>while (true)</c>, <c>for (;;)</c>, <c>do { } while (true)</c>;</item>
/// <item><c>!token.IsCancellationRequested</c> on a <c>CancellationToken</c> or <c>CancellationTokenSource</c>;</item>
/// <item><c>x.Connected</c> on a <c>Socket</c>/<c>TcpClient</c>;</item>
/// <item><c>ws.State == WebSocketState.Open</c> (either side), <c>ws.State != WebSocketState.Closed</c>/<c>Aborted</c>;</item>
/// <item>a <c>bool</c> field or property of the loop's own type (this or static; not a local, not another object's), negated or not: <c>while (_running)</c>, <c>while (!_disposed)</c>;</item>
/// <item>a conjunction whose every operand is one of these, or a local <c>bool</c> (an error flag the body clears:
/// <c>while (_running &amp;&amp; ok)</c>) as long as one operand is one of these; a disjunction with at least one;</item>
/// <item><c>foreach</c> over <c>BlockingCollection&lt;T&gt;.GetConsumingEnumerable()</c> or <c>await foreach</c> over
/// <c>ChannelReader&lt;T&gt;.ReadAllAsync()</c>: it waits for items until the producer completes (usually at shutdown).</item>
/// </list>
/// Other <c>foreach</c> loops and loops bounded by a counter or a local flag alone are not long-lived.
/// <see cref="IsReceiveUntilClosed"/> answers a different question: a loop whose condition is the receive itself.
/// </summary>
internal static class LongLivedLoops
{
    public static bool IsLongLived(ILoopOperation loop, KnownTypes types) => loop switch
    {
        IWhileLoopOperation whileLoop => whileLoop.ConditionIsUntil
            ? IsConstant(whileLoop.Condition, false)
            : whileLoop.Condition is null || IsLongLivedCondition(whileLoop.Condition, types),
        IForLoopOperation forLoop => forLoop.Condition is null || IsLongLivedCondition(forLoop.Condition, types),
        IForEachLoopOperation forEachLoop => IsConsumingEnumeration(forEachLoop.Collection, types),
        _ => false,
    };

    /// <summary>
    /// The loop's condition receives from the connection and runs until the peer closes:
    /// <c>while ((n = await stream.ReadAsync(buffer)) &gt; 0)</c>, <c>while ((line = reader.ReadLine()) != null)</c>,
    /// <c>while (!reader.EndOfStream)</c> on a reader over a network stream. Such a loop lives as long as the connection,
    /// but it does leave on the close: it is not <see cref="IsLongLived"/> (which is about conditions that outlive the peer).
    /// </summary>
    public static bool IsReceiveUntilClosed(ILoopOperation loop, KnownTypes types)
    {
        var condition = loop.Condition();
        return condition is not null && IsUntilClosedCondition(condition, types);
    }

    /// <summary>
    /// The receive compared with its close value only: <c>(n = Read(...)) &gt; 0</c> / <c>!= 0</c> / <c>is &gt; 0</c>,
    /// <c>(line = ReadLine()) != null</c> / <c>is not null</c> / <c>ReadLine() is { } line</c> / <c>is string line</c>, <c>!reader.EndOfStream</c>; conjunctions with lifetime conditions
    /// (<c>_running &amp;&amp; (n = ...) &gt; 0</c>). A receive compared with anything else (<c>!= ""</c>, <c>&amp;&amp; total &lt; length</c>)
    /// reads one message, not the connection.
    /// </summary>
    private static bool IsUntilClosedCondition(IOperation condition, KnownTypes types)
    {
        var value = condition.WalkDownConversions();
        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                var left = IsUntilClosedCondition(and.LeftOperand, types);
                var right = IsUntilClosedCondition(and.RightOperand, types);
                return (left && (right || IsLongLivedCondition(and.RightOperand, types))) || (right && IsLongLivedCondition(and.LeftOperand, types));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan } comparison:
                return (IsReceive(comparison.LeftOperand, types) && IsCloseValue(comparison.RightOperand, comparison.OperatorKind != BinaryOperatorKind.LessThan))
                    || (IsReceive(comparison.RightOperand, types) && IsCloseValue(comparison.LeftOperand, comparison.OperatorKind != BinaryOperatorKind.GreaterThan));
            case IIsPatternOperation isPattern:
                return IsReceive(isPattern.Value, types)
                    && isPattern.Pattern is INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null or 0 } } }
                        or IRelationalPatternOperation { OperatorKind: BinaryOperatorKind.GreaterThan, Value.ConstantValue: { HasValue: true, Value: 0 } }
                        or IRecursivePatternOperation { DeconstructionSubpatterns.Length: 0, PropertySubpatterns.Length: 0 }
                        or IDeclarationPatternOperation { MatchesNull: false };
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return not.Operand.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "EndOfStream" } endOfStream
                    && ReceiveCalls.IsReaderOrWriterType(endOfStream.Property.ContainingType, types)
                    && ReceiveCalls.IsNetworkReaderOrWriter(endOfStream.Instance, types);
            default:
                return false;
        }
    }

    /// <summary>0 or null (a count or a line at the close), on the side the comparison expects.</summary>
    private static bool IsCloseValue(IOperation operation, bool expected) =>
        expected && operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: null or 0 };

    /// <summary>A receive on the connection, possibly assigned (<c>n = ...</c>) and awaited.</summary>
    private static bool IsReceive(IOperation operation, KnownTypes types)
    {
        var value = operation.WalkDownConversions();
        if (value is ISimpleAssignmentOperation assignment)
        {
            value = assignment.Value.WalkDownConversions();
        }

        if (value is IAwaitOperation await)
        {
            value = await.Operation.WalkDownConversions();
        }

        if (value is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance is { } task)
        {
            value = task.WalkDownConversions();
        }

        return value is IInvocationOperation invocation && ConnectionIoCalls.TryGet(invocation, types, out var call) && call.IsReceive;
    }

    /// <summary>True when <paramref name="condition"/> stays true for the life of a connection (see the type's summary).</summary>
    public static bool IsLongLivedCondition(IOperation condition, KnownTypes types)
    {
        var value = condition.WalkDownConversions();
        if (IsConstant(value, true))
        {
            return true;
        }

        switch (value)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and:
                // A local flag (`ok`, `!failed`) next to a lifetime condition: the body clears it on an error.
                return IsLocalFlag(and.LeftOperand)
                    ? IsLongLivedCondition(and.RightOperand, types)
                    : IsLongLivedCondition(and.LeftOperand, types) && (IsLocalFlag(and.RightOperand) || IsLongLivedCondition(and.RightOperand, types));
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } or:
                return IsLongLivedCondition(or.LeftOperand, types) || IsLongLivedCondition(or.RightOperand, types);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return IsCancellationRequested(not.Operand, types) || IsFlagMember(not.Operand);
            case IPropertyReferenceOperation { Property.Name: "Connected" } connected:
                return connected.Property.ContainingType.IsOrDerivesFrom(types.Socket) || connected.Property.ContainingType.IsOrDerivesFrom(types.TcpClient);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                return IsWebSocketStateTest(comparison, types);
            default:
                return IsFlagMember(value);
        }
    }

    /// <summary>A local <c>bool</c>, negated or not (not a parameter: that is the caller's bound).</summary>
    private static bool IsLocalFlag(IOperation operation)
    {
        var value = operation.WalkDownConversions();
        if (value is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            value = not.Operand.WalkDownConversions();
        }

        return value is ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean };
    }

    /// <summary><c>queue.GetConsumingEnumerable()</c> on a <c>BlockingCollection&lt;T&gt;</c>, <c>reader.ReadAllAsync()</c> on a <c>ChannelReader&lt;T&gt;</c>.</summary>
    private static bool IsConsumingEnumeration(IOperation collection, KnownTypes types)
    {
        if (collection.WalkDownConversions() is not IInvocationOperation { TargetMethod: var method })
        {
            return false;
        }

        return method.Name switch
        {
            "GetConsumingEnumerable" => method.ContainingType.OriginalDefinition.IsOrDerivesFrom(types.Get("System.Collections.Concurrent.BlockingCollection`1")),
            "ReadAllAsync" => method.ContainingType.OriginalDefinition.IsOrDerivesFrom(types.Get("System.Threading.Channels.ChannelReader`1")),
            _ => false,
        };
    }

    private static bool IsConstant(IOperation? operation, bool expected) =>
        operation is not null && operation.ConstantValue.HasValue && operation.ConstantValue.Value is bool value && value == expected;

    private static bool IsCancellationRequested(IOperation operation, KnownTypes types) =>
        operation.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" } property
        && (property.Property.ContainingType.Is(types.CancellationToken) || property.Property.ContainingType.IsOrDerivesFrom(types.CancellationTokenSource));

    /// <summary>A bool field or non-indexed property (a running/stopped flag), not a local or a parameter.</summary>
    private static bool IsFlagMember(IOperation operation)
    {
        var value = operation.WalkDownConversions();
        var instance = value switch
        {
            IFieldReferenceOperation field => field.Instance,
            IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Instance,
            _ => null,
        };
        var isMember = value is IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 };

        // Only the loop owner's own flag (this._running, a static flag): stream.DataAvailable and the like are not lifetimes.
        return isMember
            && value.Type?.SpecialType == SpecialType.System_Boolean
            && (instance is null || instance is IInstanceReferenceOperation);
    }

    private static bool IsWebSocketStateTest(IBinaryOperation comparison, KnownTypes types)
    {
        if (types.WebSocketState is null)
        {
            return false;
        }

        var left = comparison.LeftOperand.WalkDownConversions();
        var right = comparison.RightOperand.WalkDownConversions();
        var stateValue = left is IFieldReferenceOperation ? right : left;
        var enumValue = left is IFieldReferenceOperation ? left : right;
        if (enumValue is not IFieldReferenceOperation field || !field.Field.ContainingType.Is(types.WebSocketState)
            || stateValue is not IPropertyReferenceOperation { Property.Name: "State" } state || !state.Type.Is(types.WebSocketState))
        {
            return false;
        }

        return comparison.OperatorKind == BinaryOperatorKind.Equals
            ? field.Field.Name == "Open"
            : field.Field.Name is "Closed" or "Aborted";
    }
}
