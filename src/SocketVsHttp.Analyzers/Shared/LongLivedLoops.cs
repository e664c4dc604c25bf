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
/// <item>a conjunction whose every operand is one of these, a disjunction with at least one.</item>
/// </list>
/// <c>foreach</c> loops and loops bounded by a counter or a local flag are not long-lived.
/// </summary>
internal static class LongLivedLoops
{
    public static bool IsLongLived(ILoopOperation loop, KnownTypes types) => loop switch
    {
        IWhileLoopOperation whileLoop => whileLoop.ConditionIsUntil
            ? IsConstant(whileLoop.Condition, false)
            : whileLoop.Condition is null || IsLongLivedCondition(whileLoop.Condition, types),
        IForLoopOperation forLoop => forLoop.Condition is null || IsLongLivedCondition(forLoop.Condition, types),
        _ => false,
    };

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
                return IsLongLivedCondition(and.LeftOperand, types) && IsLongLivedCondition(and.RightOperand, types);
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
