using Microsoft.CodeAnalysis;
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
    public static string? PerOperationReason(IOperation value, ISymbol containingSymbol, KnownTypes types)
    {
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
    private static bool IsExtensionReceiver(IInvocationOperation call, IArgumentOperation argument) =>
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
}
