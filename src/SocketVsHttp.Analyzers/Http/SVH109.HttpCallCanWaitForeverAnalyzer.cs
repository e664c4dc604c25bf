using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH109: (a) an HttpClient whose Timeout is infinite or huge while none of its calls in the type passes a
/// CancellationToken; (b) an HttpClient / HttpContent call that could take the CancellationToken in scope but does not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class HttpCallCanWaitForeverAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the token to pass (set only when exactly one is in scope).</summary>
    public const string TokenProperty = "Token";

    /// <summary>Diagnostic property: the parameter name, present when the token must be passed as a named argument.</summary>
    public const string NamedParameterProperty = "NamedParameter";

    /// <summary>.editorconfig key: timeouts of at least this many hours count as "never times out" (default 24).</summary>
    public const string HugeTimeoutHoursKey = "huge_timeout_hours";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH109);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null || types.CancellationToken is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeMissingToken(c, types), OperationKind.Invocation);

            if (types.TimeSpan is null)
            {
                return;
            }

            // A field or property client's calls anywhere in its type count: gathered per type, only once a huge
            // timeout on such a client turns up.
            var clientCalls = new TypeFactsCache<Dictionary<ISymbol, bool>>((_, roots) => ClientCalls(roots, types));
            start.RegisterOperationAction(c => AnalyzeTimeout(c, types, clientCalls), OperationKind.SimpleAssignment);
        });
    }

    // ---- (b) a call that does not pass the token in scope ----

    private static void AnalyzeMissingToken(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!IsHttpMethod(method, types) || invocation.Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax)
        {
            return;
        }

        // Reading content that is already in memory (built locally, or buffered by a request that completed with the
        // default ResponseContentRead) waits for no peer: there is nothing for a token to cancel.
        var content = method.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : invocation.Instance;
        if (content?.Type.IsOrDerivesFrom(types.HttpContent) == true && HttpCallFacts.IsBufferedContent(content, types))
        {
            return;
        }

        string? namedParameter;
        var tokenArgument = TokenArgument(invocation, types.CancellationToken!);
        if (tokenArgument is not null)
        {
            // Any token passed explicitly is the caller's choice.
            if (tokenArgument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return;
            }

            namedParameter = PositionalFits(invocation, syntax, tokenArgument.Parameter!.Ordinal) ? null : tokenArgument.Parameter!.Name;
        }
        else
        {
            var overload = OverloadWithToken(method, types.CancellationToken!);
            if (overload is null)
            {
                return;
            }

            var lastParameter = overload.Parameters[overload.Parameters.Length - 1];
            namedParameter = PositionalFits(invocation, syntax, lastParameter.Ordinal) ? null : lastParameter.Name;
        }

        var tokens = CancellationTokenScope.Find(invocation, context.ContainingSymbol, types.CancellationToken!);
        if (tokens.IsEmpty)
        {
            return;
        }

        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        // {0} the call, {1} what it does not pass, {2} the consequence (the descriptor's format).
        string seen;
        if (tokens.Length == 1)
        {
            properties[TokenProperty] = tokens[0].Name;
            if (namedParameter is not null)
            {
                properties[NamedParameterProperty] = namedParameter;
            }

            seen = string.Format(CultureInfo.InvariantCulture, "does not pass the CancellationToken '{0}' that is in scope", tokens[0].Name);
        }
        else
        {
            var names = new List<string>(tokens.Length);
            foreach (var token in tokens)
            {
                names.Add("'" + token.Name + "'");
            }

            seen = "passes none of the CancellationTokens " + string.Join(", ", names) + " that are in scope";
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH109, syntax.GetLocation(), properties.ToImmutable(), "'" + method.Name + "'", seen, "the call cannot be cancelled"));
    }

    /// <summary>HttpClient / HttpMessageInvoker / HttpContent members and the System.Net.Http.Json extensions on them.</summary>
    private static bool IsHttpMethod(IMethodSymbol method, KnownTypes types)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (method.IsExtensionMethod)
        {
            return type.Is(types.HttpClientJsonExtensions) || type.Is(types.HttpContentJsonExtensions);
        }

        return !method.IsStatic && (type.Is(types.HttpClient) || type.Is(types.HttpMessageInvoker) || type.Is(types.HttpContent));
    }

    private static IArgumentOperation? TokenArgument(IInvocationOperation invocation, INamedTypeSymbol cancellationToken)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { } parameter && parameter.Type.Is(cancellationToken))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The overload of <paramref name="method"/> that takes the same parameters plus a trailing CancellationToken.</summary>
    private static IMethodSymbol? OverloadWithToken(IMethodSymbol method, INamedTypeSymbol cancellationToken)
    {
        if (method.IsGenericMethod || method.IsExtensionMethod)
        {
            return null;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(method.Name))
            {
                if (member is IMethodSymbol candidate &&
                    candidate.DeclaredAccessibility == Accessibility.Public &&
                    !candidate.IsStatic &&
                    !candidate.IsGenericMethod &&
                    candidate.Parameters.Length == method.Parameters.Length + 1 &&
                    candidate.Parameters[method.Parameters.Length].Type.Is(cancellationToken) &&
                    SameLeadingParameters(method, candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool SameLeadingParameters(IMethodSymbol method, IMethodSymbol candidate)
    {
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (!method.Parameters[i].Type.Is(candidate.Parameters[i].Type) || method.Parameters[i].RefKind != candidate.Parameters[i].RefKind)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when appending the token positionally lands on parameter <paramref name="ordinal"/>.</summary>
    private static bool PositionalFits(IInvocationOperation invocation, Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax, int ordinal)
    {
        var arguments = syntax.ArgumentList.Arguments;

        // A call written as content.ReadFromJsonAsync(...): the receiver is the extension method's first parameter.
        var receiverOffset = invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 &&
            invocation.Arguments[0].Syntax is not Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax ? 1 : 0;
        if (arguments.Count + receiverOffset != ordinal)
        {
            return false;
        }

        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null)
            {
                return false;
            }
        }

        return true;
    }

    // ---- (a) infinite / huge timeout on a client whose calls pass no token ----

    private static void AnalyzeTimeout(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<Dictionary<ISymbol, bool>> clientCalls)
    {
        if (HugeTimeoutWrite(context, types) is not { } write)
        {
            return;
        }

        if (write.Client is ILocalSymbol)
        {
            // A local client: its calls are all in the member body that declares it.
            Report(context, write.Client, write.Assignment, ClientCalls(ImmutableArray.Create(write.Assignment.MemberRoot()), types));
            return;
        }

        // Only clients the type owns (private), and only in types that hold an HttpClient member; nested types count
        // their own calls.
        if (write.Client.DeclaredAccessibility != Accessibility.Private ||
            context.ContainingSymbol.ContainingType is not { } type ||
            !HoldsClientMember(type, types))
        {
            return;
        }

        var calls = clientCalls.Get(type, context.Operation, context.Compilation, context.CancellationToken);
        Report(context, write.Client, write.Assignment, calls);
    }

    /// <summary>`client.Timeout = huge` (or `new HttpClient { Timeout = huge }`): the assignment and the client's holder.</summary>
    private static (ISymbol Client, ISimpleAssignmentOperation Assignment)? HugeTimeoutWrite(OperationAnalysisContext context, KnownTypes types)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "Timeout" } property } target ||
            !property.ContainingType.Is(types.HttpClient))
        {
            return null;
        }

        var hugeHours = RuleOptions.GetInt(context.Options, assignment.Syntax.SyntaxTree, Descriptors.SVH109, HugeTimeoutHoursKey, 24);
        if (!IsHuge(assignment.Value, types, hugeHours) || ClientOf(target.Instance) is not { } client)
        {
            return null;
        }

        return (client, assignment);
    }

    private static bool HoldsClientMember(INamedTypeSymbol type, KnownTypes types)
    {
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (memberType.IsOrDerivesFrom(types.HttpClient))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The clients (locals, fields, properties) called in <paramref name="roots"/>: true when a call passes a real token.</summary>
    private static Dictionary<ISymbol, bool> ClientCalls(ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var calls = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IInvocationOperation invocation)
                {
                    RecordCall(invocation, types, calls);
                }
            }
        }

        return calls;
    }

    private static void RecordCall(IInvocationOperation invocation, KnownTypes types, Dictionary<ISymbol, bool> calls)
    {
        var method = invocation.TargetMethod;
        if (!IsHttpMethod(method, types) || method.ContainingType.Is(types.HttpContent) || method.ContainingType.Is(types.HttpContentJsonExtensions))
        {
            return;
        }

        var receiver = method.IsExtensionMethod && invocation.Instance is null
            ? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null)
            : invocation.Instance;
        if (Holder(receiver) is not { } client)
        {
            return;
        }

        var passesToken = TokenArgument(invocation, types.CancellationToken!) is { ArgumentKind: not ArgumentKind.DefaultValue } argument &&
            !IsNoneToken(argument.Value, types);
        calls[client] = passesToken || (calls.TryGetValue(client, out var previous) && previous);
    }

    private static void Report(OperationAnalysisContext context, ISymbol client, ISimpleAssignmentOperation write, Dictionary<ISymbol, bool> calls)
    {
        // With no call seen, the calls are elsewhere.
        if (!calls.TryGetValue(client, out var anyPassesToken) || anyPassesToken)
        {
            return;
        }

        // {0} the client, {1} its timeout as written and the missing tokens, {2} the consequence (the descriptor's format).
        var seen = string.Format(
            CultureInfo.InvariantCulture,
            "never times out ('{0}') and none of its calls passes a CancellationToken",
            write.Value.WalkDownConversions().Syntax.ToString());
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH109, write.Syntax.GetLocation(), "HttpClient '" + client.Name + "'", seen, "a server that stops answering hangs them forever"));
    }

    /// <summary>The local, field or property that holds the client whose Timeout <paramref name="instance"/> sets.</summary>
    private static ISymbol? ClientOf(IOperation? instance)
    {
        if (instance?.WalkDownConversions() is not IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } receiver)
        {
            return Holder(instance);
        }

        // new HttpClient { Timeout = ... }: the variable, field or property the new client goes to.
        for (var current = receiver.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectCreationOperation creation)
            {
                switch (creation.WalkUpConversions().Parent)
                {
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return declarator.Symbol;
                    case IFieldInitializerOperation { InitializedFields.Length: 1 } field:
                        return field.InitializedFields[0];
                    case IPropertyInitializerOperation { InitializedProperties.Length: 1 } property:
                        return property.InitializedProperties[0];
                    case ISimpleAssignmentOperation assignment:
                        return Holder(assignment.Target);
                    default:
                        return null;
                }
            }
        }

        return null;
    }

    private static ISymbol? Holder(IOperation? operation) => operation?.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation { Arguments.Length: 0 } property => property.Property,
        _ => null,
    };

    private static bool IsNoneToken(IOperation value, KnownTypes types) => value.WalkDownConversions() switch
    {
        IDefaultValueOperation => true,
        IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } => property.ContainingType.Is(types.CancellationToken),
        IObjectCreationOperation { Arguments.Length: 0 } => true,
        _ => false,
    };

    /// <summary>Timeout.InfiniteTimeSpan, TimeSpan.MaxValue, or a constant TimeSpan of at least <paramref name="hugeHours"/> hours.</summary>
    private static bool IsHuge(IOperation value, KnownTypes types, int hugeHours)
    {
        switch (value.WalkDownConversions())
        {
            case IFieldReferenceOperation { Field: var field }:
                return (field.Name == "InfiniteTimeSpan" && field.ContainingType.Is(types.Timeout)) ||
                       (field.Name == "MaxValue" && field.ContainingType.Is(types.TimeSpan));
            case IInvocationOperation { Instance: null } invocation when invocation.TargetMethod.ContainingType.Is(types.TimeSpan):
                var unit = invocation.TargetMethod.Name switch
                {
                    "FromDays" => 86400.0,
                    "FromHours" => 3600.0,
                    "FromMinutes" => 60.0,
                    "FromSeconds" => 1.0,
                    "FromMilliseconds" => 0.001,
                    _ => 0.0,
                };
                return unit > 0 && Seconds(invocation.Arguments, unit) is { } fromSeconds && fromSeconds >= hugeHours * 3600.0;
            case IObjectCreationOperation creation when creation.Type.Is(types.TimeSpan):
                return Seconds(creation.Arguments, 0) is { } newSeconds && newSeconds >= hugeHours * 3600.0;
            default:
                return false;
        }
    }

    /// <summary>The constant length in seconds of a TimeSpan built from <paramref name="arguments"/>; null when not constant.</summary>
    private static double? Seconds(ImmutableArray<IArgumentOperation> arguments, double valueUnit)
    {
        var total = 0.0;
        foreach (var argument in arguments)
        {
            if (argument.Parameter is null || argument.Value.ConstantValue is not { HasValue: true, Value: { } constant })
            {
                return null;
            }

            var unit = argument.Parameter.Name switch
            {
                "value" => valueUnit,
                "ticks" => 1e-7,
                "days" => 86400.0,
                "hours" => 3600.0,
                "minutes" => 60.0,
                "seconds" => 1.0,
                "milliseconds" => 0.001,
                "microseconds" => 0.000001,
                _ => -1.0,
            };
            if (unit < 0)
            {
                return null;
            }

            total += System.Convert.ToDouble(constant, CultureInfo.InvariantCulture) * unit;
        }

        return total;
    }
}
