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

    /// <summary>
    /// True when reading <paramref name="content"/> waits for no network: content built in memory (<c>StringContent</c>,
    /// <c>ByteArrayContent</c>, <c>FormUrlEncodedContent</c>, <c>ReadOnlyMemoryContent</c>), or the <c>Content</c> of a
    /// response whose request completed with the default <c>ResponseContentRead</c> (the body was buffered before the
    /// task completed). Locals count when every value assigned to them does. Anything unknown (a parameter, a field, a
    /// response requested with <c>ResponseHeadersRead</c> or a non-constant option) is not buffered.
    /// </summary>
    public static bool IsBufferedContent(IOperation? content, KnownTypes types) => IsBufferedContent(content, types, depth: 0);

    private static bool IsBufferedContent(IOperation? content, KnownTypes types, int depth)
    {
        switch (content?.WalkDownConversions())
        {
            case IObjectCreationOperation creation:
                return creation.Type.IsOrDerivesFrom(types.ByteArrayContent) || creation.Type.IsOrDerivesFrom(types.ReadOnlyMemoryContent);
            case IPropertyReferenceOperation { Property.Name: "Content" } property when property.Property.ContainingType.Is(types.HttpResponseMessage):
                return IsBufferedResponse(property.Instance, types, depth);
            case ILocalReferenceOperation local when depth < 4:
                return AllAssigned(local, value => IsBufferedContent(value, types, depth + 1));
            default:
                return false;
        }
    }

    /// <summary>A response from an awaited (or <c>.Result</c>, or synchronous <c>Send</c>) HttpClient request made with the default completion option.</summary>
    private static bool IsBufferedResponse(IOperation? response, KnownTypes types, int depth)
    {
        switch (response?.WalkDownConversions())
        {
            case IAwaitOperation awaited:
                return IsBufferedRequest(SkipConfigureAwait(awaited.Operation, types), types);
            case IPropertyReferenceOperation { Property.Name: "Result" } result when IsTaskLike(result.Property.ContainingType, types) && result.Instance is not null:
                return IsBufferedRequest(SkipConfigureAwait(result.Instance, types), types);
            case IInvocationOperation { TargetMethod.Name: "Send" } send:
                return IsBufferedRequest(send, types);
            case ILocalReferenceOperation local when depth < 4:
                return AllAssigned(local, value => IsBufferedResponse(value, types, depth + 1));
            default:
                return false;
        }
    }

    private static bool IsBufferedRequest(IOperation request, KnownTypes types)
    {
        if (request.WalkDownConversions() is not IInvocationOperation call)
        {
            return false;
        }

        if (!IsHttpClientMethod(call.TargetMethod, types))
        {
            // A wrapper of the same compilation (ApiGetAsync -> ApiCallAsync -> _httpClient.SendAsync(request, token)):
            // buffered when every path returns a buffered HttpClient request.
            return BufferedResponseWrappers.ReturnsBuffered(call.TargetMethod, types);
        }

        if (!IsBufferingRequestMethod(call.TargetMethod.Name) || !call.TargetMethod.ContainingType.IsOrDerivesFrom(types.HttpClient))
        {
            // HttpMessageInvoker.SendAsync returns when the handler does: after the headers.
            return false;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Type.Is(types.HttpCompletionOption) == true && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                // Only a constant ResponseContentRead (0) is known to buffer.
                return argument.Value.ConstantValue is { HasValue: true, Value: 0 };
            }
        }

        return true;
    }

    /// <summary>The HttpClient methods whose task completes after the body is read, unless told otherwise by an <c>HttpCompletionOption</c>.</summary>
    internal static bool IsBufferingRequestMethod(string name) =>
        name is "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync" or "SendAsync" or "Send";

    private static bool AllAssigned(ILocalReferenceOperation local, System.Func<IOperation, bool> predicate)
    {
        var values = LocalOrigins.AssignedValues(local);
        if (values is null || values.Count == 0)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!predicate(value))
            {
                return false;
            }
        }

        return true;
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
