using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// Decides whether an HttpClient (or the value of a helper that returns a new one) lives for one operation only:
/// created in a loop, disposed in the same body, kept only in locals, or owned by a type the framework creates per request.
/// Anything whose lifetime cannot be known (stored in a field, passed on, returned) counts as long-lived: precision first.
/// </summary>
internal static class HttpClientLifetime
{
    public const string TopLevelProgramName = "<Main>$";

    /// <summary>Why <paramref name="value"/> lives for one operation only (the diagnostic's wording), or null when it does not.</summary>
    public static string? PerOperationReason(IOperation value, ISymbol containingSymbol, KnownTypes types) =>
        PerOperationReason(value, containingSymbol, types, out _);

    /// <summary>
    /// As <see cref="PerOperationReason(IOperation, ISymbol, KnownTypes)"/>; <paramref name="keptInLocalOnly"/> is true when the
    /// answer rests on the value being kept in locals and used for calls without being disposed (not on a `using`, a
    /// `Dispose()` or a per-request owner): a client whose calls make objects that hold it (SVH209) needs a further look.
    /// </summary>
    public static string? PerOperationReason(IOperation value, ISymbol containingSymbol, KnownTypes types, out bool keptInLocalOnly)
    {
        keptInLocalOnly = false;
        var function = value.EnclosingFunction();
        if (function is null)
        {
            switch (containingSymbol)
            {
                case IFieldSymbol or IPropertySymbol:
                    return containingSymbol.IsStatic || !IsPerRequestType(containingSymbol.ContainingType, types)
                        ? null
                        : "for every instance of '" + containingSymbol.ContainingType.Name + "', which the framework creates per request";
                case IMethodSymbol { MethodKind: MethodKind.StaticConstructor }:
                    return null;
                case IMethodSymbol { MethodKind: MethodKind.Constructor } constructor:
                    return IsPerRequestType(constructor.ContainingType, types)
                        ? "for every instance of '" + constructor.ContainingType.Name + "', which the framework creates per request"
                        : null;
            }
        }

        var inLoop = value.EnclosingLoop() is not null;
        if (function is null && !inLoop && IsEntryPoint(containingSymbol))
        {
            return null;
        }

        var use = Classify(value.WalkUpConversions());
        keptInLocalOnly = use == Use.LocalOnly;
        return use switch
        {
            Use.DisposedHere => inLoop ? "inside a loop" : "per call and disposed at its end",
            Use.LocalOnly => inLoop ? "inside a loop" : "per call and used for this call only",
            _ => null,
        };
    }

    /// <summary>The per-request hosts: MVC/API controllers, Razor pages, SignalR hubs, ASP.NET Framework controllers.</summary>
    public static bool IsPerRequestType(INamedTypeSymbol? type, KnownTypes types) =>
        type is not null &&
        (type.IsOrDerivesFrom(types.MvcControllerBase) ||
         type.IsOrDerivesFrom(types.RazorPageModel) ||
         type.IsOrDerivesFrom(types.SignalRHub) ||
         type.IsOrDerivesFrom(types.WebApiController) ||
         type.IsOrDerivesFrom(types.MvcFrameworkController));

    private static bool IsEntryPoint(ISymbol symbol) =>
        symbol is IMethodSymbol { IsStatic: true } method &&
        (method.Name == TopLevelProgramName || method.Name == "Main");

    private enum Use
    {
        Unknown,
        LocalOnly,
        DisposedHere,
    }

