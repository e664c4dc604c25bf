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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH110 fix: moves a WebClient that is only used for DownloadString/DownloadData/UploadString (and their TaskAsync forms)
/// onto the type's shared HttpClient. Offered only when every use of the WebClient is one of those calls and each call can be
/// rewritten: awaited where <c>await</c> is allowed, elsewhere (on targets with <c>HttpClient.Send</c>) a synchronous
/// <c>Send</c> whose disposed response is read before the statement (<see cref="SynchronousSendRewrite"/>). In synchronous
/// code, <c>WebRequest.Create(url)</c> whose only use is a disposed <c>GetResponse()</c> read through <c>GetResponseStream()</c>
/// becomes an <c>HttpRequestMessage</c> sent with <c>Send</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyWebClientFixer))]
public sealed class LegacyWebClientFixer : RuleFixer<LegacyWebClientFixer.WebClientPlan>
{
    private const string TitleText = "Use a shared HttpClient";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH110;

    protected override string Title(WebClientPlan plan) => TitleText;

    protected override WebClientPlan? Plan(FixContext context, Diagnostic diagnostic) => WebClientPlan.Create(context, diagnostic);

    /// <summary>
    /// Fix All spans documents (project, solution) in one pass, not document by document as RuleFixer's does: a type with
    /// findings in several files (partial parts) gets exactly one SharedHttpClient field.
    /// </summary>
    public override FixAllProvider GetFixAllProvider() => new SharedClientFixAll(this);

    protected override async Task<Document> ApplyAsync(FixContext context, IReadOnlyList<WebClientPlan> plans)
    {
        var pooledHandler = await LinkedTargets.AllHaveAsync(context.Document, SharedHttpClientRewrite.HasSocketsHttpHandler, context.CancellationToken).ConfigureAwait(false);
        return context.Document.WithSyntaxRoot(ApplyPlans(context, plans, new HashSet<ISymbol>(SymbolEqualityComparer.Default), pooledHandler));
    }

