using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Recognizes <c>WebSocket.ReceiveAsync</c> calls and the operation that yields their receive result.</summary>
internal static class WebSocketReceiveCalls
{
    /// <summary>
    /// True for an instance <c>ReceiveAsync</c> of WebSocket (or a subclass) returning <c>Task&lt;WebSocketReceiveResult&gt;</c>
    /// (ArraySegment overload) or <c>ValueTask&lt;ValueWebSocketReceiveResult&gt;</c> (Memory overload).
    /// </summary>
    public static bool IsReceiveAsync(IMethodSymbol method, KnownTypes types)
    {
        if (method.IsStatic || method.Name != "ReceiveAsync" || !method.IsMemberOf(types.WebSocket))
        {
            return false;
        }

        if (method.ReturnType is not INamedTypeSymbol { TypeArguments.Length: 1 } returnType)
        {
            return false;
        }

        var resultType = returnType.TypeArguments[0];
        var awaitable = returnType.OriginalDefinition;
        return (awaitable.Is(types.Task1) && resultType.Is(types.WebSocketReceiveResult))
            || (awaitable.Is(types.ValueTask1) && resultType.Is(types.ValueWebSocketReceiveResult));
    }

    /// <summary>
    /// The operation whose value is the receive result: <c>await call</c> (also through <c>ConfigureAwait</c>),
    /// <c>call.Result</c> or <c>call.GetAwaiter().GetResult()</c>; null when the task itself is stored, passed on or combined.
    /// </summary>
    public static IOperation? ResultOf(IInvocationOperation receiveCall)
    {
        var task = receiveCall.WalkUpConversions();
        if (task.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == task)
        {
            task = configured.WalkUpConversions();
        }

        switch (task.Parent)
        {
            case IAwaitOperation awaited:
                return awaited;
            case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == task:
                return result;
            case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter when awaiter.Instance == task:
                var awaiterValue = awaiter.WalkUpConversions();
                return awaiterValue.Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult && getResult.Instance == awaiterValue
                    ? getResult
                    : null;
            default:
                return null;
        }
    }
}
