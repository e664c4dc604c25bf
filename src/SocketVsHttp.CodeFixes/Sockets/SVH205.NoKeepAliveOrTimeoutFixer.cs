using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketVsHttp.Shared;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH205 fix: right after the statement that creates the socket / TcpClient, turn on TCP keep-alive:
/// <c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true)</c>, plus <c>TcpKeepAliveTime</c> and
/// <c>TcpKeepAliveInterval</c> where the target's <c>SocketOptionName</c> has them (.NET Core 3.0+). For a TcpClient the
/// options go on <c>client.Client</c>. The diagnostic is at the creation; the fix is offered when that creation is a
/// statement of its own (<c>var c = new TcpClient();</c>, <c>_socket = listener.Accept();</c>). Fix All inserts once per creation.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoKeepAliveOrTimeoutFixer))]
public sealed class NoKeepAliveOrTimeoutFixer : CodeFixProvider
{
    private const string Title = "Turn on TCP keep-alive after creating the connection";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH205.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(
        async (fixAllContext, document, diagnostics) =>
        {
            var root = await document.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(fixAllContext.CancellationToken).ConfigureAwait(false);
            var tcpOptions = await TcpKeepAliveOptionsOnEveryTargetAsync(document, fixAllContext.CancellationToken).ConfigureAwait(false);
            return root is null || model is null ? document : document.WithSyntaxRoot(Apply(root, model, diagnostics, tcpOptions));
        });

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var tcpOptions = await TcpKeepAliveOptionsOnEveryTargetAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, tcpOptions) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(Apply(root, model, ImmutableArray.Create(diagnostic), tcpOptions))),
                    equivalenceKey: Descriptors.SVH205.Id),
                diagnostic);
        }
    }

    /// <summary>
    /// TcpKeepAliveTime/TcpKeepAliveInterval exist on every target the file is compiled for (.NET Core 3.0+): a
    /// multi-targeted file's targets must all get the same text, so a netstandard2.0 or .NET Framework target limits the
    /// fix to SocketOptionName.KeepAlive.
    /// </summary>
    private static Task<bool> TcpKeepAliveOptionsOnEveryTargetAsync(Document document, CancellationToken cancellationToken) =>
        LinkedTargets.AllHaveAsync(
            document,
            c => KnownTypes.For(c).SocketOptionName is { } name && !name.GetMembers("TcpKeepAliveTime").IsEmpty && !name.GetMembers("TcpKeepAliveInterval").IsEmpty,
            cancellationToken);

    /// <summary>Inserts the options once after each distinct creation statement.</summary>
    private static SyntaxNode Apply(SyntaxNode root, SemanticModel model, ImmutableArray<Diagnostic> diagnostics, bool tcpOptions)
    {
        var insertions = new Dictionary<SyntaxNode, List<StatementSyntax>>();
        foreach (var diagnostic in diagnostics)
        {
            var plan = Plan(root, model, diagnostic, tcpOptions);
            if (plan is { } found && !insertions.ContainsKey(found.Anchor))
            {
                insertions.Add(found.Anchor, found.Statements);
            }
        }

        if (insertions.Count == 0)
        {
            return root;
        }

        var tracked = root.TrackNodes(insertions.Keys);
        foreach (var pair in insertions)
        {
            var anchor = tracked.GetCurrentNode(pair.Key);
            if (anchor is null)
            {
                continue;
            }

            tracked = anchor is GlobalStatementSyntax
                ? tracked.InsertNodesAfter(anchor, ToGlobalStatements(pair.Value))
                : tracked.InsertNodesAfter(anchor, pair.Value);
        }

        return tracked;
    }

    private static IEnumerable<SyntaxNode> ToGlobalStatements(List<StatementSyntax> statements)
    {
        foreach (var statement in statements)
        {
            // Top-level statements sit at column 0: plain trivia, no formatting (which would add blank lines between them).
            var endOfLine = statement.GetTrailingTrivia().ToString();
            yield return GlobalStatement(statement.WithLeadingTrivia().WithTrailingTrivia(EndOfLine(endOfLine)).WithoutAnnotations(Formatter.Annotation));
        }
    }

    /// <summary>The node to insert after (the creation statement, or its global statement) and the option statements.</summary>
    private static (SyntaxNode Anchor, List<StatementSyntax> Statements)? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, bool tcpOptions)
    {
        if (!diagnostic.Properties.TryGetValue(NoKeepAliveOrTimeoutAnalyzer.OwnerProperty, out var owner)
            || string.IsNullOrEmpty(owner)
            || !diagnostic.Properties.TryGetValue(NoKeepAliveOrTimeoutAnalyzer.IsTcpClientProperty, out var isTcpClient)
            || !diagnostic.Properties.TryGetValue(NoKeepAliveOrTimeoutAnalyzer.KeepAliveTimeProperty, out var time)
            || !diagnostic.Properties.TryGetValue(NoKeepAliveOrTimeoutAnalyzer.KeepAliveIntervalProperty, out var interval))
        {
            return null;
        }

        // The diagnostic is at the creation; the analyzer names the owner only when that creation is a statement of its own.
        var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var statement = creation.FirstAncestorOrSelf<StatementSyntax>();
        SyntaxNode? anchor = statement?.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => statement,
            GlobalStatementSyntax global => global,
            _ => null,
        };
        var types = KnownTypes.For(model.Compilation);
        if (statement is null || anchor is null || types.SocketOptionLevel is null || types.SocketOptionName is null)
        {
            return null;
        }

        var position = statement.SpanStart;
        var level = types.SocketOptionLevel.ToMinimalDisplayString(model, position);
        var name = types.SocketOptionName.ToMinimalDisplayString(model, position);
        var socket = isTcpClient == "true" ? owner + ".Client" : owner;
        var lines = new List<string>
        {
            $"{socket}.SetSocketOption({level}.Socket, {name}.KeepAlive, true);",
        };
        if (tcpOptions)
        {
            lines.Add($"{socket}.SetSocketOption({level}.Tcp, {name}.TcpKeepAliveTime, {time});");
            lines.Add($"{socket}.SetSocketOption({level}.Tcp, {name}.TcpKeepAliveInterval, {interval});");
        }

        var endOfLine = EndOfLineOf(root);
        var statements = new List<StatementSyntax>(lines.Count);
        foreach (var line in lines)
        {
            statements.Add(ParseStatement(line)
                .WithLeadingTrivia(ElasticMarker)
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        return (anchor, statements);
    }

    /// <summary>The file's own line ending (the last inserted line keeps it as written).</summary>
    private static SyntaxTrivia EndOfLineOf(SyntaxNode root)
    {
        foreach (var trivia in root.DescendantTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return ElasticEndOfLine(trivia.ToString());
            }
        }

        return ElasticCarriageReturnLineFeed;
    }
}
