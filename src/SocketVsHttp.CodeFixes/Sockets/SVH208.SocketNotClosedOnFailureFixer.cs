using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH208: <c>var socket = new Socket(...);</c> becomes <c>using var socket = new Socket(...);</c> and the success-path
/// <c>socket.Close();</c> / <c>socket.Dispose();</c> statements of the same block go (Close is Dispose for these types).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketNotClosedOnFailureFixer)), Shared]
public sealed class SocketNotClosedOnFailureFixer : CodeFixProvider
{
    private const string Title = "Close it on every path with a using declaration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH208.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(static async (context, document, diagnostics) => await FixDocumentAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

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
            if (FindPlan(root, model, diagnostic, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Descriptors.SVH208.Id),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> FixDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var declarations = new List<LocalDeclarationStatementSyntax>();
        var closes = new List<StatementSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindPlan(root, model, diagnostic, cancellationToken) is not { } plan || declarations.Contains(plan.Declaration))
            {
                continue;
            }

            declarations.Add(plan.Declaration);
            foreach (var close in plan.Closes)
            {
                if (!closes.Contains(close))
                {
                    closes.Add(close);
                }
            }
        }

        var newRoot = root.TrackNodes(declarations.Cast<SyntaxNode>().Concat(closes));
        foreach (var declaration in declarations)
        {
            var current = newRoot.GetCurrentNode(declaration)!;
            newRoot = newRoot.ReplaceNode(current, AddUsing(current));
        }

        foreach (var close in closes)
        {
            newRoot = SyntaxRemoval.RemoveStatement(newRoot, newRoot.GetCurrentNode(close)!);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        var usingKeyword = SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static Plan? FindPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.ContainsKey(SocketNotClosedOnFailureAnalyzer.FixableDeclarationKey)
            || ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        var creation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var declaration = creation.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        if (declaration is null
            || declaration.UsingKeyword != default
            || declaration.IsConst
            || declaration.Declaration.Variables.Count != 1
            || declaration.Declaration.Variables[0].Initializer is not { } initializer
            || !initializer.Value.Span.Contains(creation.Span)
            || model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        // A using declaration must sit directly in a block or at top level (not in a switch section).
        IReadOnlyList<SyntaxNode> siblings;
        SyntaxNode statement = declaration;
        switch (declaration.Parent)
        {
            case BlockSyntax block:
                siblings = block.Statements;
                break;
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                statement = global;
                siblings = unit.Members;
                break;
            default:
                return null;
        }

        var closes = new List<StatementSyntax>();
        var after = false;
        var usedAfterLastClose = false;
        foreach (var sibling in siblings)
        {
            if (sibling == statement)
            {
                after = true;
                continue;
            }

            if (!after)
            {
                continue;
            }

            var inner = sibling is GlobalStatementSyntax g ? g.Statement : sibling;
            if (inner is LabeledStatementSyntax)
            {
                // A goto may jump past the using declaration (CS8648).
                return null;
            }

            if (inner is ExpressionStatementSyntax expressionStatement)
            {
                switch (CloseKind(expressionStatement.Expression, local, model, cancellationToken))
                {
                    case Close.Plain:
                        closes.Add(expressionStatement);
                        usedAfterLastClose = false;
                        continue;
                    case Close.Async:
                        // await x.DisposeAsync(): a using declaration would dispose synchronously; leave it to the developer.
                        return null;
                }
            }

            usedAfterLastClose |= closes.Count > 0 && Mentions(inner, local, model, cancellationToken);
        }

        // Removing the close moves it to the end of the block; code that still looks at the object after it would change meaning.
        return usedAfterLastClose ? null : new Plan(declaration, closes);
    }

    private enum Close
    {
        None,
        Plain,
        Async,
    }

    /// <summary><c>x.Close()</c>, <c>x.Dispose()</c>, <c>x?.Close()</c>, <c>x?.Dispose()</c> (no arguments) or <c>await x.DisposeAsync()</c> on the local.</summary>
    private static Close CloseKind(ExpressionSyntax expression, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        var kind = Close.Plain;
        if (expression is AwaitExpressionSyntax awaited)
        {
            expression = awaited.Expression;
            kind = Close.Async;
        }

        ExpressionSyntax? receiver;
        string? name;
        switch (expression)
        {
            case InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax access }:
                receiver = access.Expression;
                name = access.Name.Identifier.ValueText;
                break;
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax binding } } conditional:
                receiver = conditional.Expression;
                name = binding.Name.Identifier.ValueText;
                break;
            default:
                return Close.None;
        }

        var isClose = kind == Close.Async ? name == "DisposeAsync" : name is "Close" or "Dispose";
        return isClose && receiver is IdentifierNameSyntax identifier
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local)
            ? kind
            : Close.None;
    }

    private static bool Mentions(SyntaxNode node, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var identifier in node.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Plan
    {
        public Plan(LocalDeclarationStatementSyntax declaration, List<StatementSyntax> closes)
        {
            Declaration = declaration;
            Closes = closes;
        }

        public LocalDeclarationStatementSyntax Declaration { get; }

        public List<StatementSyntax> Closes { get; }
    }
}
