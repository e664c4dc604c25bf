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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketVsHttp.Http;

/// <summary>SVH104: <c>var response = await client.GetAsync(...)</c> becomes <c>using var response = ...</c>; a now redundant <c>response.Dispose();</c> goes.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseNotDisposedFixer)), Shared]
public sealed class ResponseNotDisposedFixer : CodeFixProvider
{
    private const string Title = "Dispose the response with a using declaration";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.SVH104.Id);

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
                    CodeAction.Create(Title, ct => FixDocumentAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Descriptors.SVH104.Id),
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

        var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
        var removed = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindPlan(root, model, diagnostic, cancellationToken) is not { } plan)
            {
                continue;
            }

            editor.ReplaceNode(plan.Declaration, (current, _) => AddUsing((LocalDeclarationStatementSyntax)current));
            foreach (var dispose in plan.RedundantDisposes)
            {
                if (removed.Add(dispose))
                {
                    var keepComments = dispose.GetLeadingTrivia().Any(IsComment) || dispose.GetTrailingTrivia().Any(IsComment);
                    editor.RemoveNode(dispose, keepComments ? SyntaxRemoveOptions.KeepExteriorTrivia : SyntaxRemoveOptions.KeepNoTrivia);
                }
            }
        }

        return document.WithSyntaxRoot(editor.GetChangedRoot());
    }

    private static bool IsComment(SyntaxTrivia trivia) =>
        trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia);

    private static LocalDeclarationStatementSyntax AddUsing(LocalDeclarationStatementSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        var usingKeyword = SyntaxFactory.Token(leading, SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        return declaration.WithoutLeadingTrivia().WithUsingKeyword(usingKeyword).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static Plan? FindPlan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.ContainsKey(ResponseNotDisposedAnalyzer.FixableDeclarationKey)
            || ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp8)
        {
            return null;
        }

        var call = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var declaration = call.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
        if (declaration is null
            || declaration.UsingKeyword != default
            || declaration.IsConst
            || declaration.Declaration.Variables.Count != 1
            || declaration.Declaration.Variables[0].Initializer is not { } initializer
            || !initializer.Value.Span.Contains(call.Span)
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

        var disposes = new List<SyntaxNode>();
        var after = false;
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

            if (inner is ExpressionStatementSyntax expressionStatement && IsDisposeOf(expressionStatement.Expression, local, model, cancellationToken))
            {
                disposes.Add(sibling);
            }
        }

        return new Plan(declaration, disposes);
    }

    private static bool IsDisposeOf(ExpressionSyntax expression, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        ExpressionSyntax? receiver = expression switch
        {
            InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } access } => access.Expression,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } } conditional => conditional.Expression,
            _ => null,
        };

        return receiver is IdentifierNameSyntax name
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local);
    }

    private sealed class Plan
    {
        public Plan(LocalDeclarationStatementSyntax declaration, List<SyntaxNode> redundantDisposes)
        {
            Declaration = declaration;
            RedundantDisposes = redundantDisposes;
        }

        public LocalDeclarationStatementSyntax Declaration { get; }

        public List<SyntaxNode> RedundantDisposes { get; }
    }
}
