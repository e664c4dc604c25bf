using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// Whether a client that owns a long-lived connection (SVH111's GrpcChannel, SVH209's Redis, RabbitMQ, Cosmos,
/// Service Bus and Npgsql clients) lives for one operation: SVH101's answer (<see cref="HttpClientLifetime"/>) asked of
/// the value the creation or factory call gives, seen through <c>await</c> and <c>ConfigureAwait</c>. Unlike an
/// HttpClient, these clients make objects that hold them (a database, a container, a sender, a channel): a client kept
/// only in a local whose made objects are returned or stored lives as long as they do, and is not per operation.
/// </summary>
internal static class ConnectionOwnerLifetime
{
    /// <summary>Diagnostic property: how the fix may share the creation (<see cref="StaticShare"/> or <see cref="LazyShare"/>); absent: no fix.</summary>
    public const string ShareProperty = "Share";

    /// <summary>The creation moves to a static readonly field unchanged (it only parses its settings, it does not connect).</summary>
    public const string StaticShare = "static";

    /// <summary>The creation connects and can fail at run time: it moves into a <c>Lazy&lt;T&gt;</c> that retries after a failure.</summary>
    public const string LazyShare = "lazy";

    /// <summary>Why the client made by <paramref name="creation"/> lives for one operation (the diagnostic's wording), or null.</summary>
    public static string? PerOperationReason(IOperation creation, ISymbol containingSymbol, KnownTypes types, IAssemblySymbol clientAssembly)
    {
        var value = ResultOf(creation);
        var reason = HttpClientLifetime.PerOperationReason(value, containingSymbol, types, out var keptInLocalOnly);
        if (reason is null || keptInLocalOnly && MadeObjectEscapes(value.MemberRoot(), clientAssembly) || TargetChangesPerIteration(creation) ||
            creation.EnclosingLoop() is null && LivesAsLongAsTheWork(creation, containingSymbol, types))
        {
            return null;
        }

        return reason;
    }

