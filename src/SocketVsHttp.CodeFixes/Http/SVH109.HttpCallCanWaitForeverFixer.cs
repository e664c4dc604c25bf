using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Http;

/// <summary>SVH109 fix: pass the CancellationToken that is in scope to the HTTP call.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpCallCanWaitForeverFixer))]
public sealed class HttpCallCanWaitForeverFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Descriptors.SVH109.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // Only the "call does not pass the token" finding carries the token; the timeout finding has no fix.
            if (!diagnostic.Properties.TryGetValue(HttpCallCanWaitForeverAnalyzer.TokenProperty, out var token) || token is null ||
                root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax invocation ||
                invocation.Span != diagnostic.Location.SourceSpan)
            {
                continue;
            }

            diagnostic.Properties.TryGetValue(HttpCallCanWaitForeverAnalyzer.NamedParameterProperty, out var parameter);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || !BindsWithToken(model, invocation, WithToken(invocation.ArgumentList, token, parameter)))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Pass '" + token + "'",
                    ct => PassTokenAsync(context.Document, invocation, token, parameter, ct),
                    equivalenceKey: Descriptors.SVH109.Id),
                diagnostic);
        }
    }

    private static async Task<Document> PassTokenAsync(Document document, InvocationExpressionSyntax invocation, string token, string? parameter, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : document.WithSyntaxRoot(root.ReplaceNode(invocation.ArgumentList, WithToken(invocation.ArgumentList, token, parameter)));
    }

    private static ArgumentListSyntax WithToken(ArgumentListSyntax arguments, string token, string? parameter)
    {
        var argument = SyntaxFactory.Argument(SyntaxFactory.IdentifierName(Escape(token)));
        if (parameter is not null)
        {
            argument = argument.WithNameColon(SyntaxFactory.NameColon(SyntaxFactory.IdentifierName(Escape(parameter))));
        }

        return arguments.WithArguments(arguments.Arguments.Add(argument));
    }

    private static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    /// <summary>The rewritten call still binds, to a method that receives the token as a CancellationToken.</summary>
    private static bool BindsWithToken(SemanticModel model, InvocationExpressionSyntax invocation, ArgumentListSyntax arguments)
    {
        var candidate = invocation.WithArgumentList(arguments);
        var info = model.GetSpeculativeSymbolInfo(invocation.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression);
        if (info.Symbol is not IMethodSymbol method)
        {
            return false;
        }

        var tokenType = KnownTypes.For(model.Compilation).CancellationToken;
        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, tokenType))
            {
                return true;
            }
        }

        return false;
    }
}
