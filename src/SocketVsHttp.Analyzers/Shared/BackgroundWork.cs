using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// "Does this code run in the background, where nobody observes its exceptions?" Understood: a delegate handed to
/// <c>new Thread(...)</c>, <c>Task.Run</c>, <c>Task.Factory.StartNew</c>, <c>ThreadPool.QueueUserWorkItem</c>; <c>async void</c>
/// methods, lambdas and local functions; a <c>BackgroundService.ExecuteAsync</c> override.
/// </summary>
internal static class BackgroundWork
{
    /// <summary>True when <paramref name="function"/> (a lambda or a method-group delegate creation) is handed to a thread/task starter.</summary>
    public static bool IsStartedInBackground(IOperation function, KnownTypes types) => Starter(function, types) is not null;

    /// <summary>
    /// How <paramref name="function"/> (a lambda or a method-group delegate creation) is started, for messages: "a Thread",
    /// "Task.Run", "Task.Factory.StartNew", "ThreadPool.QueueUserWorkItem"; null when it is not handed to a thread/task starter.
    /// </summary>
    public static string? Starter(IOperation function, KnownTypes types)
    {
        var current = function;
        if (current.Parent is IDelegateCreationOperation creation)
        {
            current = creation;
        }

        current = current.WalkUpConversions();
        if (current.Parent is IDelegateCreationOperation outerCreation)
        {
            // new Thread(new ThreadStart(Pump))
            current = outerCreation.WalkUpConversions();
        }

        if (current.Parent is not IArgumentOperation argument)
        {
            return null;
        }

        switch (argument.Parent)
        {
            case IObjectCreationOperation objectCreation:
                return objectCreation.Type.IsOrDerivesFrom(types.Thread) ? "a Thread" : null;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                return method.Name switch
                {
                    "Run" when method.ContainingType.Is(types.Task) => "Task.Run",
                    "StartNew" when method.ContainingType.OriginalDefinition.Is(types.TaskFactory) || IsGenericTaskFactory(method.ContainingType, types) => "Task.Factory.StartNew",
                    "QueueUserWorkItem" or "UnsafeQueueUserWorkItem" when method.ContainingType.Is(types.ThreadPool) => "ThreadPool." + method.Name,
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary>
    /// True when <paramref name="function"/> is handed to a starter whose exceptions do not come back to the code around the start:
    /// <c>new Thread(...)</c>, <c>ThreadPool.QueueUserWorkItem</c>, or <c>Task.Run</c>/<c>StartNew</c> whose task is dropped
    /// (<c>Task.Run(...);</c>, <c>_ = Task.Run(...);</c>). A task that is awaited, waited on, returned or stored is observed.
    /// </summary>
    public static bool IsStartedUnobserved(IOperation function, KnownTypes types)
    {
        var starter = Starter(function, types);
        if (starter is null)
        {
            return false;
        }

        if (starter == "a Thread" || starter.StartsWith("ThreadPool.", System.StringComparison.Ordinal))
        {
            return true;
        }

        // The Task.Run / StartNew invocation: lambda -> (delegate creation, conversion) -> argument -> invocation.
        IOperation? current = function;
        while (current is not null and not IInvocationOperation)
        {
            current = current.Parent;
        }

        if (current is null)
        {
            return false;
        }

        var use = current.WalkUpConversions();
        return use.Parent is IExpressionStatementOperation
            || (use.Parent is ISimpleAssignmentOperation { Target: IDiscardOperation } discard && discard.Value == use);
    }

    /// <summary><c>async void</c>: an exception escapes to the synchronization context and usually ends the process.</summary>
    public static bool IsAsyncVoid(IMethodSymbol? method) => method is { IsAsync: true, ReturnsVoid: true };

    /// <summary>An override of <c>BackgroundService.ExecuteAsync</c>.</summary>
    public static bool IsBackgroundServiceExecute(IMethodSymbol? method, KnownTypes types)
    {
        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            if (current.Name == "ExecuteAsync" && current.ContainingType.Is(types.BackgroundService))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGenericTaskFactory(INamedTypeSymbol type, KnownTypes types) =>
        type.Name == "TaskFactory" && type.IsGenericType && type.ContainingNamespace.Is(types.TaskFactory?.ContainingNamespace);
}
