using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH109 fix: pass the CancellationToken that is in scope to the HTTP call.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpCallCanWaitForeverFixer))]
public sealed class HttpCallCanWaitForeverFixer : RuleFixer<HttpCallCanWaitForeverFixer.TokenPlan>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH109;

    protected override string Title(TokenPlan plan) => "Pass '" + plan.Token + "'";

    protected override TokenPlan? Plan(FixContext context, Diagnostic diagnostic)
    {
        // Only the "call does not pass the token" finding carries the token; the timeout finding has no fix.
        if (!diagnostic.Properties.TryGetValue(HttpCallCanWaitForeverAnalyzer.TokenProperty, out var token) || token is null ||
            context.NodeOf(diagnostic) is not InvocationExpressionSyntax invocation ||
            invocation.Span != diagnostic.Location.SourceSpan)
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(HttpCallCanWaitForeverAnalyzer.NamedParameterProperty, out var parameter);
        return BindsWithToken(context, invocation, WithToken(invocation.ArgumentList, token, parameter))
            ? new TokenPlan(invocation, token, parameter)
            : null;
    }

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<TokenPlan> plans)
    {
        foreach (var plan in plans)
        {
            editor.ReplaceNode(plan.Invocation.ArgumentList, (current, _) => WithToken((ArgumentListSyntax)current, plan.Token, plan.Parameter));
        }
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
    private static bool BindsWithToken(FixContext context, InvocationExpressionSyntax invocation, ArgumentListSyntax arguments)
    {
        var candidate = invocation.WithArgumentList(arguments);
        var info = context.Model.GetSpeculativeSymbolInfo(invocation.SpanStart, candidate, SpeculativeBindingOption.BindAsExpression);
        if (info.Symbol is not IMethodSymbol method)
        {
            return false;
        }

        foreach (var parameter in method.Parameters)
        {
            if (SymbolEqualityComparer.Default.Equals(parameter.Type, context.Types.CancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call that gets the token, the token's name and the parameter to name it with (when earlier arguments are left out).</summary>
    public sealed class TokenPlan
    {
        internal TokenPlan(InvocationExpressionSyntax invocation, string token, string? parameter)
        {
            Invocation = invocation;
            Token = token;
            Parameter = parameter;
        }

        public InvocationExpressionSyntax Invocation { get; }

        public string Token { get; }

        public string? Parameter { get; }
    }
}
