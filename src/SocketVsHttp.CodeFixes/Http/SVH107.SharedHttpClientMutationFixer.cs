using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH107 fix: per-request default headers set right before a GetAsync/PostAsync/PutAsync/PatchAsync/DeleteAsync/SendAsync of
/// the same client move onto an <c>HttpRequestMessage</c> that is then sent with SendAsync.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedHttpClientMutationFixer))]
public sealed class SharedHttpClientMutationFixer : CodeFixProvider
{
    private const string Title = "Set the header on an HttpRequestMessage";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Descriptors.SVH107.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (fixAllContext, document, diagnostics) =>
    {
        if (diagnostics.IsDefaultOrEmpty)
        {
            return document;
        }

        return await ApplyAsync(document, diagnostics, fixAllContext.CancellationToken).ConfigureAwait(false);
    });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan.TryCreate(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            var single = ImmutableArray.Create(diagnostic);
            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => ApplyAsync(context.Document, single, ct), equivalenceKey: Descriptors.SVH107.Id),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        // One plan per statement group: several findings in one group make one rewrite.
        var plans = new List<Plan>();
        var seen = new HashSet<StatementSyntax>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var plan = Plan.TryCreate(root, model, diagnostic, cancellationToken);
            if (plan is not null && seen.Add(plan.Statements[0]))
            {
                plans.Add(plan);
            }
        }

        if (plans.Count == 0)
        {
            return document;
        }

        var editor = new SyntaxEditor(root, document.Project.Solution.Services);
        var reserved = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var plan in plans)
        {
            plan.Apply(editor, model, reserved, cancellationToken);
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private sealed class Plan
    {
        private Plan(ImmutableArray<StatementSyntax> statements, ImmutableArray<SyntaxNode> headers, InvocationExpressionSyntax call, string? httpMethod, ExpressionSyntax? requestUri, ExpressionSyntax? content, string? existingRequest)
        {
            Statements = statements;
            Headers = headers;
            Call = call;
            HttpMethodName = httpMethod;
            RequestUri = requestUri;
            Content = content;
            ExistingRequest = existingRequest;
        }

        /// <summary>The consecutive header writes, in order.</summary>
        public ImmutableArray<StatementSyntax> Statements { get; }

        /// <summary>The <c>client.DefaultRequestHeaders</c> expressions inside <see cref="Statements"/>.</summary>
        public ImmutableArray<SyntaxNode> Headers { get; }

        public InvocationExpressionSyntax Call { get; }

        public string? HttpMethodName { get; }

        public ExpressionSyntax? RequestUri { get; }

        public ExpressionSyntax? Content { get; }

        /// <summary>The local passed to SendAsync, when the call already sends a request message.</summary>
        public string? ExistingRequest { get; }

        public static Plan? TryCreate(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan) is not { } node ||
                node.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement ||
                statement.Expression.Span != diagnostic.Location.SourceSpan ||
                statement.Parent is not BlockSyntax block ||
                ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
            {
                return null;
            }

            var types = KnownTypes.For(model.Compilation);
            if (!TryMovable(statement, model, types, cancellationToken, out var first, out _))
            {
                return null;
            }

            var holder = first.Holder!;

            // Extend over the neighbouring writes to the same client; any other change of that client blocks the fix.
            var statements = block.Statements;
            var index = statements.IndexOf(statement);
            var start = index;
            var end = index;
            while (start > 0 && Neighbour(statements[start - 1], model, types, holder, cancellationToken) is { } before)
            {
                if (!before)
                {
                    return null;
                }

                start--;
            }

            while (end + 1 < statements.Count && Neighbour(statements[end + 1], model, types, holder, cancellationToken) is { } after)
            {
                if (!after)
                {
                    return null;
                }

                end++;
            }

            if (end + 1 >= statements.Count)
            {
                return null;
            }

            var group = ImmutableArray.CreateBuilder<StatementSyntax>();
            var headers = ImmutableArray.CreateBuilder<SyntaxNode>();
            for (var i = start; i <= end; i++)
            {
                TryMovable(statements[i], model, types, cancellationToken, out var mutation, out _);
                group.Add(statements[i]);
                headers.Add(mutation.DefaultRequestHeaders!.Syntax);
            }

            return FindCall(statements[end + 1], model, types, holder, group[0].SpanStart, cancellationToken) is { } plan
                ? new Plan(group.ToImmutable(), headers.ToImmutable(), plan.Call, plan.HttpMethodName, plan.RequestUri, plan.Content, plan.ExistingRequest)
                : null;
        }

        /// <summary>null: not a change of this client; true: a movable header write; false: a change that cannot move.</summary>
        private static bool? Neighbour(StatementSyntax statement, SemanticModel model, KnownTypes types, ISymbol holder, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax expression ||
                model.GetOperation(expression.Expression, cancellationToken) is not { } operation ||
                !SharedClientMutation.TryMatch(operation, types, out var mutation, cancellationToken) ||
                !mutation.Holder.Is(holder))
            {
                return null;
            }

            return mutation.Kind is MutationKind.HeaderSet or MutationKind.HeaderAdd && !mutation.IsCandidate;
        }

        private static bool TryMovable(StatementSyntax statement, SemanticModel model, KnownTypes types, CancellationToken cancellationToken, out SharedClientMutation mutation, out IOperation? operation)
        {
            mutation = null!;
            operation = statement is ExpressionStatementSyntax expression ? model.GetOperation(expression.Expression, cancellationToken) : null;
            return operation is not null &&
                SharedClientMutation.TryMatch(operation, types, out mutation, cancellationToken) &&
                mutation.Kind is MutationKind.HeaderSet or MutationKind.HeaderAdd &&
                mutation.DefaultRequestHeaders is not null &&
                mutation.Holder is not null &&
                !mutation.IsCandidate;
        }

        /// <summary>The one awaited send of the same client in <paramref name="statement"/>.</summary>
        private static Plan? FindCall(StatementSyntax statement, SemanticModel model, KnownTypes types, ISymbol holder, int groupStart, CancellationToken cancellationToken)
        {
            IInvocationOperation? found = null;
            foreach (var invocationSyntax in statement.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<InvocationExpressionSyntax>())
            {
                if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation ||
                    !invocation.TargetMethod.IsMemberOf(types.HttpMessageInvoker) ||
                    !SharedClientMutation.ReferencedSymbol(invocation.Instance).Is(holder))
                {
                    continue;
                }

                if (found is not null)
                {
                    return null;
                }

                found = invocation;
            }

            if (found is null ||
                found.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } call ||
                WalkUpParentheses(call).Parent is not AwaitExpressionSyntax)
            {
                return null;
            }

            var method = found.TargetMethod;
            var httpMethod = method.Name switch
            {
                "GetAsync" => "Get",
                "PostAsync" => "Post",
                "PutAsync" => "Put",
                "PatchAsync" => "Patch",
                "DeleteAsync" => "Delete",
                _ => null,
            };

            ExpressionSyntax? requestUri = null;
            ExpressionSyntax? content = null;
            foreach (var argument in found.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.ParamArray)
                {
                    return null;
                }

                if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is not ArgumentSyntax argumentSyntax)
                {
                    continue;
                }

                if (parameter.Ordinal == 0 && method.Name == "SendAsync")
                {
                    // The request is a local declared before the header writes: set the headers on it.
                    if (argument.Value.WalkDownConversions() is ILocalReferenceOperation local &&
                        local.Local.DeclaringSyntaxReferences.Length == 1 &&
                        local.Local.DeclaringSyntaxReferences[0].Span.End < groupStart)
                    {
                        return new Plan(default, default, call, null, null, null, local.Local.Name);
                    }

                    return null;
                }

                if (parameter.Name == "requestUri")
                {
                    if (argument.Value.WalkDownConversions().Type is null || !IsPlain(argumentSyntax.Expression))
                    {
                        return null;
                    }

                    requestUri = argumentSyntax.Expression;
                }
                else if (parameter.Name == "content")
                {
                    if (!IsPlain(argumentSyntax.Expression))
                    {
                        return null;
                    }

                    content = argumentSyntax.Expression;
                }
            }

            return httpMethod is not null && requestUri is not null
                ? new Plan(default, default, call, httpMethod, requestUri, content, null)
                : null;
        }

        private static SyntaxNode WalkUpParentheses(SyntaxNode node)
        {
            var current = node;
            while (current.Parent is ParenthesizedExpressionSyntax)
            {
                current = current.Parent;
            }

            return current;
        }

        /// <summary>The expression can be evaluated before the header values without changing the program.</summary>
        private static bool IsPlain(ExpressionSyntax expression)
        {
            foreach (var node in expression.DescendantNodesAndSelf(n => n is not AnonymousFunctionExpressionSyntax))
            {
                if (node is AwaitExpressionSyntax or AssignmentExpressionSyntax or DeclarationExpressionSyntax or IsPatternExpressionSyntax ||
                    node is PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression } ||
                    node is PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression })
                {
                    return false;
                }
            }

            return true;
        }

        public void Apply(SyntaxEditor editor, SemanticModel model, Dictionary<SyntaxNode, HashSet<string>> reserved, CancellationToken cancellationToken)
        {
            var requestName = ExistingRequest ?? UniqueName(model, Statements[0], reserved, cancellationToken);

            foreach (var headers in Headers)
            {
                editor.ReplaceNode(headers, (current, _) => SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(requestName),
                        SyntaxFactory.IdentifierName("Headers"))
                    .WithTriviaFrom(current));
            }

            if (ExistingRequest is not null)
            {
                return;
            }

            editor.ReplaceNode(Call, (current, _) =>
            {
                var invocation = (InvocationExpressionSyntax)current;
                var access = (MemberAccessExpressionSyntax)invocation.Expression;
                var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(SyntaxFactory.IdentifierName(requestName)) };
                var original = Call.ArgumentList.Arguments;
                for (var i = 0; i < invocation.ArgumentList.Arguments.Count && i < original.Count; i++)
                {
                    // The URI and the content now travel on the request.
                    if (original[i].Expression == RequestUri || original[i].Expression == Content)
                    {
                        continue;
                    }

                    arguments.Add(invocation.ArgumentList.Arguments[i]);
                }

                return invocation
                    .WithExpression(access.WithName(SyntaxFactory.IdentifierName("SendAsync").WithTriviaFrom(access.Name)))
                    .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));
            });

            editor.InsertBefore(Statements[0], Declaration(requestName));
        }

        private LocalDeclarationStatementSyntax Declaration(string requestName)
        {
            var creation = SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpRequestMessage").WithAdditionalAnnotations(Simplifier.Annotation))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(SyntaxFactory.ParseExpression("global::System.Net.Http.HttpMethod." + HttpMethodName).WithAdditionalAnnotations(Simplifier.Annotation)),
                    SyntaxFactory.Argument(RequestUri!.WithoutTrivia()),
                })));
            if (Content is not null)
            {
                creation = creation.WithInitializer(SyntaxFactory.InitializerExpression(
                    SyntaxKind.ObjectInitializerExpression,
                    SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(SyntaxFactory.AssignmentExpression(
                        SyntaxKind.SimpleAssignmentExpression,
                        SyntaxFactory.IdentifierName("Content"),
                        Content.WithoutTrivia()))));
            }

            var indentation = Statements[0].GetLeadingTrivia().Reverse().TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(requestName))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(creation)))))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(Statements[0].GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } endOfLine
                    ? endOfLine
                    : SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private static string UniqueName(SemanticModel model, StatementSyntax statement, Dictionary<SyntaxNode, HashSet<string>> reserved, CancellationToken cancellationToken)
        {
            SyntaxNode scope = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? statement.SyntaxTree.GetRoot(cancellationToken);
            if (!reserved.TryGetValue(scope, out var taken))
            {
                taken = new HashSet<string>();
                foreach (var token in scope.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        taken.Add(token.ValueText);
                    }
                }

                foreach (var symbol in model.LookupSymbols(statement.SpanStart))
                {
                    taken.Add(symbol.Name);
                }

                reserved[scope] = taken;
            }

            var name = "request";
            for (var suffix = 2; taken.Contains(name); suffix++)
            {
                name = "request" + suffix;
            }

            taken.Add(name);
            return name;
        }
    }
}
