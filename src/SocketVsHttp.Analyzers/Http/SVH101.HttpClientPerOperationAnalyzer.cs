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
public sealed class HttpClientPerOperationAnalyzer : DiagnosticAnalyzer
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
            start.RegisterOperationAction(c => AnalyzeCreation(c, httpClient, types), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeHelperCall(c, httpClient, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsOrDerivesFrom(httpClient))
        {
            return;
        }

        var reason = HttpClientLifetime.PerOperationReason(creation, context.ContainingSymbol, types);
        if (reason is null)
        {
            return;
        }

        var properties = HttpClientLifetime.IsContextFree(creation)
            ? ImmutableDictionary<string, string?>.Empty.Add(CanShareProperty, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, creation.Syntax.GetLocation(), properties, reason));
    }

    /// <summary>`using var client = CreateClient();` where CreateClient only ever returns a new HttpClient.</summary>
    private static void AnalyzeHelperCall(OperationAnalysisContext context, INamedTypeSymbol httpClient, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var helper = invocation.TargetMethod;
        if (helper.ReturnsVoid || !helper.ReturnType.IsOrDerivesFrom(httpClient) || !ReturnsNewClientOnly(helper, context.CancellationToken))
        {
            return;
        }

        var reason = HttpClientLifetime.PerOperationReason(invocation, context.ContainingSymbol, types);
        if (reason is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH101, invocation.Syntax.GetLocation(), reason + " by '" + helper.Name + "'"));
        }
    }

    /// <summary>A source method, not overridable, whose every return is an object creation (a fresh client per call).</summary>
    private static bool ReturnsNewClientOnly(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.IsVirtual || method.IsAbstract || method.IsOverride || method.IsExtern || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        var (expressionBody, blockBody) = declaration switch
        {
            BaseMethodDeclarationSyntax m => (m.ExpressionBody?.Expression, (SyntaxNode?)m.Body),
            LocalFunctionStatementSyntax f => (f.ExpressionBody?.Expression, f.Body),
            _ => (null, null),
        };
        if (expressionBody is not null)
        {
            return IsCreation(expressionBody);
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
                if (!IsCreation(returnStatement.Expression))
                {
                    return false;
                }

                sawReturn = true;
            }
        }

        return sawReturn;
    }

    private static bool IsCreation(ExpressionSyntax? expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is BaseObjectCreationExpressionSyntax;
    }
}
