using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH202: on a network stream, <c>Read</c>/<c>ReadAsync</c> becomes <c>ReadExactly</c>/<c>ReadExactlyAsync</c> (where the target
/// has them: .NET 7+); on a socket, <c>socket.Receive(buffer[, offset, size], flags);</c> becomes a loop that keeps the count,
/// receives until the buffer is filled and throws <c>EndOfStreamException</c> when the peer closes first.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReceivedCountDiscardedFixer))]
public sealed class ReceivedCountDiscardedFixer : RuleFixer<ByteCountPlan>
{
    private const string ReadExactlyTitle = "Use ReadExactly";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH202;

    protected override string Title(ByteCountPlan plan) => plan.Title;

    /// <summary>The fix where every target has ReadExactly; <see cref="PlanAsync"/> checks that they do.</summary>
    protected override ByteCountPlan? Plan(FixContext context, Diagnostic diagnostic)
    {
        if (context.NodeOf(diagnostic) is not InvocationExpressionSyntax call
            || FixOne(context.Root, context.Model, call, diagnostic, readExactlyEverywhere: true, context.CancellationToken) is null)
        {
            return null;
        }

        var title = context.Model.GetSymbolInfo(call, context.CancellationToken).Symbol is IMethodSymbol { Name: "Receive" }
            ? "Receive until the buffer is filled"
            : ReadExactlyTitle;
        return new ByteCountPlan(call, diagnostic, title);
    }

    protected override async Task<ByteCountPlan?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } plan
        && (plan.Title != ReadExactlyTitle || await ReadExactlyOnEveryTargetAsync(context.Document, context.CancellationToken).ConfigureAwait(false))
            ? plan
            : null;

    /// <summary>Plans that read exactly exist only where every target has ReadExactly (<see cref="PlanAsync"/>).</summary>
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<ByteCountPlan> plans) =>
        ByteCountLoopRewrite.FixSequentiallyAsync(context.Document, plans, FixOneFor(readExactlyEverywhere: true), context.CancellationToken);

    /// <summary>
    /// ReadExactly exists on every target the file is compiled for: a multi-targeted project's targets must all get the
    /// same text (see <see cref="LinkedTargets"/>), so a netstandard2.0 target keeps the fix from rewriting to ReadExactly.
    /// </summary>
    private static Task<bool> ReadExactlyOnEveryTargetAsync(Document document, CancellationToken cancellationToken) =>
        LinkedTargets.AllHaveAsync(document, c => KnownTypes.For(c).Stream is { } stream && !stream.GetMembers("ReadExactly").IsEmpty, cancellationToken);

    private static Func<SyntaxNode, SemanticModel, InvocationExpressionSyntax, Diagnostic, CancellationToken, SyntaxNode?> FixOneFor(bool readExactlyEverywhere) =>
        (root, model, call, diagnostic, cancellationToken) => FixOne(root, model, call, diagnostic, readExactlyEverywhere, cancellationToken);

    /// <summary>The fixed root for one finding, or null when no faithful rewrite exists.</summary>
    private static SyntaxNode? FixOne(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, Diagnostic diagnostic, bool readExactlyEverywhere, CancellationToken cancellationToken)
    {
        // A kept count (only compared with 0, logged, copied or resized): the code reads the count, so neither rewrite keeps its meaning.
        if (diagnostic.Properties.ContainsKey(ReceivedCountDiscardedAnalyzer.CountKeptProperty)
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        var types = KnownTypes.For(model.Compilation);
        if (SocketCallFacts.IsStreamRead(method, types))
        {
            return readExactlyEverywhere ? ReadExactly(root, model, call, method) : null;
        }

        return method.Name == "Receive" && SocketCallFacts.IsSocketReceive(method, types)
            ? ReceiveLoop(root, model, call, cancellationToken)
            : null;
    }

    /// <summary><c>s.Read(...)</c> → <c>s.ReadExactly(...)</c>, <c>_ = await s.ReadAsync(...)</c> → <c>await s.ReadExactlyAsync(...)</c>.</summary>
    private static SyntaxNode? ReadExactly(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, IMethodSymbol method)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        var newName = method.Name == "Read" ? "ReadExactly" : "ReadExactlyAsync";
        var renamed = call.WithExpression(access.WithName(SyntaxFactory.IdentifierName(newName).WithTriviaFrom(access.Name)));
        if (model.GetSpeculativeSymbolInfo(call.SpanStart, renamed, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol bound
            || bound.Name != newName
            || !bound.ContainingType.IsOrDerivesFrom(KnownTypes.For(model.Compilation).Stream))
        {
            return null;
        }

        // `_ = s.Read(...)`: ReadExactly returns nothing, so the discard goes.
        if (DiscardAround(call) is { } discard)
        {
            if (discard.Parent is not ExpressionStatementSyntax)
            {
                return null;
            }

            var right = discard.Right.ReplaceNode(call, renamed);
            return root.ReplaceNode(discard, right.WithTriviaFrom(discard).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return root.ReplaceNode(call, renamed);
    }

    /// <summary>The <c>_ = ...</c> around the call (through <c>await</c>, <c>ConfigureAwait</c> and parentheses), if any.</summary>
    private static AssignmentExpressionSyntax? DiscardAround(InvocationExpressionSyntax call)
    {
        SyntaxNode current = call;
        while (true)
        {
            switch (current.Parent)
            {
                case ParenthesizedExpressionSyntax or AwaitExpressionSyntax:
                    current = current.Parent;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait } access when access.Expression == current:
                    current = configureAwait;
                    continue;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard when discard.Right == current:
                    return discard;
                default:
                    return null;
            }
        }
    }

    private static SyntaxNode? ReceiveLoop(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(model.Compilation);
        var socketFlags = types.SocketFlags;
        var endOfStream = types.Get("System.IO.EndOfStreamException");
        if (socketFlags is null || endOfStream is null
            || ByteCountLoopRewrite.StatementOf(call) is not { } statement
            || ByteCountLoopRewrite.Match(call, model, socketFlags, cancellationToken) is not { } shape)
        {
            return null;
        }

        var position = statement.SpanStart;
        var invented = new List<string>(2);
        var received = FixSyntax.UniqueName(statement, "received", alsoTaken: invented);
        var n = FixSyntax.UniqueName(statement, "n", alsoTaken: invented);
        var total = ByteCountLoopRewrite.Total(shape);
        var receive = $"{ByteCountLoopRewrite.Text(shape.Receiver)}.Receive({ByteCountLoopRewrite.Text(shape.Buffer)}, {ByteCountLoopRewrite.NextOffset(shape, received)}, {total} - {received}, {ByteCountLoopRewrite.Flags(shape, socketFlags, model, position)})";
        var exception = endOfStream.ToMinimalDisplayString(model, position);
        return ByteCountLoopRewrite.ReplaceStatement(root, statement, new[]
        {
            $"var {received} = 0;",
            $$"""
            while ({{received}} < {{total}})
            {
                var {{n}} = {{receive}};
                if ({{n}} == 0)
                {
                    throw new {{exception}}();
                }

                {{received}} += {{n}};
            }
            """,
        }, invented);
    }
}
