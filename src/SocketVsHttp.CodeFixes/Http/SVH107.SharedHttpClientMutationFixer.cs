using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
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
public sealed class SharedHttpClientMutationFixer : RuleFixer<SharedHttpClientMutationFixer.MutationPlan>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH107;

    protected override string Title(MutationPlan plan) => "Set the header on an HttpRequestMessage";

    protected override MutationPlan? Plan(FixContext context, Diagnostic diagnostic) =>
        MutationPlan.TryCreate(context.NodeOf(diagnostic), context.Model, diagnostic, context.CancellationToken);

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<MutationPlan> plans)
    {
        // One plan per statement group, in source order: several findings in one group make one rewrite.
        var seen = new HashSet<StatementSyntax>();
        var reserved = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var plan in plans.OrderBy(p => p.Anchor.SpanStart))
        {
            if (seen.Add(plan.Anchor))
            {
                plan.Apply(editor, context.Model, reserved);
            }
        }
    }

    /// <summary>The header writes (and BaseAddress, header removals) of one group and the send they move onto a request message.</summary>
    public sealed class MutationPlan
    {
        private MutationPlan(ImmutableArray<StatementSyntax> statements, ImmutableArray<SyntaxNode> headers, InvocationExpressionSyntax call, string? httpMethod, ExpressionSyntax? requestUri, ExpressionSyntax? content, string? existingRequest, string? contentRead = null, AwaitExpressionSyntax? readAwait = null)
        {
            Statements = statements;
            Headers = headers;
            Call = call;
            HttpMethodName = httpMethod;
            RequestUri = requestUri;
            Content = content;
            ExistingRequest = existingRequest;
            ContentRead = contentRead;
            ReadAwait = readAwait;
        }

        /// <summary>
        /// For <c>GetStringAsync</c> / <c>GetByteArrayAsync</c> (no request-message overload): the content read
        /// (<c>ReadAsStringAsync</c>, <c>ReadAsByteArrayAsync</c>) of the response that SendAsync returns.
        /// </summary>
        public string? ContentRead { get; }

        /// <summary>The <c>await client.GetStringAsync(...)</c> of <see cref="ContentRead"/>, in <c>return await ...;</c> or <c>var x = await ...;</c>.</summary>
        public AwaitExpressionSyntax? ReadAwait { get; }

        /// <summary>The statement the request declaration goes before: the first header write, else the call's statement.</summary>
        public StatementSyntax Anchor => Statements.IsDefaultOrEmpty ? Call.FirstAncestorOrSelf<StatementSyntax>()! : Statements[0];

        /// <summary>The consecutive header writes, in order.</summary>
        public ImmutableArray<StatementSyntax> Statements { get; }

        /// <summary>The <c>client.DefaultRequestHeaders</c> expressions inside <see cref="Statements"/>.</summary>
        public ImmutableArray<SyntaxNode> Headers { get; }

        public InvocationExpressionSyntax Call { get; }

        public string? HttpMethodName { get; }

        public ExpressionSyntax? RequestUri { get; }

        /// <summary>The request URI argument as written in the call (differs from <see cref="RequestUri"/> when BaseAddress is folded in).</summary>
        public ExpressionSyntax? OriginalRequestUri { get; private set; }

        public ExpressionSyntax? Content { get; }

        /// <summary>The local passed to SendAsync, when the call already sends a request message.</summary>
        public string? ExistingRequest { get; }

        internal static MutationPlan? TryCreate(SyntaxNode node, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (node.FirstAncestorOrSelf<StatementSyntax>() is not ExpressionStatementSyntax statement ||
                statement.Expression.Span != diagnostic.Location.SourceSpan ||
                statement.Parent is not BlockSyntax block ||
                ((CSharpParseOptions)statement.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
            {
                return null;
            }

            var types = KnownTypes.For(model.Compilation);
            ISymbol holder;
            if (TryMovable(statement, model, types, cancellationToken, out var first, out _))
            {
                holder = first.Holder!;
            }
            else if (model.GetOperation(((ExpressionStatementSyntax)statement).Expression, cancellationToken) is { } operation
                && SharedClientMutation.TryMatch(operation, types, out var removal, cancellationToken)
                && removal.Holder is not null
                && (HeaderRemoved(statement, model, types, removal.Holder, cancellationToken) is not null
                    || BaseAddressSet(statement, model, types, removal.Holder, cancellationToken) is not null))
            {
                holder = removal.Holder;
            }
            else
            {
                return null;
            }

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
            var removes = ImmutableArray.CreateBuilder<StatementSyntax>();
            var added = new HashSet<string>();
            ExpressionSyntax? baseAddress = null;
            StatementSyntax? baseAddressStatement = null;
            for (var i = start; i <= end; i++)
            {
                if (HeaderRemoved(statements[i], model, types, holder, cancellationToken) is { } removedName)
                {
                    removes.Add(statements[i]);
                    continue;
                }

                if (BaseAddressSet(statements[i], model, types, holder, cancellationToken) is { } value)
                {
                    if (baseAddress is not null)
                    {
                        return null;
                    }

                    (baseAddress, baseAddressStatement) = (value, statements[i]);
                    continue;
                }

                TryMovable(statements[i], model, types, cancellationToken, out var mutation, out var operation);
                group.Add(statements[i]);
                headers.Add(mutation.DefaultRequestHeaders!.Syntax);
                if (operation is IInvocationOperation { TargetMethod.Name: "Add" or "TryAddWithoutValidation", Arguments.Length: > 0 } add
                    && add.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string addedName })
                {
                    added.Add(addedName.ToUpperInvariant());
                }
            }

            // A Remove + Add of one header replaces it for this call: a fresh request has no such header (and its own
            // headers win over the client's defaults when sent), so the Remove goes. A Remove of anything else stays a
            // change that cannot move.
            foreach (var remove in removes)
            {
                if (group.Count == 0 || !added.Contains(HeaderRemoved(remove, model, types, holder, cancellationToken)!.ToUpperInvariant()))
                {
                    return null;
                }
            }

            if (group.Count == 0 && baseAddress is null)
            {
                return null;
            }

            if (FindCall(statements[end + 1], model, types, holder, statements[start].SpanStart, cancellationToken) is not { } plan
                || baseAddress is not null && (plan.ExistingRequest is not null || plan.RequestUri is null))
            {
                return null;
            }

            // BaseAddress set per call: the request carries the absolute URI HttpClient would have built from it.
            var requestUri = baseAddress is null
                ? plan.RequestUri
                : SyntaxFactory.ObjectCreationExpression(
                    SyntaxFactory.ParseTypeName("global::System.Uri").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(baseAddress.WithoutTrivia()), SyntaxFactory.Argument(plan.RequestUri!.WithoutTrivia()) })),
                    initializer: null);
            return new MutationPlan(group.ToImmutable(), headers.ToImmutable(), plan.Call, plan.HttpMethodName, requestUri, plan.Content, plan.ExistingRequest, plan.ContentRead, plan.ReadAwait)
            {
                Removed = removes.ToImmutable(),
                BaseAddressStatement = baseAddressStatement,
                OriginalRequestUri = plan.RequestUri,
            };
        }

        /// <summary>The value of <c>holder.BaseAddress = value;</c> (a plain expression), else null.</summary>
        private static ExpressionSyntax? BaseAddressSet(StatementSyntax statement, SemanticModel model, KnownTypes types, ISymbol holder, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment } expression
                || model.GetOperation(expression.Expression, cancellationToken) is not { } operation
                || !SharedClientMutation.TryMatch(operation, types, out var mutation, cancellationToken)
                || mutation.Kind != MutationKind.ClientSetting
                || mutation.Member != "BaseAddress"
                || !mutation.Holder.Is(holder)
                || mutation.IsCandidate
                || !IsPlain(assignment.Right))
            {
                return null;
            }

            return assignment.Right;
        }

        /// <summary>The <c>BaseAddress = value;</c> statement of the group (deleted: the request gets an absolute URI).</summary>
        public StatementSyntax? BaseAddressStatement { get; private set; }

        /// <summary>The <c>DefaultRequestHeaders.Remove("name")</c> statements of the group (deleted by the fix).</summary>
        public ImmutableArray<StatementSyntax> Removed { get; private set; } = ImmutableArray<StatementSyntax>.Empty;

        /// <summary>The constant header name of <c>holder.DefaultRequestHeaders.Remove("name");</c>, else null.</summary>
        private static string? HeaderRemoved(StatementSyntax statement, SemanticModel model, KnownTypes types, ISymbol holder, CancellationToken cancellationToken)
        {
            if (statement is not ExpressionStatementSyntax expression
                || model.GetOperation(expression.Expression, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "Remove", Arguments.Length: 1 } invocation
                || invocation.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name }
                || !SharedClientMutation.TryMatch(invocation, types, out var mutation, cancellationToken)
                || mutation.Kind != MutationKind.HeaderRemove
                || mutation.DefaultRequestHeaders is null
                || expression.Expression is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax removeAccess }
                || mutation.DefaultRequestHeaders.Syntax != removeAccess.Expression
                || !mutation.Holder.Is(holder)
                || mutation.IsCandidate)
            {
                return null;
            }

            return name;
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

            return mutation.Kind is MutationKind.HeaderSet or MutationKind.HeaderAdd && !mutation.IsCandidate
                || HeaderRemoved(statement, model, types, holder, cancellationToken) is not null
                || BaseAddressSet(statement, model, types, holder, cancellationToken) is not null;
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
        private static MutationPlan? FindCall(StatementSyntax statement, SemanticModel model, KnownTypes types, ISymbol holder, int groupStart, CancellationToken cancellationToken)
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
                FixSyntax.WalkUpParentheses(call).Parent is not AwaitExpressionSyntax awaitExpression)
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
                "GetStringAsync" or "GetByteArrayAsync" => "Get",
                _ => null,
            };

            // GetStringAsync / GetByteArrayAsync take no request message: the response of SendAsync is read instead, in a
            // `using var response` declared before the statement, which must be `return await ...;` or `var x = await ...;`.
            string? contentRead = null;
            if (method.Name is "GetStringAsync" or "GetByteArrayAsync")
            {
                var whole = awaitExpression.Parent switch
                {
                    ReturnStatementSyntax returnStatement => returnStatement,
                    EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }
                        when local.UsingKeyword.IsKind(SyntaxKind.None) && !local.IsConst => local,
                    _ => (StatementSyntax?)null,
                };
                if (whole != statement)
                {
                    return null;
                }

                contentRead = method.Name == "GetStringAsync" ? "ReadAsStringAsync" : "ReadAsByteArrayAsync";
            }

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
                        return new MutationPlan(default, default, call, null, null, null, local.Local.Name);
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
                ? new MutationPlan(default, default, call, httpMethod, requestUri, content, null, contentRead, contentRead is null ? null : awaitExpression)
                : null;
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

        internal void Apply(SyntaxEditor editor, SemanticModel model, Dictionary<SyntaxNode, HashSet<string>> reserved)
        {
            var requestName = ExistingRequest ?? UniqueName(model, Anchor, reserved, "request");

            foreach (var headers in Headers)
            {
                editor.ReplaceNode(headers, (current, _) => SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.IdentifierName(requestName),
                        SyntaxFactory.IdentifierName("Headers"))
                    .WithTriviaFrom(current));
            }

            foreach (var removed in Removed)
            {
                editor.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia);
            }

            if (BaseAddressStatement is not null)
            {
                editor.RemoveNode(BaseAddressStatement, SyntaxRemoveOptions.KeepNoTrivia);
            }

            if (ExistingRequest is not null)
            {
                return;
            }

            if (ContentRead is not null && ReadAwait is not null)
            {
                // using var response = await client.SendAsync(request); ... await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync()
                var responseName = UniqueName(model, Anchor, reserved, "response");
                var statement = ReadAwait.FirstAncestorOrSelf<StatementSyntax>()!;
                var read = SyntaxFactory.ParseExpression(responseName + ".EnsureSuccessStatusCode().Content." + ContentRead + "()");
                editor.ReplaceNode(ReadAwait, (current, _) => ((AwaitExpressionSyntax)current).WithExpression(read.WithTriviaFrom(((AwaitExpressionSyntax)current).Expression)));
                var response = ResponseDeclaration(responseName, SendCall(Call, requestName), statement);
                if (Anchor == statement)
                {
                    editor.InsertBefore(statement, new SyntaxNode[] { Declaration(requestName), response });
                }
                else
                {
                    editor.InsertBefore(statement, response);
                    editor.InsertBefore(Anchor, Declaration(requestName));
                }

                return;
            }

            editor.ReplaceNode(Call, (current, _) => SendCall((InvocationExpressionSyntax)current, requestName));
            editor.InsertBefore(Anchor, Declaration(requestName));
        }

        /// <summary><paramref name="invocation"/> (the original call, or its current form) as <c>client.SendAsync(request, ...)</c>.</summary>
        private InvocationExpressionSyntax SendCall(InvocationExpressionSyntax invocation, string requestName)
        {
            var access = (MemberAccessExpressionSyntax)invocation.Expression;
            var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(SyntaxFactory.IdentifierName(requestName)) };
            var original = Call.ArgumentList.Arguments;
            for (var i = 0; i < invocation.ArgumentList.Arguments.Count && i < original.Count; i++)
            {
                // The URI and the content now travel on the request.
                if (original[i].Expression == (OriginalRequestUri ?? RequestUri) || original[i].Expression == Content)
                {
                    continue;
                }

                arguments.Add(invocation.ArgumentList.Arguments[i]);
            }

            return invocation
                .WithExpression(access.WithName(SyntaxFactory.IdentifierName("SendAsync").WithTriviaFrom(access.Name)))
                .WithArgumentList(invocation.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));
        }

        private static LocalDeclarationStatementSyntax ResponseDeclaration(string responseName, InvocationExpressionSyntax send, StatementSyntax before) =>
            UsingVarBefore(responseName, SyntaxFactory.AwaitExpression(send.WithoutTrivia()), before);

        /// <summary><c>using var name = value;</c> on its own line before <paramref name="before"/>, at its indentation.</summary>
        private static LocalDeclarationStatementSyntax UsingVarBefore(string name, ExpressionSyntax value, StatementSyntax before)
        {
            var indentation = before.GetLeadingTrivia().Reverse().TakeWhile(t => !t.IsKind(SyntaxKind.EndOfLineTrivia)).Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            return SyntaxFactory.LocalDeclarationStatement(
                    SyntaxFactory.VariableDeclaration(
                        SyntaxFactory.IdentifierName("var"),
                        SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FixSyntax.InventedName(name))
                            .WithInitializer(SyntaxFactory.EqualsValueClause(value)))))
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                .WithLeadingTrivia(indentation)
                .WithTrailingTrivia(before.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } endOfLine
                    ? endOfLine
                    : SyntaxFactory.ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
        }

        private LocalDeclarationStatementSyntax Declaration(string requestName) =>
            UsingVarBefore(requestName, SynchronousSendRewrite.Request(HttpMethodName!, RequestUri!, Content), Anchor);

        /// <summary>A free name (<see cref="FixSyntax.UniqueName"/>), also distinct from the names this fix gave out in the same member.</summary>
        private static string UniqueName(SemanticModel model, StatementSyntax statement, Dictionary<SyntaxNode, HashSet<string>> reserved, string baseName)
        {
            var scope = (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? statement.SyntaxTree.GetRoot();
            if (!reserved.TryGetValue(scope, out var taken))
            {
                reserved[scope] = taken = new HashSet<string>();
            }

            return FixSyntax.UniqueName(statement, baseName, model, taken);
        }
    }
}