    private static Use Classify(IOperation value)
    {
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return UsingDeclarations.IsUsingDeclared(declarator) ? Use.DisposedHere : ClassifyLocal(declarator.Symbol, value);
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return assignment.Target is ILocalReferenceOperation local ? ClassifyLocal(local.Local, value) : Use.Unknown;
            case IUsingOperation:
                return Use.DisposedHere;
            case IInvocationOperation invocation when invocation.Instance == value:
                return Use.LocalOnly;
            case IMemberReferenceOperation member when member.Instance == value:
                return Use.LocalOnly;
            case IArgumentOperation { Parent: IInvocationOperation call } argument when IsExtensionReceiver(call, argument):
                return Use.LocalOnly;
            default:
                return Use.Unknown;
        }
    }

    /// <summary>Follows a local through its body: disposed there, only used for calls, or handed on (unknown).</summary>
    private static Use ClassifyLocal(ILocalSymbol local, IOperation value)
    {
        var body = value.EnclosingBody();
        var disposed = false;
        var escapes = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            var use = reference.WalkUpConversions();
            switch (use.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == use:
                    disposed |= invocation.TargetMethod.Name == nameof(System.IDisposable.Dispose);
                    break;
                case IConditionalAccessOperation conditional when conditional.Operation == use:
                    disposed |= conditional.WhenNotNull is IInvocationOperation { TargetMethod.Name: nameof(System.IDisposable.Dispose) };
                    break;
                case IMemberReferenceOperation member when member.Instance == use:
                    break;
                case IArgumentOperation { Parent: IInvocationOperation call } argument when IsExtensionReceiver(call, argument):
                    break;
                case IUsingOperation:
                    disposed = true;
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    break;
                default:
                    escapes = true;
                    break;
            }

            if (!escapes && reference.EnclosingFunction() != value.EnclosingFunction())
            {
                // Captured by a lambda or local function: the closure may outlive this call.
                escapes = !disposed;
            }
        }

        if (disposed)
        {
            return Use.DisposedHere;
        }

        return escapes ? Use.Unknown : Use.LocalOnly;
    }

    /// <summary>`client.GetFromJsonAsync(...)`: the client is the receiver of an extension method, a call on it.</summary>
    public static bool IsExtensionReceiver(IInvocationOperation call, IArgumentOperation argument) =>
        call.TargetMethod.IsExtensionMethod && argument.Parameter is { Ordinal: 0 };

    /// <summary>
    /// True when the creation's arguments and initializer do not depend on the call (no locals, parameters, instance
    /// members or awaits): only then can it move to a static field without changing behaviour.
    /// </summary>
    public static bool IsContextFree(IOperation creation)
    {
        foreach (var operation in creation.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation or IParameterReferenceOperation or IAwaitOperation or IInvalidOperation:
                    return false;
                case IInstanceReferenceOperation instance when instance.ReferenceKind != InstanceReferenceKind.ImplicitReceiver:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The client creations a function body returns fresh on every call: <c>return new HttpClient(...)</c>, or a local
    /// that holds one and is only configured (its properties read or written, <c>DefaultRequestHeaders</c> filled)
    /// before <c>return local;</c>. With <paramref name="allowFactoryClients"/>, the local may instead get the client
    /// from <c>IHttpClientFactory.CreateClient</c> on another branch (<c>client = factory != null ? ... : new HttpClient()</c>
    /// as an if/else): the creations are still returned. Empty when any return gives something else (a field, a cached
    /// client, another value) or the local is used any other way (disposed, passed on, stored, captured, used for a request).
    /// </summary>
    public static ImmutableArray<IObjectCreationOperation> FreshClientReturns(IOperation body, KnownTypes types, bool allowFactoryClients)
    {
        var httpClient = types.HttpClient;
        if (httpClient is null)
        {
            return ImmutableArray<IObjectCreationOperation>.Empty;
        }

        var creations = ImmutableArray.CreateBuilder<IObjectCreationOperation>();
        ILocalSymbol? local = null;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IReturnOperation { Kind: OperationKind.Return } returned || InNestedFunction(returned, body))
            {
                continue;
            }

            switch (returned.ReturnedValue?.WalkDownConversions())
            {
                case IObjectCreationOperation creation when creation.Type.IsOrDerivesFrom(httpClient):
                    creations.Add(creation);
                    break;
                case ILocalReferenceOperation reference when local is null || reference.Local.Is(local):
                    local = reference.Local;
                    break;
                default:
                    return ImmutableArray<IObjectCreationOperation>.Empty;
            }
        }

        if (local is not null && !AddConfiguredLocalCreations(local, body, types, allowFactoryClients, creations))
        {
            return ImmutableArray<IObjectCreationOperation>.Empty;
        }

        return creations.ToImmutable();
    }

    /// <summary>The body of the function (lambda, local function) or member that holds <paramref name="operation"/>.</summary>
    public static IOperation? FunctionBody(IOperation operation) => operation.EnclosingFunction() switch
    {
        IAnonymousFunctionOperation lambda => lambda.Body,
        ILocalFunctionOperation localFunction => localFunction.Body,
        null => operation.MemberRoot(),
        _ => null,
    };

    /// <summary>
    /// Adds the creations a returned local holds, when every value it is given is a new client (or, with
    /// <paramref name="allowFactoryClients"/>, a factory-made one) and its every other use only configures it; else false.
    /// </summary>
    private static bool AddConfiguredLocalCreations(ILocalSymbol local, IOperation body, KnownTypes types, bool allowFactoryClients, ImmutableArray<IObjectCreationOperation>.Builder creations)
    {
        var found = false;
        foreach (var operation in body.Descendants())
        {
            IOperation? value = null;
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local):
                    if (UsingDeclarations.IsUsingDeclared(declarator))
                    {
                        return false;
                    }

                    value = declarator.Initializer?.Value;
                    if (value is null)
                    {
                        continue;
                    }

                    break;
                case ILocalReferenceOperation reference when reference.Local.Is(local):
                    if (InNestedFunction(reference, body))
                    {
                        return false;
                    }

                    var use = reference.WalkUpConversions();
                    if (use.Parent is ISimpleAssignmentOperation assignment && assignment.Target == use && assignment.Parent is IExpressionStatementOperation)
                    {
                        value = assignment.Value;
                        break;
                    }

                    if (use.Parent is IReturnOperation || use.Parent is IPropertyReferenceOperation property && property.Instance == use)
                    {
                        continue;
                    }

                    return false;
                default:
                    continue;
            }

            switch (value.WalkDownConversions())
            {
                case IObjectCreationOperation creation when creation.Type.IsOrDerivesFrom(types.HttpClient):
                    creations.Add(creation);
                    found = true;
                    break;
                case IInvocationOperation { TargetMethod.Name: "CreateClient" } call when allowFactoryClients && IsFactoryMethod(call.TargetMethod, types):
                    break;
                case IInvalidOperation { Syntax: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateClient" } } }
                    when allowFactoryClients:
                    // `factory.CreateClient()` where the factory's assembly is not referenced (a build that misses it,
                    // code being typed): the factory branch does not change what the `new` branch does.
                    break;
                default:
                    return false;
            }
        }

        return found;
    }

    private static bool IsFactoryMethod(IMethodSymbol method, KnownTypes types)
    {
        var containing = (method.ReducedFrom ?? method).ContainingType;
        return containing.Is(types.IHttpClientFactory) || containing.Is(types.HttpClientFactoryExtensions);
    }

    /// <summary>True when <paramref name="operation"/> runs in a lambda or local function declared inside <paramref name="body"/>.</summary>
    public static bool InNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the client created by <paramref name="creation"/> is kept in a local (or field) that is configured afterwards:
    /// a property written (<c>client.Timeout = ...</c>, <c>client.BaseAddress = ...</c>) or <c>DefaultRequestHeaders</c>
    /// touched. Hoisting such a creation would apply that configuration to the shared client on every call.
    /// With <paramref name="handedOn"/>, a client passed to other code as an argument (<c>Configure(client)</c>, except as the
    /// receiver of a library's extension method such as <c>GetFromJsonAsync</c>) or copied into another variable
    /// (<c>var c = client; c.Timeout = ...</c>) counts as configured too: that code may configure it where this walk cannot see.
    /// </summary>
    public static bool IsConfiguredAfterCreation(IOperation creation, bool handedOn = false)
    {
        var value = creation.WalkUpConversions();
        ISymbol? holder = value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment when assignment.Value == value => target.Field,
            _ => null,
        };
        if (holder is null)
        {
            return false;
        }

        foreach (var operation in value.EnclosingBody().Descendants())
        {
            var held = operation switch
            {
                ILocalReferenceOperation reference => reference.Local,
                IFieldReferenceOperation reference => reference.Field,
                _ => (ISymbol?)null,
            };
            if (held is null || !held.Is(holder))
            {
                continue;
            }

            var use = operation.WalkUpConversions();
            if (use.Parent is IPropertyReferenceOperation property && property.Instance == use &&
                (property.Property.Name == "DefaultRequestHeaders" || property.Parent is IAssignmentOperation assignment && assignment.Target == property))
            {
                return true;
            }

            if (handedOn && IsHandedOn(use))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The client is an argument of other code (not the receiver of a library's extension method) or copied into a variable.</summary>
    private static bool IsHandedOn(IOperation use) => use.Parent switch
    {
        IArgumentOperation { Parent: IInvocationOperation call } argument =>
            !(call.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0 && call.TargetMethod.DeclaringSyntaxReferences.IsEmpty),
        IArgumentOperation => true,
        IVariableInitializerOperation => true,
        ISimpleAssignmentOperation assignment => assignment.Value == use,
        _ => false,
    };

    /// <summary>
    /// Every call of, and method-group reference to, a method of <paramref name="type"/> that returns a client
    /// (<paramref name="httpClient"/> or a subclass), found in <paramref name="roots"/>.
    /// </summary>
    public static Dictionary<IMethodSymbol, List<IOperation>> ClientHelperUses(ImmutableArray<IOperation> roots, INamedTypeSymbol type, INamedTypeSymbol httpClient)
    {
        var uses = new Dictionary<IMethodSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            foreach (var operation in root.DescendantsAndSelf())
            {
                var method = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
                if (method is null || method.ReturnsVoid || !method.ReturnType.IsOrDerivesFrom(httpClient) ||
                    !SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, type))
                {
                    continue;
                }

                var key = method.OriginalDefinition;
                if (!uses.TryGetValue(key, out var list))
                {
                    uses.Add(key, list = new List<IOperation>());
                }

                list.Add(operation);
            }
        }

        return uses;
    }

    /// <summary>True when a nested type of <paramref name="type"/> names <paramref name="name"/> (it may use a private member the type bodies do not cover).</summary>
    public static bool NestedTypesMention(INamedTypeSymbol type, string name, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            foreach (var reference in nested.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
                {
                    if (node is SimpleNameSyntax simpleName && simpleName.Identifier.ValueText == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The member (method, accessor, constructor, field or property for an initializer) whose body holds <paramref name="operation"/>.</summary>
    public static ISymbol? ContainingMember(IOperation operation)
    {
        var root = operation.MemberRoot();
        switch (root)
        {
            case IFieldInitializerOperation fieldInitializer:
                return fieldInitializer.InitializedFields.IsEmpty ? null : fieldInitializer.InitializedFields[0];
            case IPropertyInitializerOperation propertyInitializer:
                return propertyInitializer.InitializedProperties.IsEmpty ? null : propertyInitializer.InitializedProperties[0];
        }

        var symbol = root.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol;
    }
}
