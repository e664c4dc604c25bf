using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH103: a static or singleton HttpClient built with the default handler, an HttpClientHandler, or a SocketsHttpHandler
/// without PooledConnectionLifetime keeps its pooled connections forever and never sees DNS changes.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LongLivedHttpClientDnsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which rewrite the fix does (absent: no fix).</summary>
    internal const string FixKey = "Fix";

    /// <summary><c>new HttpClient()</c>: add a SocketsHttpHandler argument.</summary>
    internal const string FixAddHandler = "AddHandler";

    /// <summary>Inline <c>new HttpClientHandler { ... }</c> (additional location): rebuild it as a SocketsHttpHandler.</summary>
    internal const string FixReplaceHandler = "ReplaceHandler";

    /// <summary>A SocketsHttpHandler creation (additional location): add the PooledConnectionLifetime assignment.</summary>
    internal const string FixAddLifetime = "AddLifetime";

    /// <summary>Diagnostic property: the lifetime in minutes the fix writes.</summary>
    internal const string MinutesKey = "Minutes";

    internal const string MinutesOption = "pooled_connection_lifetime_minutes";
    internal const int DefaultMinutes = 2;

    private const string PooledConnectionLifetime = "PooledConnectionLifetime";
    private const string Singleton = "singleton";

    /// <summary>HttpClientHandler settings that SocketsHttpHandler has with the same name, type and meaning.</summary>
    private static readonly ImmutableHashSet<string> MappableSettings = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AllowAutoRedirect",
        "AutomaticDecompression",
        "CookieContainer",
        "UseCookies",
        "Credentials",
        "PreAuthenticate",
        "MaxAutomaticRedirections",
        "MaxConnectionsPerServer",
        "MaxResponseHeadersLength",
        "Proxy",
        "UseProxy",
        "DefaultProxyCredentials");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH103);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null || types.HttpMessageHandler is null || types.SocketsHttpHandler is null ||
                TargetsPlatformHandlerOnly(start.Options.AnalyzerConfigOptionsProvider.GlobalOptions))
            {
                return;
            }

            var httpClient = types.HttpClient;

            // Who calls a helper that returns a new client (`static readonly HttpClient Client = CreateClient();`):
            // gathered per type, only once a creation returned from a method turns up.
            var helperUses = new TypeFactsCache<Dictionary<IMethodSymbol, List<IOperation>>>((type, roots) => HttpClientLifetime.ClientHelperUses(roots, type, httpClient));

            // Static members an instance constructor assigns (`s_client = new HttpClient()` in a controller's constructor):
            // replaced for every instance, never long-lived. Gathered per type, only once a static client turns up.
            var reassignedPerInstance = new TypeFactsCache<HashSet<ISymbol>>((_, roots) => StaticMembersAssignedPerInstance(roots));
            start.RegisterOperationAction(ctx => AnalyzeCreation(ctx, httpClient, types, helperUses, reassignedPerInstance), OperationKind.ObjectCreation);
        });
    }

    /// <summary>
    /// Browser, Android and Apple targets: the default handler there is the platform's own (or SocketsHttpHandler is unsupported),
    /// so switching to SocketsHttpHandler would change behaviour. Read from the SDK's TargetFramework and supported platforms.
    /// </summary>
    private static bool TargetsPlatformHandlerOnly(AnalyzerConfigOptions globalOptions)
    {
        if (globalOptions.TryGetValue("build_property.TargetFramework", out var targetFramework))
        {
            var dash = targetFramework.IndexOf('-');
            if (dash >= 0)
            {
                var platform = targetFramework.Substring(dash + 1).ToLowerInvariant();
                if (platform.StartsWith("android", StringComparison.Ordinal) || platform.StartsWith("ios", StringComparison.Ordinal) ||
                    platform.StartsWith("maccatalyst", StringComparison.Ordinal) || platform.StartsWith("tvos", StringComparison.Ordinal) ||
                    platform.StartsWith("browser", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }

        if (globalOptions.TryGetValue("build_property._SupportedPlatformList", out var platforms) && platforms.Trim().Length > 0)
        {
            foreach (var entry in platforms.Split(','))
            {
                if (!string.Equals(entry.Trim(), "browser", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }
            }

            return true;
        }

        return false;
    }

    private static void AnalyzeCreation(
        OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types,
        TypeFactsCache<Dictionary<IMethodSymbol, List<IOperation>>> helperUses, TypeFactsCache<HashSet<ISymbol>> reassignedPerInstance)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!SymbolEqualityComparer.Default.Equals(creation.Type, httpClient) || creation.Constructor is null ||
            creation.Syntax.ContainsDiagnostics)
        {
            return;
        }

        var owner = LongLivedOwner(creation, types) ?? OwnerThroughReturn(context, creation, httpClient, types, helperUses);
        if (owner is null || IsReplacedPerInstance(context, creation, reassignedPerInstance))
        {
            return;
        }

        IOperation? handlerValue = null;
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter is not null && argument.Parameter.Type.Is(types.HttpMessageHandler))
            {
                handlerValue = argument.Value.WalkDownConversions();
            }
        }

        string? fix;
        Location? handlerLocation = null;
        if (handlerValue is null)
        {
            if (creation.Arguments.Length != 0)
            {
                return;
            }

            fix = FixAddHandler;
        }
        else
        {
            var handler = ResolveHandler(handlerValue, types, out var inline, out var lifetimeSetLater);
            if (handler is null)
            {
                return;
            }

            if (SymbolEqualityComparer.Default.Equals(handler.Type, types.SocketsHttpHandler))
            {
                if (lifetimeSetLater || SetsLifetime(handler))
                {
                    return;
                }

                fix = FixAddLifetime;
            }
            else if (handler.Type.IsOrDerivesFrom(types.HttpClientHandler))
            {
                fix = inline && CanRebuildOnSocketsHandler(handler, types) ? FixReplaceHandler : null;
            }
            else
            {
                return;
            }

            handlerLocation = handler.Syntax.GetLocation();
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        if (fix is not null)
        {
            var minutes = RuleOptions.GetInt(context.Options, creation.Syntax.SyntaxTree, Descriptors.SVH103, MinutesOption, DefaultMinutes);
            properties.Add(FixKey, fix);
            properties.Add(MinutesKey, (minutes > 0 ? minutes : DefaultMinutes).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH103,
            creation.Syntax.GetLocation(),
            handlerLocation is null ? null : new[] { handlerLocation },
            properties.ToImmutable(),
            owner));
    }

    /// <summary>The static member (or "singleton") that keeps the client for the process lifetime; null when its lifetime is not known to be long.</summary>
    private static string? LongLivedOwner(IOperation value, KnownTypes types)
    {
        var member = StaticStorage.TargetOf(value);
        if (member is not null)
        {
            return member.Name;
        }

        var outer = value.WalkUpConversions();
        if (outer.Parent is IArgumentOperation { Parent: IInvocationOperation registration } && IsSingletonRegistration(registration, types))
        {
            return Singleton;
        }

        // A factory lambda: Lazy<HttpClient> in a static member, or a singleton registration.
        return outer.Parent is IReturnOperation returned &&
               returned.EnclosingFunction() is IAnonymousFunctionOperation { Parent: IDelegateCreationOperation delegateCreation }
            ? DelegateOwner(delegateCreation, types)
            : null;
    }

    /// <summary>The owner of the clients a factory delegate makes: a static <c>Lazy&lt;HttpClient&gt;</c>, or a singleton registration.</summary>
    private static string? DelegateOwner(IDelegateCreationOperation delegateCreation, KnownTypes types) =>
        delegateCreation.WalkUpConversions().Parent switch
        {
            IArgumentOperation { Parent: IObjectCreationOperation lazy }
                when lazy.Type is INamedTypeSymbol lazyType && lazyType.OriginalDefinition.Is(types.Lazy1) => StaticStorage.TargetOf(lazy)?.Name,
            IArgumentOperation { Parent: IInvocationOperation factoryRegistration }
                when IsSingletonRegistration(factoryRegistration, types) => Singleton,
            _ => null,
        };

    /// <summary>
    /// A creation returned fresh (directly or through a local that is only configured) from a factory lambda with a block
    /// body, or from a helper method whose call (or method group) builds a static client:
    /// <c>static readonly HttpClient Client = CreateClient();</c>, <c>new Lazy&lt;HttpClient&gt;(CreateClient)</c>.
    /// </summary>
    private static string? OwnerThroughReturn(
        OperationAnalysisContext context, IObjectCreationOperation creation, INamedTypeSymbol httpClient, KnownTypes types,
        TypeFactsCache<Dictionary<IMethodSymbol, List<IOperation>>> helperUses)
    {
        // Most creations are per call and used in place (`using var client = new HttpClient();` in a method returning
        // Task<string>): only a function that can return the client is walked.
        if (!CanReturnClient(context, creation, httpClient)
            || HttpClientLifetime.FunctionBody(creation) is not { } body || !HttpClientLifetime.FreshClientReturns(body, types, allowFactoryClients: true).Contains(creation))
        {
            return null;
        }

        switch (creation.EnclosingFunction())
        {
            case IAnonymousFunctionOperation { Parent: IDelegateCreationOperation delegateCreation }:
                return DelegateOwner(delegateCreation, types);
            case null when context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsVirtual: false, IsAbstract: false, IsOverride: false, ReturnsVoid: false } helper:
                var uses = helperUses.Get(helper.ContainingType, creation, context.Compilation, context.CancellationToken);
                if (!uses.TryGetValue(helper.OriginalDefinition, out var calls))
                {
                    return null;
                }

                foreach (var use in calls)
                {
                    var owner = use switch
                    {
                        IInvocationOperation call when !call.IsDescendantOf(body) => LongLivedOwner(call, types),
                        IMethodReferenceOperation { Parent: IDelegateCreationOperation delegateCreation } => DelegateOwner(delegateCreation, types),
                        _ => null,
                    };
                    if (owner is not null)
                    {
                        return owner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool InstanceConstructorMentions(INamedTypeSymbol owner, string name, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var constructor in owner.InstanceConstructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
                {
                    if (token.ValueText == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>The function around the creation returns something an HttpClient converts to (HttpClient, Task&lt;HttpClient&gt;, object...).</summary>
    private static bool CanReturnClient(OperationAnalysisContext context, IObjectCreationOperation creation, INamedTypeSymbol httpClient)
    {
        var returnType = creation.EnclosingFunction() switch
        {
            IAnonymousFunctionOperation lambda => lambda.Symbol.ReturnType,
            ILocalFunctionOperation local => local.Symbol.ReturnType,
            _ => (context.ContainingSymbol as IMethodSymbol)?.ReturnType,
        };
        if (returnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } wrapper
            && wrapper.Name is "Task" or "ValueTask" or "Lazy" or "Func")
        {
            returnType = wrapper.TypeArguments[0];
        }

        return returnType is not null && returnType.SpecialType != SpecialType.System_Void
            && (returnType.SpecialType == SpecialType.System_Object || returnType.TypeKind is TypeKind.Interface or TypeKind.TypeParameter || (returnType is INamedTypeSymbol named && httpClient.IsOrDerivesFrom(named)));
    }

    /// <summary>
    /// A static member that an instance constructor assigns a new value: the client in it is replaced for every instance
    /// (a controller's constructor runs per request; that is SVH101's finding), so it does not live for the process.
    /// </summary>
    private static bool IsReplacedPerInstance(OperationAnalysisContext context, IObjectCreationOperation creation, TypeFactsCache<HashSet<ISymbol>> reassignedPerInstance)
    {
        if (StaticStorage.TargetOf(creation) is not { ContainingType: { } owner } member)
        {
            return false;
        }

        // No instance constructor mentions the member by name: nothing to bind (most static clients).
        if (!InstanceConstructorMentions(owner, member.Name, context.CancellationToken))
        {
            return false;
        }

        if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor, IsStatic: false } && creation.EnclosingFunction() is null &&
            creation.WalkUpConversions().Parent is ISimpleAssignmentOperation)
        {
            return true;
        }

        return owner.DeclaringSyntaxReferences.Length > 0 &&
               reassignedPerInstance.Get(owner, creation, context.Compilation, context.CancellationToken).Contains(member.OriginalDefinition);
    }

    private static HashSet<ISymbol> StaticMembersAssignedPerInstance(ImmutableArray<IOperation> roots)
    {
        var members = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            if (root is not IConstructorBodyOperation || root.Syntax is not ConstructorDeclarationSyntax constructor ||
                constructor.Modifiers.Any(Microsoft.CodeAnalysis.CSharp.SyntaxKind.StaticKeyword))
            {
                continue;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is ISimpleAssignmentOperation assignment && !HttpClientLifetime.InNestedFunction(assignment, root) &&
                    StaticStorage.StaticMember(assignment.Target) is { } member)
                {
                    members.Add(member.OriginalDefinition);
                }
            }
        }

        return members;
    }

    /// <summary><c>AddSingleton</c> / <c>TryAddSingleton</c> / keyed forms on an IServiceCollection.</summary>
    private static bool IsSingletonRegistration(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (method.Name is not ("AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton") ||
            !method.IsExtensionMethod || method.Parameters.Length == 0)
        {
            return false;
        }

        return types.IServiceCollection is not null && method.Parameters[0].Type.Is(types.IServiceCollection);
    }

    /// <summary>
    /// The handler creation behind <paramref name="handlerValue"/>: inline, a local assigned once in the same member, or a
    /// readonly/private static field whose writes are all in the current file. Null when it cannot be known.
    /// </summary>
    private static IObjectCreationOperation? ResolveHandler(IOperation handlerValue, KnownTypes types, out bool inline, out bool lifetimeSetLater)
    {
        inline = false;
        lifetimeSetLater = false;
        switch (handlerValue)
        {
            case IObjectCreationOperation creation:
                inline = true;
                return creation;
            case ILocalReferenceOperation localReference:
                var values = LocalOrigins.AssignedValues(localReference);
                if (values is not { Count: 1 })
                {
                    return null;
                }

                if (!InspectLocalHandlerUses(localReference, types, out lifetimeSetLater))
                {
                    return null;
                }

                return values[0].WalkDownConversions() as IObjectCreationOperation;
            case IFieldReferenceOperation { Field: { IsStatic: true } field } fieldReference:
                return ResolveStaticFieldHandler(field, fieldReference, types, out lifetimeSetLater);
            default:
                return null;
        }
    }

    /// <summary>
    /// Whether the local handler's lifetime is assigned later in the member; false when the handler escapes (passed to
    /// anything but an HttpClient constructor), since the callee may configure it.
    /// </summary>
    private static bool InspectLocalHandlerUses(ILocalReferenceOperation localReference, KnownTypes types, out bool lifetimeSet)
    {
        lifetimeSet = false;
        var root = localReference.MemberRoot();

        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(localReference.Local))
            {
                continue;
            }

            var outer = reference.WalkUpConversions();
            if (outer.Parent is IPropertyReferenceOperation property && IsLifetimeProperty(property, types) &&
                property.Parent is ISimpleAssignmentOperation assignment && assignment.Target == property)
            {
                lifetimeSet = true;
            }
            else if (outer.Parent is IArgumentOperation argument && !IsClientConstructorArgument(argument, types))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsClientConstructorArgument(IArgumentOperation argument, KnownTypes types) =>
        argument.Parent is IObjectCreationOperation creation && creation.Type.IsOrDerivesFrom(types.HttpMessageInvoker ?? types.HttpClient);

    private static IObjectCreationOperation? ResolveStaticFieldHandler(IFieldSymbol field, IOperation fieldReference, KnownTypes types, out bool lifetimeSetLater)
    {
        lifetimeSetLater = false;
        var model = fieldReference.SemanticModel;
        var tree = fieldReference.Syntax.SyntaxTree;
        if (model is null || !(field.IsReadOnly || field.DeclaredAccessibility == Accessibility.Private))
        {
            return null;
        }

        // Every write to a readonly or private field is inside its type: all of the type must be in this file.
        var containingType = field.ContainingType;
        if (containingType is null || containingType.DeclaringSyntaxReferences.Length == 0)
        {
            return null;
        }

        foreach (var reference in containingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != tree)
            {
                return null;
            }
        }

        IObjectCreationOperation? handler = null;
        var writes = 0;
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer } &&
                model.GetOperation(initializer) is IFieldInitializerOperation fieldInitializer)
            {
                writes++;
                handler = fieldInitializer.Value.WalkDownConversions() as IObjectCreationOperation;
            }
        }

        foreach (var reference in containingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                switch (node)
                {
                    case AssignmentExpressionSyntax assignment when NamesMember(assignment.Left, field.Name):
                        var operation = model.GetOperation(assignment) as IAssignmentOperation;
                        if (operation is null || StaticStorage.StaticMember(operation.Target) is not { } target || !target.Is(field))
                        {
                            break;
                        }

                        if (operation is not ISimpleAssignmentOperation)
                        {
                            return null;
                        }

                        writes++;
                        handler = operation.Value.WalkDownConversions() as IObjectCreationOperation;
                        break;
                    case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: PooledConnectionLifetime } } assignment:
                        if (model.GetOperation(assignment) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } &&
                            IsLifetimeProperty(property, types) &&
                            property.Instance is { } instance &&
                            StaticStorage.StaticMember(instance) is { } instanceMember &&
                            instanceMember.Is(field))
                        {
                            lifetimeSetLater = true;
                        }

                        break;
                    case ArgumentSyntax argument when NamesMember(argument.Expression, field.Name):
                        // Passed by ref, or to anything but an HttpClient constructor: the callee may replace or configure it.
                        if (model.GetOperation(argument) is IArgumentOperation argumentOperation &&
                            StaticStorage.StaticMember(argumentOperation.Value) is { } passed && passed.Is(field) &&
                            (argumentOperation.Parameter?.RefKind is not RefKind.None || !IsClientConstructorArgument(argumentOperation, types)))
                        {
                            return null;
                        }

                        break;
                }
            }
        }

        return writes == 1 ? handler : null;
    }

    private static bool NamesMember(ExpressionSyntax expression, string name) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax memberAccess => memberAccess.Name.Identifier.ValueText == name,
        _ => false,
    };

    private static bool IsLifetimeProperty(IPropertyReferenceOperation property, KnownTypes types) =>
        property.Property.Name == PooledConnectionLifetime && property.Property.ContainingType.Is(types.SocketsHttpHandler);

    /// <summary>True when the creation's object initializer assigns PooledConnectionLifetime (any value, infinite included: a deliberate choice).</summary>
    internal static bool SetsLifetime(IObjectCreationOperation handler)
    {
        if (handler.Initializer is null)
        {
            return false;
        }

        foreach (var initializer in handler.Initializer.Initializers)
        {
            if (initializer is IAssignmentOperation { Target: IPropertyReferenceOperation property } &&
                property.Property.Name == PooledConnectionLifetime)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An exact <c>new HttpClientHandler { ... }</c> whose every setting exists on SocketsHttpHandler with the same name and type.</summary>
    internal static bool CanRebuildOnSocketsHandler(IObjectCreationOperation handler, KnownTypes types)
    {
        if (!SymbolEqualityComparer.Default.Equals(handler.Type, types.HttpClientHandler) || handler.Arguments.Length != 0 ||
            handler.Syntax is not ObjectCreationExpressionSyntax)
        {
            return false;
        }

        if (handler.Initializer is null)
        {
            return true;
        }

        foreach (var initializer in handler.Initializer.Initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: IInstanceReferenceOperation } property } ||
                !MappableSettings.Contains(property.Property.Name) ||
                !HasSettableProperty(types.SocketsHttpHandler!, property.Property))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasSettableProperty(INamedTypeSymbol type, IPropertySymbol like)
    {
        foreach (var member in type.GetMembers(like.Name))
        {
            if (member is IPropertySymbol { SetMethod: not null, IsStatic: false } property &&
                SymbolEqualityComparer.Default.Equals(property.Type, like.Type))
            {
                return true;
            }
        }

        return false;
    }
}
