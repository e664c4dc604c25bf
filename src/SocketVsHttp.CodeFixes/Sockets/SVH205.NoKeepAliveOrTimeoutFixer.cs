using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
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
public sealed class NoKeepAliveOrTimeoutFixer : RuleFixer<StatementInsertion>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH205;

    protected override string Title(StatementInsertion plan) => "Turn on TCP keep-alive after creating the connection";

    /// <summary>SocketOptionName.KeepAlive alone, which every target has; <see cref="PlanAsync"/> adds the TCP timings where every target has them.</summary>
    protected override StatementInsertion? Plan(FixContext context, Diagnostic diagnostic) => Plan(context, diagnostic, tcpOptions: false);

    protected override async Task<StatementInsertion?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        await TcpKeepAliveOptionsOnEveryTargetAsync(context.Document, context.CancellationToken).ConfigureAwait(false)
            ? Plan(context, diagnostic, tcpOptions: true)
            : Plan(context, diagnostic);

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
    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<StatementInsertion> plans) =>
        StatementInsertion.InsertAll(editor, plans);

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
    private static StatementInsertion? Plan(FixContext context, Diagnostic diagnostic, bool tcpOptions)
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
        var creation = context.NodeOf(diagnostic);
        var statement = creation.FirstAncestorOrSelf<StatementSyntax>();
        SyntaxNode? anchor = statement?.Parent switch
        {
            BlockSyntax or SwitchSectionSyntax => statement,
            GlobalStatementSyntax global => global,
            _ => null,
        };
        var types = context.Types;
        var model = context.Model;
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

        var endOfLine = FixSyntax.ElasticEndOfLine(creation);
        var statements = new List<StatementSyntax>(lines.Count);
        foreach (var line in lines)
        {
            statements.Add(ParseStatement(line)
                .WithLeadingTrivia(ElasticMarker)
                .WithTrailingTrivia(endOfLine)
                .WithAdditionalAnnotations(Formatter.Annotation));
        }

        return new StatementInsertion(anchor, anchor is GlobalStatementSyntax ? ToGlobalStatements(statements).ToArray() : statements.ToArray());
    }
}
