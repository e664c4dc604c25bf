using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH101: an HttpClient created for one operation (per call, per loop iteration, per request-scoped instance).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class HttpClientPerOperationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set when the creation can move to a shared static field unchanged.</summary>
    public const string CanShareProperty = "CanShare";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH101);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null)
            {
                return;
            }

            var httpClient = types.HttpClient;

            // Private helpers and private client fields are judged by every use in their type: gathered per type, only
            // once a candidate (a client returned by a private method, assigned to a private field) turns up.
            var typeFacts = new TypeFactsCache<TypeFacts>((type, roots) => TypeFacts.Compute(type, roots, httpClient, types));
            start.RegisterOperationAction(c => AnalyzeCreation(c, httpClient, types, typeFacts), OperationKind.ObjectCreation);

            // What each helper returns, bound once however many calls it has.
            var helperReturns = new ConcurrentDictionary<IMethodSymbol, ImmutableArray<IObjectCreationOperation>>(SymbolEqualityComparer.Default);
            start.RegisterOperationAction(c => AnalyzeHelperCall(c, httpClient, types, typeFacts, helperReturns), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types, TypeFactsCache<TypeFacts> typeFacts)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsOrDerivesFrom(httpClient))
        {
            return;
        }

        var reason = HttpClientLifetime.PerOperationReason(creation, context.ContainingSymbol, types);
        if (reason is not null && creation.EnclosingLoop() is null && ConnectionOwnerLifetime.LivesAsLongAsTheWork(creation, context.ContainingSymbol, types))
        {
            // The method is the long-lived work itself (a poller that then loops for its life, ExecuteAsync): the
            // client lives as long as it, as SVH111/SVH209 judge their clients.
            return;
        }

        if (reason is null)
        {
            AnalyzeHelperCreation(context, creation, httpClient, typeFacts);
            AnalyzeFieldOverwrite(context, creation, typeFacts);
            return;
        }

        // A client configured after its creation (`client.Timeout = ...`, headers, BaseAddress), here or by code it is handed
        // to, cannot be hoisted: that configuration would be applied to the shared client on every call (and throws once it
        // has sent a request).
        var properties = HttpClientLifetime.IsContextFree(creation) && !HttpClientLifetime.IsConfiguredAfterCreation(creation, handedOn: true)
            ? ImmutableDictionary<string, string?>.Empty.Add(CanShareProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, creation.Syntax.GetLocation(), properties, reason));
    }

    /// <summary>
    /// `static HttpClient CreateClient() { var c = new HttpClient(); c.Timeout = ...; return c; }` whose every caller
    /// in its type uses the client for one operation: reported at the creation (where the change goes), the calls as
    /// additional locations. No fix: the callers' `using` would dispose a shared client.
    /// </summary>
    private static void AnalyzeHelperCreation(OperationAnalysisContext context, IObjectCreationOperation creation, INamedTypeSymbol httpClient, TypeFactsCache<TypeFacts> typeFacts)
    {
        if (context.ContainingSymbol is not IMethodSymbol helper || !IsHelper(helper, httpClient) || creation.EnclosingFunction() is not null)
        {
            return;
        }

        var facts = typeFacts.Get(helper.ContainingType, creation, context.Compilation, context.CancellationToken);
        if (!facts.Helpers.TryGetValue(helper.OriginalDefinition, out var finding) || !finding.Creations.Contains(creation.Syntax))
        {
            return;
        }

        var first = finding.Calls[0];
        var message = "in helper '" + helper.Name + "' on every call, and '" + first.Caller + "' " + CallerPhrase(first.Reason) +
                      (finding.Calls.Count > 1 ? " (" + (finding.Calls.Count - 1) + " more call site" + (finding.Calls.Count > 2 ? "s" : string.Empty) + " alike)" : string.Empty);
        var callLocations = new List<Location>(finding.Calls.Count);
        foreach (var call in finding.Calls)
        {
            callLocations.Add(call.Location);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, creation.Syntax.GetLocation(), callLocations, message));
    }

    /// <summary>How a caller uses the helper's client, from <see cref="HttpClientLifetime.PerOperationReason"/>'s wording.</summary>
    private static string CallerPhrase(string reason) => reason switch
    {
        "inside a loop" => "calls it inside a loop",
        "per call and disposed at its end" => "disposes it at the end of each call",
        "per call and used for this call only" => "uses it for one call only",
        _ => "calls it " + reason,
    };

    /// <summary>
    /// `_client = new HttpClient();` in a method that is the only member using the private field `_client` and sends
    /// requests through it: the field is a local in disguise, and every call creates a new client.
    /// </summary>
    private static void AnalyzeFieldOverwrite(OperationAnalysisContext context, IObjectCreationOperation creation, TypeFactsCache<TypeFacts> typeFacts)
    {
        var value = creation.WalkUpConversions();
        if (value.Parent is not ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field: { IsStatic: false, DeclaredAccessibility: Accessibility.Private } field, Instance: IInstanceReferenceOperation } } assignment ||
            assignment.Value != value ||
            context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method ||
            creation.EnclosingFunction() is not null ||
            HasInitializer(field, context.CancellationToken) ||
            !RunsOnEveryCall(assignment, out var inLoop))
        {
            return;
        }

        var facts = typeFacts.Get(field.ContainingType, creation, context.Compilation, context.CancellationToken);
        if (!facts.Fields.TryGetValue(field.OriginalDefinition, out var uses) || !uses.IsLocalOf(creation.MemberRoot().Syntax))
        {
            return;
        }

        var reason = (inLoop ? "inside a loop" : "on every call of '" + method.Name + "'") +
                     " and kept in field '" + field.Name + "', which only '" + method.Name + "' uses";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, creation.Syntax.GetLocation(), reason));
    }

    private static bool HasInitializer(IFieldSymbol field, CancellationToken cancellationToken)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: var value } && !IsNull(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>`null`, `null!`, `default`: an initializer that creates nothing.</summary>
    private static bool IsNull(ExpressionSyntax value) =>
        value is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed ? IsNull(suppressed.Operand)
        : value.IsKind(SyntaxKind.NullLiteralExpression) || value.IsKind(SyntaxKind.DefaultLiteralExpression) || value is DefaultExpressionSyntax;

    /// <summary>True when nothing between the assignment and the member body makes it conditional (a lazy `if (_client == null)`).</summary>
    private static bool RunsOnEveryCall(IOperation assignment, out bool inLoop)
    {
        inLoop = false;
        for (var current = assignment.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation or ISwitchOperation or ISwitchExpressionOperation or ICoalesceOperation or IConditionalAccessOperation or ICatchClauseOperation:
                    return false;
                case ILoopOperation:
                    inLoop = true;
                    break;
            }
        }

        return true;
    }

    /// <summary>`using var client = CreateClient();` where CreateClient only ever returns a new HttpClient.</summary>
    private static void AnalyzeHelperCall(
        OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types, TypeFactsCache<TypeFacts> typeFacts,
        ConcurrentDictionary<IMethodSymbol, ImmutableArray<IObjectCreationOperation>> helperReturns)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var helper = invocation.TargetMethod;
        if (helper.ReturnsVoid || !helper.ReturnType.IsOrDerivesFrom(httpClient))
        {
            return;
        }

        var key = helper.OriginalDefinition;
        if (!helperReturns.TryGetValue(key, out var creations))
        {
            creations = helperReturns.GetOrAdd(key, NewClientsReturnedBy(key, invocation, types, context.Compilation, context.CancellationToken));
        }

        if (creations.IsEmpty)
        {
            return;
        }

        if (IsHelper(helper, httpClient) &&
            typeFacts.Get(helper.ContainingType, invocation, context.Compilation, context.CancellationToken).Helpers.ContainsKey(helper.OriginalDefinition))
        {
            // Reported once, at the creation inside the helper.
            return;
        }

        var reason = HttpClientLifetime.PerOperationReason(invocation, context.ContainingSymbol, types);
        if (reason is not null)
        {
            // The helper's creations, where the change goes, as additional locations.
            var creationLocations = new List<Location>(creations.Length);
            foreach (var creation in creations)
            {
                creationLocations.Add(creation.Syntax.GetLocation());
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, invocation.Syntax.GetLocation(), creationLocations, reason + " by '" + helper.Name + "'"));
        }
    }

    /// <summary>
    /// An ordinary method declared once in source, not overridable, returning a client: a helper whose calls in its own
    /// type are followed (a private one has no others; calls from other types are judged at the call).
    /// </summary>
    private static bool IsHelper(IMethodSymbol method, INamedTypeSymbol httpClient) =>
        method is { MethodKind: MethodKind.Ordinary, IsExtern: false, IsAbstract: false, IsVirtual: false, IsOverride: false, DeclaringSyntaxReferences.Length: 1 } &&
        !method.ReturnsVoid && method.ReturnType.IsOrDerivesFrom(httpClient) && method.ContainingType is not null;

    /// <summary>
    /// The creations of a source method, not overridable, whose every return gives a new client: `=> new HttpClient(...)`,
    /// or a local created there and only configured before it is returned; empty for any other method.
    /// </summary>
    private static ImmutableArray<IObjectCreationOperation> NewClientsReturnedBy(IMethodSymbol method, IOperation from, KnownTypes types, Compilation compilation, CancellationToken cancellationToken)
    {
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1)
        {
            return ImmutableArray<IObjectCreationOperation>.Empty;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (!MayReturnNewClient(declaration))
        {
            return ImmutableArray<IObjectCreationOperation>.Empty;
        }

        // Only now bind the helper's body (another file's model only when the helper lives there).
        var model = TypeBodies.ModelFor(declaration.SyntaxTree, from, compilation);
        var body = model.GetOperation(declaration, cancellationToken) switch
        {
            ILocalFunctionOperation localFunction => localFunction.Body,
            { } operation => operation,
            null => null,
        };
        return body is null ? ImmutableArray<IObjectCreationOperation>.Empty : HttpClientLifetime.FreshClientReturns(body, types, allowFactoryClients: false);
    }

    /// <summary>Syntax pre-check: every return is a creation or a plain identifier (a local that may hold one).</summary>
    private static bool MayReturnNewClient(SyntaxNode declaration)
    {
        var (expressionBody, blockBody) = declaration switch
        {
            BaseMethodDeclarationSyntax m => (m.ExpressionBody?.Expression, (SyntaxNode?)m.Body),
            LocalFunctionStatementSyntax f => (f.ExpressionBody?.Expression, f.Body),
            _ => (null, null),
        };
        if (expressionBody is not null)
        {
            return IsCreationOrName(expressionBody, allowName: false);
        }

        if (blockBody is null)
        {
            return false;
        }

        var sawReturn = false;
        foreach (var node in blockBody.DescendantNodes(static n => n is not (LambdaExpressionSyntax or AnonymousMethodExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is ReturnStatementSyntax returnStatement)
            {
                if (!IsCreationOrName(returnStatement.Expression, allowName: true))
                {
                    return false;
                }

                sawReturn = true;
            }
        }

        return sawReturn;
    }

    private static bool IsCreationOrName(ExpressionSyntax? expression, bool allowName)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is BaseObjectCreationExpressionSyntax || allowName && expression is IdentifierNameSyntax;
    }
}
