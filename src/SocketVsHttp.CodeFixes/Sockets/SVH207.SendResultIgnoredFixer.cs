using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
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
public sealed class SendResultIgnoredFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH207.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) =>
            await ByteCountLoopRewrite.FixSequentiallyAsync(document, diagnostics, FixOne, context.CancellationToken).ConfigureAwait(false));

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
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax call
                || FixOne(root, model, call, diagnostic, context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Send until all bytes are sent",
                    ct => ByteCountLoopRewrite.FixSequentiallyAsync(context.Document, ImmutableArray.Create(diagnostic), FixOne, ct),
                    equivalenceKey: Descriptors.SVH207.Id),
                diagnostic);
        }
    }

    private static SyntaxNode? FixOne(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var nonBlocking = diagnostic.Properties.ContainsKey(SendResultIgnoredAnalyzer.NonBlockingProperty);
        var socketFlags = KnownTypes.For(model.Compilation).SocketFlags;
        var selectMode = model.Compilation.GetTypeByMetadataName("System.Net.Sockets.SelectMode");
        if (socketFlags is null || selectMode is null
            || ByteCountLoopRewrite.StatementOf(call) is not { } statement
            || ByteCountLoopRewrite.Match(call, model, socketFlags, cancellationToken) is not { } shape)
        {
            return null;
        }

        var position = statement.SpanStart;
        var sent = ByteCountLoopRewrite.UniqueName(statement, "sent");
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
        });
    }
}
