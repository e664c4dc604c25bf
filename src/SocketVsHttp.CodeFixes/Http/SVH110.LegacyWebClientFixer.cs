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
/// rewritten without blocking (the synchronous ones only where <c>await</c> is allowed).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyWebClientFixer))]
public sealed class LegacyWebClientFixer : CodeFixProvider
{
    private const string Title = "Use a shared HttpClient";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Descriptors.SVH110.Id);

    public override FixAllProvider GetFixAllProvider() => SharedClientFixAll.Instance;

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
            if (Plan.Create(root, model, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    ct => FixAsync(document.Project.Solution, new[] { (document, ImmutableArray.Create(diagnostic)) }, ct),
                    equivalenceKey: Descriptors.SVH110.Id),
                diagnostic);
        }
    }

    /// <summary>Rewrites every fixable finding, giving each type at most one new SharedHttpClient field (also across partial parts).</summary>
    private static async Task<Solution> FixAsync(Solution solution, IEnumerable<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> work, CancellationToken cancellationToken)
    {
        var typesGivenField = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (document, diagnostics) in work)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                continue;
            }

            var plans = new List<Plan>();
            foreach (var diagnostic in diagnostics)
            {
                var plan = Plan.Create(root, model, diagnostic, cancellationToken);
                if (plan is not null)
                {
                    plans.Add(plan);
                }
            }

            if (plans.Count > 0)
            {
                var pooledHandler = await LinkedTargets.AllHaveAsync(document, SharedHttpClientRewrite.HasSocketsHttpHandler, cancellationToken).ConfigureAwait(false);
                var newRoot = Apply(root, model, plans, typesGivenField, pooledHandler, cancellationToken);
                solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
            }
        }

        return solution;
    }

    private static SyntaxNode Apply(SyntaxNode root, SemanticModel model, List<Plan> plans, HashSet<ISymbol> typesGivenField, bool pooledHandler, CancellationToken cancellationToken)
    {
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

        var newRoot = root.TrackNodes(tracked);

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

            if (newRoot.GetCurrentNode(call) is { } current)
            {
                newRoot = newRoot.ReplaceNode(current, Build(kind, current, StringContentName(model, call)).WithTriviaFrom(current));
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

        if (expression is AwaitExpressionSyntax && NeedsParentheses(call))
        {
            expression = Parenthesized(expression);
        }

        return expression.WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }

    /// <summary>StringContent as it can be written at <paramref name="call"/> (the simplifier does not shorten it inside the await chain).</summary>
    private static string StringContentName(SemanticModel model, SyntaxNode call) =>
        model.Compilation.GetTypeByMetadataName("System.Net.Http.StringContent")?.ToMinimalDisplayString(model, call.SpanStart)
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

    /// <summary>An <c>await</c> that replaces <paramref name="call"/> needs parentheses only where a primary expression is expected (<c>.Length</c>, <c>[0]</c>, <c>?.</c>, <c>!</c>).</summary>
    private static bool NeedsParentheses(SyntaxNode call) =>
        call.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or ConditionalAccessExpressionSyntax
            or InvocationExpressionSyntax or PostfixUnaryExpressionSyntax;

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

    private enum Rewrite
    {
        DownloadString,
        DownloadData,
        DownloadStringTaskAsync,
        DownloadDataTaskAsync,
        UploadString,
        AwaitedUploadStringTaskAsync,
    }

    /// <summary>What one finding's fix changes: the WebClient calls, the declaration to drop, and where the field goes.</summary>
    private sealed class Plan
    {
        private Plan(List<(InvocationExpressionSyntax, Rewrite)> calls, StatementSyntax? declaration, bool canSpliceUsingBody, TypeDeclarationSyntax? fieldTarget)
        {
            Calls = calls;
            Declaration = declaration;
            CanSpliceUsingBody = canSpliceUsingBody;
            FieldTarget = fieldTarget;
        }

        public List<(InvocationExpressionSyntax Call, Rewrite Kind)> Calls { get; }

        /// <summary>The local declaration (removed) or using statement (unwrapped) that held the WebClient; null for <c>new WebClient().Call(...)</c>.</summary>
        public StatementSyntax? Declaration { get; }

        public bool CanSpliceUsingBody { get; }

        /// <summary>The type that needs the SharedHttpClient field; null when one is in scope already.</summary>
        public TypeDeclarationSyntax? FieldTarget { get; }

        public static Plan? Create(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax { Initializer: null } creation
                || creation.ArgumentList is { Arguments.Count: > 0 }
                || model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation creationOperation)
            {
                return null;
            }

            var webClient = model.Compilation.GetTypeByMetadataName("System.Net.WebClient");
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
            var value = WalkUpParentheses(creation);

            // new WebClient().DownloadString(url)
            if (value.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax directCall } memberAccess && memberAccess.Expression == value)
            {
                return TryAddCall(directCall, model, webClient, calls, cancellationToken) ? new Plan(calls, null, false, fieldTarget) : null;
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

            return new Plan(calls, statement, canSplice, calls.Count > 0 ? fieldTarget : null);
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
                case "DownloadString" when count == 1 && CanAwait(call):
                    kind = Rewrite.DownloadString;
                    break;
                case "DownloadData" when count == 1 && CanAwait(call):
                    kind = Rewrite.DownloadData;
                    break;
                case "DownloadStringTaskAsync" when count == 1:
                    kind = Rewrite.DownloadStringTaskAsync;
                    break;
                case "DownloadDataTaskAsync" when count == 1:
                    kind = Rewrite.DownloadDataTaskAsync;
                    break;
                case "UploadString" when count == 2 && CanAwait(call):
                    kind = Rewrite.UploadString;
                    break;
                case "UploadStringTaskAsync" when count == 2 && call.Parent is AwaitExpressionSyntax && CanAwait(call):
                    kind = Rewrite.AwaitedUploadStringTaskAsync;
                    break;
                default:
                    return false;
            }

            calls.Add((call, kind));
            return true;
        }

        /// <summary>True when <c>await</c> may be written at <paramref name="node"/>: inside an async method, local function or lambda, not in a lock, query or catch filter.</summary>
        private static bool CanAwait(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case LockStatementSyntax or QueryExpressionSyntax or CatchFilterClauseSyntax:
                        return false;
                    case AnonymousFunctionExpressionSyntax function:
                        return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                    case LocalFunctionStatementSyntax localFunction:
                        return localFunction.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MethodDeclarationSyntax method:
                        return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                    case MemberDeclarationSyntax or AccessorDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

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

        private static SyntaxNode WalkUpParentheses(SyntaxNode node)
        {
            var current = node;
            while (current.Parent is ParenthesizedExpressionSyntax parenthesized)
            {
                current = parenthesized;
            }

            return current;
        }
    }

    /// <summary>Fix All over a document, project or solution in one pass, so a type gets one field however many findings it has.</summary>
    private sealed class SharedClientFixAll : FixAllProvider
    {
        public static readonly SharedClientFixAll Instance = new();

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

            return CodeAction.Create(Title, ct => FixAsync(fixAllContext.Solution, work, ct), equivalenceKey: Descriptors.SVH110.Id);
        }
    }
}