    /// <summary>Rewrites every fixable finding, giving each type at most one new SharedHttpClient field (also across partial parts).</summary>
    private async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        var typesGivenField = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (document, diagnostics) in work)
        {
            var context = await FixContext.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            if (context is null)
            {
                continue;
            }

            var plans = new List<WebClientPlan>();
            foreach (var diagnostic in diagnostics)
            {
                if (Plan(context, diagnostic) is { } plan)
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count > 0)
            {
                var pooledHandler = await LinkedTargets.AllHaveAsync(document, SharedHttpClientRewrite.HasSocketsHttpHandler, cancellationToken).ConfigureAwait(false);
                solution = solution.WithDocumentSyntaxRoot(document.Id, ApplyPlans(context, plans, typesGivenField, pooledHandler));
            }
        }

        return solution;
    }

    private static SyntaxNode ApplyPlans(FixContext context, IReadOnlyList<WebClientPlan> plans, HashSet<ISymbol> typesGivenField, bool pooledHandler)
    {
        var (root, model, cancellationToken) = (context.Root, context.Model, context.CancellationToken);
        var calls = new List<(InvocationExpressionSyntax Call, Rewrite Kind)>();
        var tracked = new List<SyntaxNode>();
        var fieldTargets = new List<TypeDeclarationSyntax>();
        foreach (var plan in plans)
        {
            foreach (var call in plan.Calls)
            {
                calls.Add(call);
                tracked.Add(call.Call.Parent is AwaitExpressionSyntax await && call.Kind == Rewrite.AwaitedUploadStringTaskAsync ? await : call.Call);
            }

            if (plan.Declaration is not null)
            {
                tracked.Add(plan.Declaration);
            }

            if (plan.FieldTarget is not null
                && model.GetDeclaredSymbol(plan.FieldTarget, cancellationToken) is { } type
                && typesGivenField.Add(type))
            {
                fieldTargets.Add(plan.FieldTarget);
                tracked.Add(plan.FieldTarget);
            }
        }

        // Synchronous calls: the statement (or => body) their Send and read go before.
        var anchors = new Dictionary<InvocationExpressionSyntax, SyntaxNode>();
        foreach (var (call, kind) in calls)
        {
            if (kind is Rewrite.SendDownloadString or Rewrite.SendDownloadData or Rewrite.SendUploadString && SynchronousSendRewrite.Anchor(call) is { } anchor)
            {
                var target = anchor is ArrowExpressionClauseSyntax ? anchor.Parent! : anchor;
                anchors.Add(call, target);
                tracked.Add(target);
            }
        }

        var replacements = new List<(SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode> Build)>();
        foreach (var plan in plans)
        {
            replacements.AddRange(plan.Replacements);
        }

        foreach (var (node, _) in replacements)
        {
            tracked.Add(node);
        }

        var newRoot = root.TrackNodes(tracked);
        var hoists = new List<(SyntaxNode Anchor, List<StatementSyntax> Prelude)>();

        // Names are given in source order (response, then response2...), before the rewrite goes from the end.
        var namesByMember = new Dictionary<SyntaxNode, HashSet<string>>();
        var names = new Dictionary<InvocationExpressionSyntax, (string Response, string Reader)>();
        foreach (var (call, kind) in calls.OrderBy(c => c.Call.SpanStart))
        {
            if (anchors.TryGetValue(call, out var target))
            {
                var member = target.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? target;
                if (!namesByMember.TryGetValue(member, out var taken))
                {
                    taken = new HashSet<string>();
                    namesByMember.Add(member, taken);
                }

                names.Add(call, (
                    FixSyntax.UniqueName(target, "response", model, taken),
                    FixSyntax.UniqueName(target, kind == Rewrite.SendDownloadData ? "buffer" : "reader", model, taken)));
            }
        }

        // Innermost (latest) calls first, so an outer rewrite is built from already rewritten arguments.
        calls.Sort(static (a, b) => b.Call.SpanStart.CompareTo(a.Call.SpanStart));
        foreach (var (call, kind) in calls)
        {
            if (kind == Rewrite.AwaitedUploadStringTaskAsync)
            {
                if (call.Parent is AwaitExpressionSyntax awaitExpression && newRoot.GetCurrentNode(awaitExpression) is { } currentAwait
                    && currentAwait.Expression is InvocationExpressionSyntax currentUpload)
                {
                    newRoot = newRoot.ReplaceNode(currentAwait, Build(Rewrite.UploadString, currentUpload, StringContentName(model, call)).WithTriviaFrom(currentAwait));
                }

                continue;
            }

            if (anchors.TryGetValue(call, out var target))
            {
                if (newRoot.GetCurrentNode(call) is { } currentCall)
                {
                    SynchronousSendRewrite.TryFindTokenInScope(model, call, cancellationToken, out var token);
                    var (prelude, value) = BuildSend(kind, currentCall, StringContentName(model, call), names[call], token);
                    hoists.Add((target, prelude));
                    newRoot = newRoot.ReplaceNode(currentCall, value.WithTriviaFrom(currentCall));
                }

                continue;
            }

            if (newRoot.GetCurrentNode(call) is { } current)
            {
                newRoot = newRoot.ReplaceNode(current, Build(kind, current, StringContentName(model, call)).WithTriviaFrom(current));
            }
        }

        foreach (var (target, prelude) in hoists)
        {
            if (newRoot.GetCurrentNode(target) is { } currentTarget)
            {
                newRoot = currentTarget is StatementSyntax
                    ? SynchronousSendRewrite.Insert(newRoot, currentTarget, prelude)
                    : newRoot.ReplaceNode(currentTarget, SynchronousSendRewrite.WithBlockBody(currentTarget, prelude));
            }
        }

        replacements.Sort(static (a, b) => b.Node.SpanStart.CompareTo(a.Node.SpanStart));
        foreach (var (node, build) in replacements)
        {
            if (newRoot.GetCurrentNode(node) is { } current)
            {
                newRoot = newRoot.ReplaceNode(current, build(current));
            }
        }

        foreach (var plan in plans)
        {
            if (plan.Declaration is not null && newRoot.GetCurrentNode(plan.Declaration) is { } declaration)
            {
                newRoot = declaration is UsingStatementSyntax usingStatement
                    ? Unwrap(newRoot, usingStatement, plan.CanSpliceUsingBody)
                    : SyntaxRemoval.RemoveStatement(newRoot, declaration);
            }
        }

        foreach (var type in fieldTargets)
        {
            if (newRoot.GetCurrentNode(type) is { } currentType)
            {
                newRoot = newRoot.ReplaceNode(currentType, SharedHttpClientInsertion.Insert(currentType, pooledHandler));
            }
        }

        return newRoot;
    }

    /// <summary>The HttpClient expression that replaces <paramref name="call"/> (a WebClient call with positional arguments).</summary>
    private static ExpressionSyntax Build(Rewrite kind, InvocationExpressionSyntax call, string stringContent)
    {
        var arguments = call.ArgumentList.Arguments;
        ExpressionSyntax expression;
        switch (kind)
        {
            case Rewrite.DownloadString:
                expression = Await(Fill("SharedHttpClient.GetStringAsync(A0)", arguments));
                break;
            case Rewrite.DownloadData:
                expression = Await(Fill("SharedHttpClient.GetByteArrayAsync(A0)", arguments));
                break;
            case Rewrite.DownloadStringTaskAsync:
                expression = Fill("SharedHttpClient.GetStringAsync(A0)", arguments);
                break;
            case Rewrite.DownloadDataTaskAsync:
                expression = Fill("SharedHttpClient.GetByteArrayAsync(A0)", arguments);
                break;
            default:
                // WebClient.UploadString POSTs the string, throws on an error status, and returns the response body.
                var post = Parenthesized(Await(Fill("SharedHttpClient.PostAsync(A0, new " + stringContent + "(A1))", arguments)));
                var read = SyntaxFactory.ParseExpression("P.EnsureSuccessStatusCode().Content.ReadAsStringAsync()");
                read = read.ReplaceNode(read.DescendantNodes().OfType<IdentifierNameSyntax>().First(n => n.Identifier.ValueText == "P"), post);
                expression = Await(read);
                break;
        }

        if (expression is AwaitExpressionSyntax && FixSyntax.NeedsParentheses(call))
        {
            expression = Parenthesized(expression);
        }

        return expression.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }

    /// <summary>
    /// A synchronous WebClient call as a disposed <c>SharedHttpClient.Send(...)</c> before its statement and the read that
    /// replaces the call (names unique in the member, also across the calls of one fix).
    /// </summary>
    private static (List<StatementSyntax> Prelude, ExpressionSyntax Value) BuildSend(
        Rewrite kind, InvocationExpressionSyntax call, string stringContent, (string Response, string Reader) names, ExpressionSyntax? token)
    {
        var arguments = call.ArgumentList.Arguments;
        var read = kind == Rewrite.SendDownloadData ? SynchronousSendRewrite.Read.Bytes : SynchronousSendRewrite.Read.String;
        var (response, reader) = names;
        var request = kind == Rewrite.SendUploadString
            ? SynchronousSendRewrite.Request("Post", arguments[0].Expression, Fill("new " + stringContent + "(A1)", arguments))
            : SynchronousSendRewrite.Request("Get", arguments[0].Expression, null);
        var sendArguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(request) };
        if (token is not null)
        {
            sendArguments.Add(SyntaxFactory.Argument(token));
        }

        return SynchronousSendRewrite.Build(SharedHttpClientInsertion.Reference(), sendArguments, read, response, reader, token);
    }

    /// <summary>StringContent as it can be written at <paramref name="call"/> (the simplifier does not shorten it inside the await chain).</summary>
    private static string StringContentName(SemanticModel model, SyntaxNode call) =>
        KnownTypes.For(model.Compilation).StringContent?.ToMinimalDisplayString(model, call.SpanStart)
        ?? "global::System.Net.Http.StringContent";

    /// <summary>Parses <paramref name="template"/> (no <c>await</c> in it: outside an async context the parser reads it as a name) and puts the call's arguments in for A0, A1.</summary>
    private static ExpressionSyntax Fill(string template, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        var expression = SyntaxFactory.ParseExpression(template);
        return expression.ReplaceNodes(
            expression.DescendantNodes().OfType<IdentifierNameSyntax>(),
            (original, _) => original.Identifier.ValueText switch
            {
                "A0" => arguments[0].Expression.WithoutTrivia(),
                "A1" => arguments[1].Expression.WithoutTrivia(),
                _ => original,
            });
    }

    private static ExpressionSyntax Await(ExpressionSyntax expression) =>
        SyntaxFactory.AwaitExpression(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space), expression);

    private static ExpressionSyntax Parenthesized(ExpressionSyntax expression) =>
        SyntaxFactory.ParenthesizedExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>Replaces <c>using (var client = new WebClient()) body</c> by the body: its statements where that adds no name to the outer block, else the block.</summary>
    private static SyntaxNode Unwrap(SyntaxNode root, UsingStatementSyntax usingStatement, bool canSplice)
    {
        var leading = usingStatement.GetLeadingTrivia();
        if (canSplice && usingStatement.Statement is BlockSyntax { Statements.Count: > 0 } body && usingStatement.Parent is BlockSyntax)
        {
            var statements = new List<SyntaxNode>();
            foreach (var statement in body.Statements)
            {
                statements.Add(statement.WithAdditionalAnnotations(Formatter.Annotation));
            }

            statements[0] = statements[0].WithLeadingTrivia(leading.AddRange(body.Statements[0].GetLeadingTrivia()));
            return root.ReplaceNode(usingStatement, statements);
        }

        return root.ReplaceNode(usingStatement, usingStatement.Statement.WithLeadingTrivia(leading).WithAdditionalAnnotations(Formatter.Annotation));
    }

    internal enum Rewrite
    {
        DownloadString,
        DownloadData,
        DownloadStringTaskAsync,
        DownloadDataTaskAsync,
        UploadString,
        AwaitedUploadStringTaskAsync,

        /// <summary>Synchronous code: a disposed Send before the statement, the body read with a StreamReader.</summary>
        SendDownloadString,

        /// <summary>Synchronous code: a disposed Send before the statement, the body copied into a MemoryStream.</summary>
        SendDownloadData,

        /// <summary>Synchronous code: a disposed Send of a POST with StringContent before the statement, the body read with a StreamReader.</summary>
        SendUploadString,
    }

    /// <summary>What one finding's fix changes: the WebClient calls, the declaration to drop, and where the field goes.</summary>
    public sealed class WebClientPlan
    {
        private WebClientPlan(List<(InvocationExpressionSyntax, Rewrite)> calls, StatementSyntax? declaration, bool canSpliceUsingBody, TypeDeclarationSyntax? fieldTarget)
        {
            Calls = calls;
            Declaration = declaration;
            CanSpliceUsingBody = canSpliceUsingBody;
            FieldTarget = fieldTarget;
        }

        private WebClientPlan(List<(SyntaxNode, System.Func<SyntaxNode, SyntaxNode>)> replacements, TypeDeclarationSyntax? fieldTarget)
        {
            Calls = new List<(InvocationExpressionSyntax, Rewrite)>();
            Replacements = replacements;
            FieldTarget = fieldTarget;
        }

        /// <summary>Nodes a WebRequest fix replaces, each built from its current (already rewritten) form.</summary>
        internal List<(SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode> Build)> Replacements { get; } = new();

        internal List<(InvocationExpressionSyntax Call, Rewrite Kind)> Calls { get; }

        /// <summary>The local declaration (removed) or using statement (unwrapped) that held the WebClient; null for <c>new WebClient().Call(...)</c>.</summary>
        internal StatementSyntax? Declaration { get; }

        internal bool CanSpliceUsingBody { get; }

        /// <summary>The type that needs the SharedHttpClient field; null when one is in scope already.</summary>
        internal TypeDeclarationSyntax? FieldTarget { get; }

        internal static WebClientPlan? Create(FixContext context, Diagnostic diagnostic)
        {
            var (model, cancellationToken) = (context.Model, context.CancellationToken);
            var found = context.NodeOf(diagnostic);
            if (found is InvocationExpressionSyntax webRequestCreate)
            {
                return CreateForWebRequest(webRequestCreate, model, cancellationToken);
            }

            if (found is not BaseObjectCreationExpressionSyntax { Initializer: null } creation
                || creation.ArgumentList is { Arguments.Count: > 0 }
                || model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation creationOperation)
            {
                return null;
            }

            var webClient = context.Types.WebClient;
            if (webClient is null || !SymbolEqualityComparer.Default.Equals(creationOperation.Type, webClient))
            {
                return null;
            }

            var typeDeclaration = SharedHttpClientInsertion.TargetType(creation);
            if (typeDeclaration is null)
            {
                return null; // top-level statements or interface: no type to hold the field
            }

            TypeDeclarationSyntax? fieldTarget;
            switch (SharedHttpClientInsertion.Lookup(model, creation.SpanStart))
            {
                case SharedHttpClientInsertion.Availability.Missing:
                    fieldTarget = typeDeclaration;
                    break;
                case SharedHttpClientInsertion.Availability.Existing:
                    fieldTarget = null;
                    break;
                default:
                    return null;
            }

            var calls = new List<(InvocationExpressionSyntax, Rewrite)>();
            var value = FixSyntax.WalkUpParentheses(creation);

            // new WebClient().DownloadString(url)
            if (value.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax directCall } memberAccess && memberAccess.Expression == value)
            {
                return TryAddCall(directCall, model, webClient, calls, cancellationToken) ? new WebClientPlan(calls, null, false, fieldTarget) : null;
            }

            // [using] var client = new WebClient();   /   using (var client = new WebClient()) ...
            if (value.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
                || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
            {
                return null;
            }

            StatementSyntax statement;
            SyntaxNode scope;
            var canSplice = false;
            switch (declaration.Parent)
            {
                case LocalDeclarationStatementSyntax localDeclaration when !localDeclaration.IsConst && SyntaxRemoval.CanRemoveStatement(localDeclaration):
                    statement = localDeclaration;
                    scope = localDeclaration.Parent!;
                    break;
                case UsingStatementSyntax usingStatement:
                    statement = usingStatement;
                    scope = usingStatement.Statement;
                    canSplice = usingStatement.Statement is BlockSyntax body && DeclaresNoNames(model.GetOperation(body, cancellationToken));
                    break;
                default:
                    return null;
            }

            foreach (var identifier in scope.DescendantNodes())
            {
                if (identifier is not IdentifierNameSyntax name || name.Identifier.ValueText != local.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    continue;
                }

                if (name.Parent is not MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access
                    || access.Expression != name
                    || !TryAddCall(call, model, webClient, calls, cancellationToken))
                {
                    return null; // used for something else: headers, credentials, events, passed on...
                }
            }

            return new WebClientPlan(calls, statement, canSplice, calls.Count > 0 ? fieldTarget : null);
        }

        /// <summary>
        /// <c>[var request = ][(HttpWebRequest)]WebRequest.Create(url)</c> in synchronous code whose only use is
        /// <c>using var response = request.GetResponse();</c> (or a <c>using (...)</c> statement), the response only read through
        /// one <c>GetResponseStream()</c>: the request becomes an HttpRequestMessage, GetResponse a checked <c>Send</c> that
        /// streams the body (ResponseHeadersRead, as GetResponse does), GetResponseStream <c>Content.ReadAsStream()</c>.
        /// </summary>
        private static WebClientPlan? CreateForWebRequest(InvocationExpressionSyntax create, SemanticModel model, CancellationToken cancellationToken)
        {
            var types = KnownTypes.For(model.Compilation);
            if (create.ArgumentList.Arguments.Count != 1
                || create.ArgumentList.Arguments[0] is not { NameColon: null } urlArgument
                || !urlArgument.RefKindKeyword.IsKind(SyntaxKind.None)
                || model.GetSymbolInfo(create, cancellationToken).Symbol is not IMethodSymbol { IsStatic: true, Name: "Create" or "CreateHttp", Parameters.Length: 1 } method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, types.WebRequest)
                || !(method.Parameters[0].Type.SpecialType == SpecialType.System_String || SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.Uri))
                || !SynchronousSendRewrite.IsAvailable(model.Compilation)
                || create.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 })
            {
                return null;
            }

            var fieldTarget = FieldTargetFor(model, create);
            if (fieldTarget is null || !SynchronousSendRewrite.TryFindTokenInScope(model, create, cancellationToken, out var token))
            {
                return null;
            }

            var replacements = new List<(SyntaxNode, System.Func<SyntaxNode, SyntaxNode>)>();
            var value = WithoutCast(FixSyntax.WalkUpParentheses(create), model, types.HttpWebRequest);
            var url = urlArgument.Expression;
            InvocationExpressionSyntax getResponse;
            ExpressionSyntax requestExpression;
            if (value.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResponse" or "GetResponseAsync", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } direct } directAccess
                && directAccess.Expression == value)
            {
                // using var response = WebRequest.Create(url).GetResponse();
                getResponse = direct;
                requestExpression = SynchronousSendRewrite.Request("Get", url, null);
            }
            else if (value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax requestDeclarator }
                && requestDeclarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax scope } requestStatement } requestDeclaration
                && !requestStatement.IsConst && requestStatement.UsingKeyword.IsKind(SyntaxKind.None)
                && model.GetDeclaredSymbol(requestDeclarator, cancellationToken) is ILocalSymbol request
                && References(scope, request, model, cancellationToken) is { Count: 1 } requestUses
                && requestUses[0].Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResponse" or "GetResponseAsync", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } call } access
                && access.Expression == requestUses[0])
            {
                // var request = WebRequest.Create(url); ... using var response = request.GetResponse();
                getResponse = call;
                requestExpression = SyntaxFactory.IdentifierName(request.Name);
                replacements.Add((value, current => SynchronousSendRewrite.Request("Get", url, null).WithTriviaFrom(current)));
                if (!requestDeclaration.Type.IsVar)
                {
                    replacements.Add((requestDeclaration.Type, current => SyntaxFactory.IdentifierName("var").WithTriviaFrom(current)));
                }
            }
            else
            {
                return null;
            }

            // In async code the exchange is awaited: GetResponse() or `await GetResponseAsync()` becomes `await SendAsync(...)`.
            var isAsync = FixSyntax.CanAwait(getResponse);
            if (model.GetSymbolInfo(getResponse, cancellationToken).Symbol is not IMethodSymbol { Name: "GetResponse" or "GetResponseAsync" } getResponseMethod
                || !getResponseMethod.ContainingType.IsOrDerivesFrom(types.WebRequest)
                || (getResponseMethod.Name == "GetResponseAsync" && !(isAsync && FixSyntax.WalkUpParentheses(getResponse).Parent is AwaitExpressionSyntax)))
            {
                return null;
            }

            // The response: declared by `using var` or a using statement, read only through one GetResponseStream().
            var responseValue = FixSyntax.WalkUpParentheses(getResponse);
            if (getResponseMethod.Name == "GetResponseAsync")
            {
                responseValue = FixSyntax.WalkUpParentheses(responseValue.Parent!);
            }

            if (responseValue.Parent is CastExpressionSyntax cast && model.GetTypeInfo(cast.Type, cancellationToken).Type?.Name == "HttpWebResponse")
            {
                responseValue = FixSyntax.WalkUpParentheses(cast);
            }

            if (responseValue.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax responseDeclarator }
                || responseDeclarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } responseDeclaration
                || model.GetDeclaredSymbol(responseDeclarator, cancellationToken) is not ILocalSymbol response)
            {
                return null;
            }

            SyntaxNode responseScope;
            switch (responseDeclaration.Parent)
            {
                case LocalDeclarationStatementSyntax { Parent: BlockSyntax block } usingDeclaration when usingDeclaration.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) && usingDeclaration.AwaitKeyword.IsKind(SyntaxKind.None):
                    responseScope = block;
                    break;
                case UsingStatementSyntax { AwaitKeyword.RawKind: (int)SyntaxKind.None } usingStatement:
                    responseScope = usingStatement.Statement;
                    break;
                default:
                    return null;
            }

            var responseUses = References(responseScope, response, model, cancellationToken);
            if (responseUses is null || responseUses.Count > 1)
            {
                return null;
            }

            foreach (var use in responseUses)
            {
                if (use.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResponseStream", Parent: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0 } streamCall } streamAccess
                    || streamAccess.Expression != use)
                {
                    return null;
                }

                replacements.Add((streamCall, current => ReadStream(response.Name, token, isAsync, streamCall).WithTriviaFrom(current)));
            }

            var option = SyntaxFactory.ParseExpression("global::System.Net.Http.HttpCompletionOption.ResponseHeadersRead").WithAdditionalAnnotations(Simplifier.Annotation);
            ExpressionSyntax sendCall = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SharedHttpClientInsertion.Reference(), SyntaxFactory.IdentifierName(isAsync ? "SendAsync" : "Send")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(token is null
                    ? new[] { SyntaxFactory.Argument(requestExpression), SyntaxFactory.Argument(option) }
                    : new[] { SyntaxFactory.Argument(requestExpression), SyntaxFactory.Argument(option), SyntaxFactory.Argument(token) })));
            if (isAsync)
            {
                sendCall = SyntaxFactory.ParenthesizedExpression(Await(sendCall));
            }

            var sendValue = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, sendCall, SyntaxFactory.IdentifierName("EnsureSuccessStatusCode")))
                .WithAdditionalAnnotations(Formatter.Annotation);
            replacements.Add((responseValue, current => sendValue.WithTriviaFrom(current)));
            if (!responseDeclaration.Type.IsVar)
            {
                replacements.Add((responseDeclaration.Type, current => SyntaxFactory.IdentifierName("var").WithTriviaFrom(current)));
            }

            return new WebClientPlan(replacements, fieldTarget.Value.Target);
        }

        /// <summary><c>response.Content.ReadAsStream([token])</c>, or in async code <c>await response.Content.ReadAsStreamAsync([token])</c> (parenthesized where a primary expression is expected).</summary>
        private static ExpressionSyntax ReadStream(string response, ExpressionSyntax? token, bool isAsync, SyntaxNode original)
        {
            if (!isAsync)
            {
                return SynchronousSendRewrite.ReadAsStream(response, token);
            }

            var read = (InvocationExpressionSyntax)SyntaxFactory.ParseExpression(response + ".Content.ReadAsStreamAsync()");
            if (token is not null)
            {
                read = read.AddArgumentListArguments(SyntaxFactory.Argument(token.WithoutTrivia()));
            }

            var awaited = Await(read);
            return FixSyntax.NeedsParentheses((ExpressionSyntax)original) ? SyntaxFactory.ParenthesizedExpression(awaited) : awaited;
        }

        /// <summary>The type that gets the SharedHttpClient field (null inside: one is in scope); null outside: no type, or the name means something else.</summary>
        private static (TypeDeclarationSyntax? Target, bool Ok)? FieldTargetFor(SemanticModel model, SyntaxNode node)
        {
            var typeDeclaration = SharedHttpClientInsertion.TargetType(node);
            if (typeDeclaration is null)
            {
                return null;
            }

            return SharedHttpClientInsertion.Lookup(model, node.SpanStart) switch
            {
                SharedHttpClientInsertion.Availability.Missing => (typeDeclaration, true),
                SharedHttpClientInsertion.Availability.Existing => (null, true),
                _ => null,
            };
        }

        /// <summary><paramref name="value"/>, or the <c>(HttpWebRequest)</c> cast around it.</summary>
        private static SyntaxNode WithoutCast(SyntaxNode value, SemanticModel model, INamedTypeSymbol? httpWebRequest) =>
            value.Parent is CastExpressionSyntax cast && httpWebRequest is not null
                && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(cast.Type).Type, httpWebRequest)
                ? FixSyntax.WalkUpParentheses(cast)
                : value;

        /// <summary>The identifiers in <paramref name="scope"/> that mean <paramref name="local"/>.</summary>
        private static List<IdentifierNameSyntax> References(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        {
            var uses = new List<IdentifierNameSyntax>();
            foreach (var node in scope.DescendantNodes())
            {
                if (node is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    uses.Add(name);
                }
            }

            return uses;
        }

        private static bool TryAddCall(InvocationExpressionSyntax call, SemanticModel model, INamedTypeSymbol webClient, List<(InvocationExpressionSyntax, Rewrite)> calls, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
                || !SymbolEqualityComparer.Default.Equals(method.ContainingType, webClient))
            {
                return false;
            }

            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
                {
                    return false;
                }
            }

            var count = call.ArgumentList.Arguments.Count;
            Rewrite kind;
            switch (method.Name)
            {
                case "DownloadString" when count == 1 && FixSyntax.CanAwait(call):
                    kind = Rewrite.DownloadString;
                    break;
                case "DownloadData" when count == 1 && FixSyntax.CanAwait(call):
                    kind = Rewrite.DownloadData;
                    break;
                case "DownloadString" when count == 1 && CanSend(call, model, cancellationToken):
                    kind = Rewrite.SendDownloadString;
                    break;
                case "DownloadData" when count == 1 && CanSend(call, model, cancellationToken):
                    kind = Rewrite.SendDownloadData;
                    break;
                case "UploadString" when count == 2 && !FixSyntax.CanAwait(call) && CanSend(call, model, cancellationToken):
                    kind = Rewrite.SendUploadString;
                    break;
                case "DownloadStringTaskAsync" when count == 1:
                    kind = Rewrite.DownloadStringTaskAsync;
                    break;
                case "DownloadDataTaskAsync" when count == 1:
                    kind = Rewrite.DownloadDataTaskAsync;
                    break;
                case "UploadString" when count == 2 && FixSyntax.CanAwait(call):
                    kind = Rewrite.UploadString;
                    break;
                case "UploadStringTaskAsync" when count == 2 && call.Parent is AwaitExpressionSyntax && FixSyntax.CanAwait(call):
                    kind = Rewrite.AwaitedUploadStringTaskAsync;
                    break;
                default:
                    return false;
            }

            calls.Add((call, kind));
            return true;
        }

        /// <summary>
        /// Synchronous code on a target with <c>HttpClient.Send</c>, the call the whole value of a statement in a block (or of a
        /// method's <c>=&gt;</c> body): the Send and the read can go before it.
        /// </summary>
        private static bool CanSend(InvocationExpressionSyntax call, SemanticModel model, CancellationToken cancellationToken) =>
            !FixSyntax.CanAwait(call) && SynchronousSendRewrite.IsAvailable(model.Compilation) && SynchronousSendRewrite.Anchor(call) is not null
            && SynchronousSendRewrite.TryFindTokenInScope(model, call, cancellationToken, out _);

        private static bool DeclaresNoNames(IOperation? body)
        {
            if (body is not IBlockOperation block || !block.Locals.IsEmpty)
            {
                return false;
            }

            foreach (var operation in block.Operations)
            {
                if (operation is ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Fix All over a document, project or solution in one pass, so a type gets one field however many findings it has.</summary>
    private sealed class SharedClientFixAll : FixAllProvider
    {
        private readonly LegacyWebClientFixer fixer;

        public SharedClientFixAll(LegacyWebClientFixer fixer) => this.fixer = fixer;

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var documents = new List<Document>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    documents.Add(fixAllContext.Document);
                    break;
                case FixAllScope.Project:
                    documents.AddRange(fixAllContext.Project.Documents);
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        documents.AddRange(project.Documents);
                    }

                    break;
                default:
                    return null;
            }

            var work = new List<(Document, ImmutableArray<Diagnostic>)>();
            foreach (var document in documents)
            {
                var diagnostics = await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
                if (!diagnostics.IsEmpty)
                {
                    work.Add((document, diagnostics));
                }
            }

            return CodeAction.Create(TitleText, ct => fixer.FixAsync(fixAllContext.Solution, work, ct), equivalenceKey: Descriptors.SVH110.Id);
        }
    }
}
