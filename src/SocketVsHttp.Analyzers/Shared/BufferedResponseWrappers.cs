using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Shared;

/// <summary>
/// Whether a method of the compilation that returns a response (a wrapper such as <c>ApiGetAsync</c>) hands back a response
/// whose body is already buffered: every <c>return</c> gives the awaited result of an <c>HttpClient</c> request made with the
/// default <c>ResponseContentRead</c> (<c>_httpClient.SendAsync(request, token)</c>), or of another such wrapper of the
/// same type. Read as syntax, with the receivers and callees resolved by name among the type's members, so nothing else is
/// bound. Anything it cannot see (a completion option anywhere in the wrapper, a receiver that is not an HttpClient field or
/// property, a local, an interface method) is not buffered.
/// </summary>
internal static class BufferedResponseWrappers
{
    private const int MaxDepth = 3;

    public static bool ReturnsBuffered(IMethodSymbol method, KnownTypes types) => ReturnsBuffered(method, types, depth: 0);

    private static bool ReturnsBuffered(IMethodSymbol method, KnownTypes types, int depth)
    {
        if (depth >= MaxDepth || method.IsAbstract || method.IsVirtual || method.IsOverride || !ReturnsResponse(method, types)
            || method.Parameters.Any(p => p.Type.Is(types.HttpCompletionOption)))
        {
            return false;
        }

        var any = false;
        foreach (var body in SourceBodies.Of(method))
        {
            any = true;
            if (SourceBodies.Mentions(body, "HttpCompletionOption", "ResponseHeadersRead"))
            {
                return false;
            }

            var returned = body is ArrowExpressionClauseSyntax arrow
                ? new[] { arrow.Expression }
                : body.DescendantNodes(node => node is not (LambdaExpressionSyntax or AnonymousMethodExpressionSyntax or LocalFunctionStatementSyntax))
                    .OfType<ReturnStatementSyntax>().Select(r => r.Expression).ToArray();
            if (returned.Length == 0 || returned.Any(expression => expression is null || !IsBufferedCall(expression, method, body, types, depth)))
            {
                return false;
            }
        }

        return any;
    }

    private static bool ReturnsResponse(IMethodSymbol method, KnownTypes types)
    {
        var type = method.ReturnType;
        if (HttpCallFacts.IsTaskLike(type, types) && type is INamedTypeSymbol { TypeArguments.Length: 1 } task)
        {
            type = task.TypeArguments[0];
        }

        return type.Is(types.HttpResponseMessage);
    }

    private static bool IsBufferedCall(ExpressionSyntax expression, IMethodSymbol method, SyntaxNode body, KnownTypes types, int depth)
    {
        var containingType = method.ContainingType;
        expression = Strip(expression);
        if (expression is not AwaitExpressionSyntax awaited)
        {
            return false;
        }

        expression = Strip(awaited.Expression);
        if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
        {
            expression = Strip(configure.Expression);
        }

        if (expression is not InvocationExpressionSyntax invocation)
        {
            return false;
        }

        switch (invocation.Expression)
        {
            case MemberAccessExpressionSyntax access when HttpCallFacts.IsBufferingRequestMethod(access.Name.Identifier.ValueText):
                // _httpClient.SendAsync(request, token) / this.Client.GetAsync(uri)
                return ReceiverMember(access.Expression, method, body) is { } receiver && TypeOf(receiver).IsOrDerivesFrom(types.HttpClient);
            case IdentifierNameSyntax name:
                return SameTypeMethodsBuffer(name.Identifier.ValueText, containingType, types, depth);
            case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access:
                return SameTypeMethodsBuffer(access.Name.Identifier.ValueText, containingType, types, depth);
            default:
                return false;
        }
    }

    private static bool SameTypeMethodsBuffer(string name, INamedTypeSymbol containingType, KnownTypes types, int depth)
    {
        var methods = containingType.GetMembers(name).OfType<IMethodSymbol>().ToArray();
        return methods.Length > 0 && methods.All(m => ReturnsBuffered(m, types, depth + 1));
    }

    private static ISymbol? ReceiverMember(ExpressionSyntax receiver, IMethodSymbol method, SyntaxNode body)
    {
        var name = Strip(receiver) switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is null || method.Parameters.Any(p => p.Name == name)
            || body.DescendantNodes().Any(n => n is VariableDeclaratorSyntax v && v.Identifier.ValueText == name
                || n is SingleVariableDesignationSyntax d && d.Identifier.ValueText == name))
        {
            // A parameter or local of that name hides the member.
            return null;
        }

        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            if (type.GetMembers(name).FirstOrDefault(m => m is IFieldSymbol or IPropertySymbol) is { } member)
            {
                return member;
            }
        }

        return null;
    }

    private static ITypeSymbol? TypeOf(ISymbol member) => member switch
    {
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    private static ExpressionSyntax Strip(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }
}
