using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Facts about calls on HttpClient / HttpMessageInvoker / HttpContent and the tasks they return.</summary>
internal static class HttpCallFacts
{
    /// <summary>
    /// True for a method of HttpMessageInvoker/HttpClient (or a subclass), or an extension method whose receiver is one
    /// (e.g. GetFromJsonAsync).
    /// </summary>
    public static bool IsHttpClientMethod(IMethodSymbol method, KnownTypes types) =>
        IsMethodOn(method, types.HttpMessageInvoker);

    /// <summary>True for a method of HttpContent (or a subclass), or an extension method whose receiver is one (e.g. ReadFromJsonAsync).</summary>
    public static bool IsHttpContentMethod(IMethodSymbol method, KnownTypes types) =>
        IsMethodOn(method, types.HttpContent);

    /// <summary>True when <paramref name="type"/> is Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
    public static bool IsTaskLike(ITypeSymbol? type, KnownTypes types)
    {
        if (type is null)
        {
            return false;
        }

        var definition = type.OriginalDefinition;
        return definition.Is(types.Task) || definition.Is(types.Task1) || definition.Is(types.ValueTask) || definition.Is(types.ValueTask1);
    }

    /// <summary>
    /// For <c>task.ConfigureAwait(x)</c> on a task-like value, the task; otherwise <paramref name="operation"/> itself
    /// (conversions and parentheses removed).
    /// </summary>
    public static IOperation SkipConfigureAwait(IOperation operation, KnownTypes types)
    {
        var current = operation.WalkDownConversions();
        if (current is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance } && IsTaskLike(instance.Type, types))
        {
            return instance.WalkDownConversions();
        }

        return current;
    }

    /// <summary>
    /// When <paramref name="task"/> (a task-like value) is awaited, read with <c>.Result</c> or <c>.GetAwaiter().GetResult()</c>
    /// (optionally after <c>ConfigureAwait</c>), the operation that yields its result; otherwise null.
    /// </summary>
    public static IOperation? ResultOf(IOperation task, KnownTypes types)
    {
        var current = task.WalkUpConversions();
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current)
        {
            current = configure.WalkUpConversions();
        }

        switch (current.Parent)
        {
            case IAwaitOperation awaited:
                return awaited;
            case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == current && IsTaskLike(result.Property.ContainingType, types):
                return result;
            case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } getAwaiter when getAwaiter.Instance == current:
                var awaiter = getAwaiter.WalkUpConversions();
                return awaiter.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult && getResult.Instance == awaiter ? getResult : null;
            default:
                return null;
        }
    }

    private static bool IsMethodOn(IMethodSymbol method, INamedTypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        if (method.IsExtensionMethod)
        {
            var receiver = method.ReducedFrom is { } reduced && reduced.Parameters.Length > 0
                ? reduced.Parameters[0].Type
                : method.Parameters.Length > 0 ? method.Parameters[0].Type : null;
            return receiver.IsOrDerivesFrom(type);
        }

        return method.ContainingType.IsOrDerivesFrom(type);
    }
}
