using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH207: <c>socket.Send(data[, offset, size], flags);</c> becomes a loop that keeps the count and sends the rest until all
/// bytes are sent. On a non-blocking socket each pass first waits until the socket can take more
/// (<c>Poll(-1, SelectMode.SelectWrite)</c>); otherwise the next Send would throw <c>SocketException (WouldBlock)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SendResultIgnoredFixer))]
public sealed class SendResultIgnoredFixer : RuleFixer<ByteCountPlan>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH207;

    protected override string Title(ByteCountPlan plan) => plan.Title;

    protected override ByteCountPlan? Plan(FixContext context, Diagnostic diagnostic) =>
        context.NodeOf(diagnostic) is InvocationExpressionSyntax call && FixOne(context.Root, context.Model, call, diagnostic, context.CancellationToken) is not null
            ? new ByteCountPlan(call, diagnostic, "Send until all bytes are sent")
            : null;

    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<ByteCountPlan> plans) =>
        ByteCountLoopRewrite.FixSequentiallyAsync(context.Document, plans, FixOne, context.CancellationToken);

    private static SyntaxNode? FixOne(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var nonBlocking = diagnostic.Properties.ContainsKey(SendResultIgnoredAnalyzer.NonBlockingProperty);
        var types = KnownTypes.For(model.Compilation);
        var socketFlags = types.SocketFlags;
        var selectMode = types.Get("System.Net.Sockets.SelectMode");
        if (socketFlags is null || selectMode is null
            || ByteCountLoopRewrite.StatementOf(call) is not { } statement
            || ByteCountLoopRewrite.Match(call, model, socketFlags, cancellationToken) is not { } shape)
        {
            return null;
        }

        var position = statement.SpanStart;
        var invented = new List<string>(1);
        var sent = FixSyntax.UniqueName(statement, "sent", alsoTaken: invented);
        var total = ByteCountLoopRewrite.Total(shape);
        var socket = ByteCountLoopRewrite.Text(shape.Receiver);
        var send = $"{socket}.Send({ByteCountLoopRewrite.Text(shape.Buffer)}, {ByteCountLoopRewrite.NextOffset(shape, sent)}, {total} - {sent}, {ByteCountLoopRewrite.Flags(shape, socketFlags, model, position)})";
        var body = nonBlocking
            ? $"    {socket}.Poll(-1, {selectMode.ToMinimalDisplayString(model, position)}.SelectWrite);\n    {sent} += {send};"
            : $"    {sent} += {send};";
        return ByteCountLoopRewrite.ReplaceStatement(root, statement, new[]
        {
            $"var {sent} = 0;",
            $"while ({sent} < {total})\n{{\n{body}\n}}",
        }, invented);
    }
}
