using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// Facts about calls on sockets and network streams whose return value is a byte count: which calls those are,
/// whether the count is thrown away, and which variable a socket call is made on.
/// </summary>
internal static class SocketCallFacts
{
    /// <summary>
    /// <c>Socket.Receive(...)</c> / <c>Socket.ReceiveAsync(...)</c> (incl. the <c>SocketTaskExtensions</c> forms) that return a
    /// byte count (int, Task&lt;int&gt;, ValueTask&lt;int&gt;). <c>ReceiveAsync(SocketAsyncEventArgs)</c> returns a bool and
    /// <c>ReceiveFrom</c>/<c>ReceiveMessageFrom</c> are datagram calls: neither is a receive here.
    /// </summary>
    public static bool IsSocketReceive(IMethodSymbol method, KnownTypes types) =>
        (method.Name == "Receive" || method.Name == "ReceiveAsync")
        && IsOn(method, types.Socket)
        && ReturnsCount(method, types);

    /// <summary><c>Read(...)</c> / <c>ReadAsync(...)</c> on a stream (not ReadByte, ReadExactly, ReadAtLeast), returning a count.</summary>
    public static bool IsStreamRead(IMethodSymbol method, KnownTypes types) =>
        (method.Name == "Read" || method.Name == "ReadAsync")
        && !method.IsExtensionMethod
        && method.ContainingType.IsOrDerivesFrom(types.Stream)
        && ReturnsCount(method, types);

    /// <summary>The synchronous <c>Socket.Send(...)</c> (every overload returns the count of bytes sent).</summary>
    public static bool IsSocketSend(IMethodSymbol method, KnownTypes types) =>
        method.Name == "Send" && !method.IsExtensionMethod && method.ContainingType.IsOrDerivesFrom(types.Socket)
        && method.ReturnType.SpecialType == SpecialType.System_Int32;

    /// <summary>
    /// The operation whose value is thrown away when <paramref name="call"/>'s count is discarded: the call itself
    /// (<c>s.Read(...);</c>), its <c>await</c> (<c>await s.ReadAsync(...);</c>, also through <c>ConfigureAwait</c>), or the same
    /// assigned to the discard (<c>_ = ...;</c>). Null when the count is used. An un-awaited async call is not a discarded
    /// count (the task is dropped; that is another mistake).
    /// </summary>
    public static IExpressionStatementOperation? DiscardingStatement(IInvocationOperation call, KnownTypes types)
    {
        IOperation current = call.WalkUpConversions();
        var isAsync = call.TargetMethod.ReturnType.SpecialType != SpecialType.System_Int32;
        if (isAsync)
        {
            if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
            {
                current = configureAwait.WalkUpConversions();
            }

            if (current.Parent is not IAwaitOperation awaited)
            {
                return null;
            }

            current = awaited.WalkUpConversions();
        }

        if (current.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value == current)
        {
            current = discard;
        }

        return current.Parent as IExpressionStatementOperation;
    }

    /// <summary>
    /// A deliberate zero-byte read (<c>ReadAsync(Memory&lt;byte&gt;.Empty)</c>, <c>Receive(Array.Empty&lt;byte&gt;())</c>, a count of 0):
    /// it waits until data is available without consuming any, so there is no count to lose.
    /// </summary>
    public static bool IsZeroByteRead(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is null || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            var name = argument.Parameter.Name;
            if ((name == "count" || name == "size") && value.ConstantValue.HasValue && value.ConstantValue.Value is 0)
            {
                return true;
            }

            if (name != "buffer")
            {
                continue;
            }

            switch (value)
            {
                case IDefaultValueOperation:
                case IPropertyReferenceOperation { Property.Name: "Empty", Property.IsStatic: true }:
                case IFieldReferenceOperation { Field.Name: "Empty", Field.IsStatic: true }:
                case IInvocationOperation { TargetMethod.Name: "Empty", TargetMethod.ContainingType.SpecialType: SpecialType.System_Array }:
                case IArrayCreationOperation { DimensionSizes.Length: 1 } array when array.DimensionSizes[0].ConstantValue.HasValue && array.DimensionSizes[0].ConstantValue.Value is 0:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The variable a call is made on: a local, parameter, field or source-declared property (so that writes to
    /// <c>socket.Blocking</c> elsewhere can be matched to it); null for anything else.
    /// </summary>
    public static ISymbol? ReceiverSymbol(IOperation? instance)
    {
        switch (instance?.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                return local.Local;
            case IParameterReferenceOperation parameter:
                return parameter.Parameter;
            case IFieldReferenceOperation field:
                return field.Field.OriginalDefinition;
            case IPropertyReferenceOperation { Property.DeclaringSyntaxReferences.Length: > 0 } property:
                return property.Property.OriginalDefinition;
            default:
                return null;
        }
    }

    /// <summary>
    /// For an object creation (<c>new Socket(...) { ... }</c>), the local, field or property it is stored in; null when it is
    /// not stored straight into one.
    /// </summary>
    public static ISymbol? StoredInto(IOperation creation)
    {
        var value = creation.WalkUpConversions();
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return declarator.Symbol;
            case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                return field.InitializedFields[0];
            case IPropertyInitializerOperation { InitializedProperties.Length: 1 } property:
                return property.InitializedProperties[0];
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return ReceiverSymbol(assignment.Target);
            default:
                return null;
        }
    }

    private static bool IsOn(IMethodSymbol method, INamedTypeSymbol? type)
    {
        if (method.IsExtensionMethod)
        {
            var receiver = method.ReducedFrom is { } reduced && reduced.Parameters.Length > 0
                ? reduced.Parameters[0].Type
                : method.Parameters.Length > 0 ? method.Parameters[0].Type : null;
            return receiver.IsOrDerivesFrom(type);
        }

        return method.ContainingType.IsOrDerivesFrom(type);
    }

    private static bool ReturnsCount(IMethodSymbol method, KnownTypes types)
    {
        var returnType = method.ReturnType;
        if (returnType.SpecialType == SpecialType.System_Int32)
        {
            return true;
        }

        return returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && generic.TypeArguments[0].SpecialType == SpecialType.System_Int32
            && (generic.OriginalDefinition.Is(types.Task1) || generic.OriginalDefinition.Is(types.ValueTask1));
    }
}