    /// <summary>
    /// True when the method that makes the client (outside any loop) is itself the long-lived work: a
    /// <c>BackgroundService.ExecuteAsync</c>, or a body that then runs a loop for the life of the connection
    /// (<see cref="LongLivedLoops"/>), waits for ever (<c>Task.Delay(Timeout.Infinite)</c>) or for the console
    /// (<c>Console.ReadLine()</c>): a consumer's <c>await using var connection = ...</c> there is made once, not per operation.
    /// </summary>
    internal static bool LivesAsLongAsTheWork(IOperation creation, ISymbol containingSymbol, KnownTypes types)
    {
        if (creation.EnclosingFunction() is null && BackgroundWork.IsBackgroundServiceExecute(containingSymbol as IMethodSymbol, types))
        {
            return true;
        }

        if (HttpClientLifetime.FunctionBody(creation) is not { } body)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case ILoopOperation loop when !HttpClientLifetime.InNestedFunction(loop, body) && LongLivedLoops.IsLongLived(loop, types) && !EndsEveryPass(loop):
                    return true;
                case IInvocationOperation { TargetMethod: { IsStatic: true } method } call when !HttpClientLifetime.InNestedFunction(call, body) && WaitsForever(method, call):
                    return true;
            }
        }

        return false;
    }

    /// <summary>A loop whose body ends in a <c>return</c>, <c>throw</c> or <c>break</c> runs one pass: it is not long-lived work.</summary>
    private static bool EndsEveryPass(ILoopOperation loop) =>
        loop.Body is IBlockOperation { Operations: { Length: > 0 } operations }
        && operations[operations.Length - 1] is IReturnOperation or IThrowOperation or IBranchOperation { BranchKind: BranchKind.Break }
            or IExpressionStatementOperation { Operation: IThrowOperation };

    /// <summary><c>Task.Delay(Timeout.Infinite)</c> / <c>Task.Delay(-1, token)</c> / <c>Timeout.InfiniteTimeSpan</c>, <c>Console.ReadLine()</c>, <c>Console.ReadKey()</c>.</summary>
    private static bool WaitsForever(IMethodSymbol method, IInvocationOperation call)
    {
        var type = method.ContainingType;
        if (type?.ContainingNamespace is not { Name: "System" or "Tasks" })
        {
            return false;
        }

        if (type.Name == "Console" && method.Name is "ReadLine" or "ReadKey")
        {
            return true;
        }

        if (type.Name != "Task" || method.Name != "Delay" || call.Arguments.Length == 0)
        {
            return false;
        }

        var delay = call.Arguments[0].Value.WalkDownConversions();
        return delay.ConstantValue is { HasValue: true, Value: -1 } ||
               delay is IFieldReferenceOperation { Field.Name: "Infinite" or "InfiniteTimeSpan" } ||
               delay is IPropertyReferenceOperation { Property.Name: "InfiniteTimeSpan" };
    }

    /// <summary>
    /// True when the creation sits in a loop and its arguments name the loop's own variables (<c>foreach (var cs in
    /// accounts) { using var client = new CosmosClient(cs); ... }</c>): each iteration may talk to another server, and one
    /// client per server is what the vendors ask for.
    /// </summary>
    private static bool TargetChangesPerIteration(IOperation creation)
    {
        if (creation.EnclosingLoop() is not { } loop)
        {
            return false;
        }

        var loopSpan = loop.Syntax.Span;
        foreach (var operation in creation.Descendants())
        {
            if (operation is ILocalReferenceOperation reference &&
                reference.Local.DeclaringSyntaxReferences.Length > 0 &&
                loopSpan.Contains(reference.Local.DeclaringSyntaxReferences[0].Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The share kind when the creation can move to a shared static unchanged (its arguments do not depend on the call
    /// and nothing configures the client after it is made), else null.
    /// </summary>
    public static string? ShareKind(IOperation creation, bool connects) =>
        HttpClientLifetime.IsContextFree(creation) && !HttpClientLifetime.IsConfiguredAfterCreation(creation)
            ? connects ? LazyShare : StaticShare
            : null;

    /// <summary>True when the factory's result is a task (ConnectAsync, CreateConnectionAsync): no shared-static fix.</summary>
    public static bool IsAsyncFactory(IInvocationOperation call, KnownTypes types)
    {
        var returned = call.TargetMethod.ReturnType.OriginalDefinition;
        return returned.Is(types.Task) || returned.Is(types.Task1) || returned.Is(types.ValueTask) || returned.Is(types.ValueTask1);
    }

    /// <summary>The operation that holds the client: the call itself, or the <c>await</c> of it (through <c>ConfigureAwait</c>).</summary>
    private static IOperation ResultOf(IOperation creation)
    {
        var value = creation.WalkUpConversions();
        if (value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == value)
        {
            value = configure.WalkUpConversions();
        }

        return value.Parent is IAwaitOperation awaited ? awaited : value;
    }

    /// <summary>
    /// True when the member returns or stores (field, property, argument of a call into another library or the user's
    /// code) an object of the client's library: a database, collection, container or sender made by the client keeps it alive.
    /// </summary>
    private static bool MadeObjectEscapes(IOperation root, IAssemblySymbol clientAssembly)
    {
        foreach (var operation in root.Descendants())
        {
            var kept = operation switch
            {
                IReturnOperation { ReturnedValue: { } returned } => returned.WalkDownConversions(),
                ISimpleAssignmentOperation { Target: IFieldReferenceOperation or IPropertyReferenceOperation } assignment => assignment.Value.WalkDownConversions(),
                IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation } argument when !IsClientLibraryCall(argument.Parent!, clientAssembly) => argument.Value.WalkDownConversions(),
                _ => null,
            };
            if (kept?.Type is { IsReferenceType: true } type && IsFromLibrary(type, clientAssembly))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsClientLibraryCall(IOperation call, IAssemblySymbol clientAssembly) => call switch
    {
        IInvocationOperation invocation => SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingAssembly, clientAssembly),
        IObjectCreationOperation creation => creation.Constructor is { } constructor && SymbolEqualityComparer.Default.Equals(constructor.ContainingAssembly, clientAssembly),
        _ => false,
    };

    private static bool IsFromLibrary(ITypeSymbol type, IAssemblySymbol clientAssembly)
    {
        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, clientAssembly))
        {
            return true;
        }

        // `IMongoCollection<User>` counts; so does a `List<IDatabase>`.
        if (type is INamedTypeSymbol { IsGenericType: true } generic)
        {
            foreach (var argument in generic.TypeArguments)
            {
                if (argument.IsReferenceType && SymbolEqualityComparer.Default.Equals(argument.ContainingAssembly, clientAssembly))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
