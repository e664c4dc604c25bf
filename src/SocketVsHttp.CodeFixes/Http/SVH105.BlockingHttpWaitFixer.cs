using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH105: inside an async function (or top-level statements) the blocking read becomes <c>await</c>; elsewhere
/// <c>client.SendAsync(request).Result</c> becomes the synchronous <c>client.Send(request)</c> where the target has it, and
/// <c>client.GetStringAsync(url).Result</c> / <c>GetByteArrayAsync</c> a disposed <c>Send</c> whose body is read synchronously
/// (<see cref="SynchronousSendRewrite"/>) where it is the whole value of its statement.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingHttpWaitFixer))]
public sealed class BlockingHttpWaitFixer : RuleFixer<BlockingHttpWaitFixer.BlockingPlan>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH105;

    protected override string Title(BlockingPlan plan) => plan.Kind switch
    {
        FixKind.Await => "Await the task instead of blocking",
        FixKind.SendAndRead => "Call the synchronous HttpClient.Send and read the body",
        _ => "Call the synchronous HttpClient.Send",
    };

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<BlockingPlan> plans)
    {
        var namesByMember = new Dictionary<SyntaxNode, HashSet<string>>();
        foreach (var plan in plans)
        {
            if (plan.Kind == FixKind.SendAndRead)
            {
                // The request's arguments move into new statements as written: a finding inside them is left for the next pass.
                if (!plans.Any(other => other != plan && plan.Blocking.Span.Contains(other.Blocking.Span)))
                {
                    AddSendAndRead(editor, context.Model, plan, namesByMember);
                }

                continue;
            }

            // Rebuilt from the current node so that nested findings (a blocking read inside another) compose under Fix All.
            editor.ReplaceNode(plan.Blocking, (current, _) => Rewrite((ExpressionSyntax)current, plan));
        }
    }

    /// <summary>
    /// <c>client.GetStringAsync(u, ...).Result</c> (the whole value of its statement) becomes a read of a disposed
    /// <c>client.Send(new HttpRequestMessage(HttpMethod.Get, u), ...)</c> put before the statement.
    /// </summary>
    private static void AddSendAndRead(SyntaxEditor editor, SemanticModel model, BlockingPlan plan, Dictionary<SyntaxNode, HashSet<string>> namesByMember)
    {
        var call = (InvocationExpressionSyntax)Unparenthesize(TaskOf(plan.Blocking, plan.Shape)!);
        var access = (MemberAccessExpressionSyntax)call.Expression;
        var anchor = plan.Anchor!;
        var member = anchor.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? anchor;
        if (!namesByMember.TryGetValue(member, out var taken))
        {
            taken = new HashSet<string>();
            namesByMember.Add(member, taken);
        }

        var read = access.Name.Identifier.ValueText == "GetStringAsync" ? SynchronousSendRewrite.Read.String : SynchronousSendRewrite.Read.Bytes;
        var response = FixSyntax.UniqueName(anchor, "response", model, taken);
        var reader = FixSyntax.UniqueName(anchor, read == SynchronousSendRewrite.Read.String ? "reader" : "buffer", model, taken);
        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(SynchronousSendRewrite.Request("Get", call.ArgumentList.Arguments[0].Expression, null)) };
        arguments.AddRange(call.ArgumentList.Arguments.Skip(1));
        var token = call.ArgumentList.Arguments.Count == 2 ? call.ArgumentList.Arguments[1].Expression : plan.Token;
        if (call.ArgumentList.Arguments.Count == 1 && token is not null)
        {
            arguments.Add(SyntaxFactory.Argument(token));
        }

        var (prelude, value) = SynchronousSendRewrite.Build(access.Expression, arguments, read, response, reader, token);
        editor.ReplaceNode(plan.Blocking, value.WithTriviaFrom(plan.Blocking));
        if (anchor is StatementSyntax statement)
        {
            var indentation = statement.GetLeadingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.WhitespaceTrivia));
            var endOfLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            var indent = indentation.IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(indentation) : SyntaxFactory.TriviaList();
            editor.InsertBefore(statement, prelude.Select((s, i) => s
                .WithLeadingTrivia(i == 0 ? statement.GetLeadingTrivia() : indent)
                .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.ElasticCarriageReturnLineFeed)));

            // Comments in front of the statement now stand in front of the statements that replace its call.
            editor.ReplaceNode(statement, (current, _) => current.WithLeadingTrivia(indent));
        }
        else
        {
            editor.ReplaceNode(anchor.Parent!, (current, _) => SynchronousSendRewrite.WithBlockBody(current, prelude));
        }
    }

    private static SyntaxNode Rewrite(ExpressionSyntax current, BlockingPlan plan)
    {
        var task = TaskOf(current, plan.Shape);
        if (task is null)
        {
            return current;
        }

        ExpressionSyntax replacement;
        if (plan.Kind == FixKind.Await)
        {
            var awaitKeyword = SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            replacement = SyntaxFactory.AwaitExpression(awaitKeyword, task.WithoutLeadingTrivia());
            if (plan.NeedsParentheses)
            {
                replacement = SyntaxFactory.ParenthesizedExpression(replacement);
            }
        }
        else
        {
            var send = SendFor((InvocationExpressionSyntax)Unparenthesize(task));
            if (send is null)
            {
                return current;
            }

            replacement = send;
        }

        return replacement
            .WithLeadingTrivia(current.GetLeadingTrivia())
            .WithTrailingTrivia(current.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>The task expression under <c>task.Result</c>, <c>task.Wait()</c> or <c>task.GetAwaiter().GetResult()</c>.</summary>
    private static ExpressionSyntax? TaskOf(ExpressionSyntax blocking, Shape shape) => shape switch
    {
        Shape.Result => (blocking as MemberAccessExpressionSyntax)?.Expression,
        Shape.Wait => ((blocking as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.Expression,
        Shape.GetResult => (((blocking as InvocationExpressionSyntax)?.Expression as MemberAccessExpressionSyntax)?.Expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiter }
            ? getAwaiter.Expression
            : null),
        _ => null,
    };

    protected override BlockingPlan? Plan(FixContext context, Diagnostic diagnostic)
    {
        var model = context.Model;
        var cancellationToken = context.CancellationToken;
        var node = context.NodeOf(diagnostic);
        ExpressionSyntax blocking;
        Shape shape;
        switch (node)
        {
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                blocking = result;
                shape = Shape.Result;
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } } wait:
                // Wait(timeout) returns a bool and gives up early: no faithful rewrite.
                if (wait.ArgumentList.Arguments.Count != 0 || wait.Parent is not ExpressionStatementSyntax)
                {
                    return null;
                }

                blocking = wait;
                shape = Shape.Wait;
                break;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult" } } getResult:
                blocking = getResult;
                shape = Shape.GetResult;
                break;
            default:
                return null;
        }

        var task = TaskOf(blocking, shape);
        if (task is null || IsInsideConditionalAccess(blocking))
        {
            return null;
        }

        if (FixSyntax.CanAwait(blocking))
        {
            return new BlockingPlan(blocking, shape, FixKind.Await, FixSyntax.NeedsParentheses(blocking));
        }

        ExpressionSyntax? token = null;

        // The read passes the call's token, else the one in scope (else SVH109 would report the new read); none with several.
        if (shape != Shape.Wait && SendAndReadAnchor(task, blocking, model, cancellationToken) is { } anchor
            && (Unparenthesize(task) is InvocationExpressionSyntax { ArgumentList.Arguments.Count: 2 } || SynchronousSendRewrite.TryFindTokenInScope(model, blocking, cancellationToken, out token)))
        {
            return new BlockingPlan(blocking, shape, FixKind.SendAndRead, needsParentheses: false, anchor) { Token = token };
        }

        return CanUseSend(task, blocking, model, cancellationToken) ? new BlockingPlan(blocking, shape, FixKind.Send, needsParentheses: false) : null;
    }

    /// <summary>
    /// Where the statements of a synchronous <c>GetStringAsync</c> / <c>GetByteArrayAsync</c> go: the call is HttpClient's own
    /// (<c>(uri)</c> or <c>(uri, token)</c>, positional), the target has <c>Send</c> and <c>ReadAsStream</c>, and the blocking read
    /// is the whole value of a statement in a block or of a method's <c>=&gt;</c> body.
    /// </summary>
    private static SyntaxNode? SendAndReadAnchor(ExpressionSyntax task, ExpressionSyntax blocking, SemanticModel model, CancellationToken cancellationToken)
    {
        if (Unparenthesize(task) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetStringAsync" or "GetByteArrayAsync" } } call
            || call.ArgumentList.Arguments.Count is < 1 or > 2
            || call.ArgumentList.Arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
            || method.IsExtensionMethod)
        {
            return null;
        }

        var types = KnownTypes.For(model.Compilation);
        if (!method.ContainingType.Is(types.HttpClient)
            || (method.Parameters.Length == 2 && !method.Parameters[1].Type.Is(types.CancellationToken))
            || !SynchronousSendRewrite.IsAvailable(model.Compilation))
        {
            return null;
        }

        return SynchronousSendRewrite.Anchor(blocking);
    }

    /// <summary><c>client?.GetStringAsync(u).Result</c>: the task hangs off a member binding, <c>await</c> cannot be put there.</summary>
    private static bool IsInsideConditionalAccess(ExpressionSyntax blocking)
    {
        for (SyntaxNode current = blocking; current.Parent is ExpressionSyntax parent; current = parent)
        {
            if (parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == current)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>x.SendAsync(args)</c> on HttpClient/HttpMessageInvoker, or <c>x.GetAsync/PostAsync/PutAsync/PatchAsync/DeleteAsync(uri[, content], ...)</c>
    /// on HttpClient, where the synchronous <c>x.Send(...)</c> binds (net5.0+).
    /// </summary>
    private static bool CanUseSend(ExpressionSyntax task, ExpressionSyntax blocking, SemanticModel model, CancellationToken cancellationToken)
    {
        if (Unparenthesize(task) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax } call
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol asyncMethod
            || SendFor(call) is not { } send)
        {
            return false;
        }

        var types = KnownTypes.For(model.Compilation);
        if (!HttpCallFacts.IsHttpClientMethod(asyncMethod, types) || asyncMethod.IsExtensionMethod)
        {
            return false;
        }

        // GetAsync & co. take the request URI (string or Uri) first, as HttpRequestMessage's constructor does.
        if (asyncMethod.Name != "SendAsync" && !asyncMethod.ContainingType.Is(types.HttpClient))
        {
            return false;
        }

        return model.GetSpeculativeSymbolInfo(blocking.SpanStart, send, SpeculativeBindingOption.BindAsExpression).Symbol is IMethodSymbol bound
            && bound.Name == "Send"
            && bound.ReturnType.Is(types.HttpResponseMessage)
            && bound.ContainingType.IsOrDerivesFrom(types.HttpMessageInvoker);
    }

    /// <summary>
    /// The synchronous call for an HttpClient task: <c>SendAsync(r, ...)</c> becomes <c>Send(r, ...)</c>; <c>GetAsync(u, ...)</c>
    /// becomes <c>Send(new HttpRequestMessage(HttpMethod.Get, u), ...)</c> and <c>PostAsync(u, c, ...)</c>
    /// <c>Send(new HttpRequestMessage(HttpMethod.Post, u) { Content = c }, ...)</c> (the completion option and token carried over).
    /// </summary>
    private static InvocationExpressionSyntax? SendFor(InvocationExpressionSyntax call)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        var arguments = call.ArgumentList.Arguments;
        foreach (var argument in arguments)
        {
            if (argument.NameColon is not null || !argument.RefKindKeyword.IsKind(SyntaxKind.None))
            {
                return null;
            }
        }

        var name = access.Name.Identifier.ValueText;
        var sendName = SyntaxFactory.IdentifierName("Send").WithTriviaFrom(access.Name);
        if (name == "SendAsync")
        {
            return call.WithExpression(access.WithName(sendName));
        }

        var (method, hasContent) = name switch
        {
            "GetAsync" => ("Get", false),
            "DeleteAsync" => ("Delete", false),
            "PostAsync" => ("Post", true),
            "PutAsync" => ("Put", true),
            "PatchAsync" => ("Patch", true),
            _ => (string.Empty, false),
        };
        if (method.Length == 0 || arguments.Count < (hasContent ? 2 : 1))
        {
            return null;
        }

        var request = SynchronousSendRewrite.Request(method, arguments[0].Expression, hasContent ? arguments[1].Expression : null);
        var rest = new List<ArgumentSyntax> { SyntaxFactory.Argument(request) };
        for (var i = hasContent ? 2 : 1; i < arguments.Count; i++)
        {
            rest.Add(arguments[i]);
        }

        return call
            .WithExpression(access.WithName(sendName))
            .WithArgumentList(call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(rest)));
    }

    internal enum Shape
    {
        Result,
        Wait,
        GetResult,
    }

    internal enum FixKind
    {
        Await,
        Send,
        SendAndRead,
    }

    /// <summary>The blocking read, its shape and how it is rewritten.</summary>
    public sealed class BlockingPlan
    {
        internal BlockingPlan(ExpressionSyntax blocking, Shape shape, FixKind kind, bool needsParentheses, SyntaxNode? anchor = null)
        {
            Blocking = blocking;
            Shape = shape;
            Kind = kind;
            NeedsParentheses = needsParentheses;
            Anchor = anchor;
        }

        /// <summary>For <see cref="FixKind.SendAndRead"/>: the statement the reads go before, or the <c>=&gt;</c> body made a block.</summary>
        internal SyntaxNode? Anchor { get; }

        /// <summary>For <see cref="FixKind.SendAndRead"/>: the one CancellationToken in scope, passed when the call passed none.</summary>
        internal ExpressionSyntax? Token { get; set; }

        internal ExpressionSyntax Blocking { get; }

        internal Shape Shape { get; }

        internal FixKind Kind { get; }

        internal bool NeedsParentheses { get; }
    }
}
