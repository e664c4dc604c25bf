using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH201 fix: right after the statement that stores the count in a local, insert <c>if (n == 0) { break; }</c>
/// (<c>return;</c> when the read sits in a switch section inside the loop and the function returns nothing).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReceiveLoopIgnoresCloseFixer))]
public sealed class ReceiveLoopIgnoresCloseFixer : CodeFixProvider
{
    private const string Title = "Leave the loop when the peer closes (count == 0)";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("SVH201");

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var invocationSyntax = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
            if (invocationSyntax is null
                || !TryPlanInsertion(invocationSyntax, model, context.CancellationToken, out var storeStatement, out var countName, out var useReturn))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    Title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(InsertCloseTest(root, storeStatement, countName, useReturn))),
                    equivalenceKey: "SVH201"),
                diagnostic);
        }
    }

    private static bool TryPlanInsertion(
        InvocationExpressionSyntax invocationSyntax,
        SemanticModel model,
        CancellationToken cancellationToken,
        out StatementSyntax storeStatement,
        out IdentifierNameSyntax countName,
        out bool useReturn)
    {
        storeStatement = null!;
        countName = null!;
        useReturn = false;

        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation
            || !ReceiveCalls.TryGetCountingRead(invocation, KnownTypes.For(model.Compilation), out var read)
            || read.CountValue is null)
        {
            return false;
        }

        // Only a count stored in a local by a statement of its own: `var n = ...;` or `n = ...;`.
        var use = read.CountValue.WalkUpConversions();
        switch (use.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Syntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } declaratorSyntax:
                storeStatement = declaration;
                countName = IdentifierName(declaratorSyntax.Identifier.WithoutTrivia());
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation, Parent: IExpressionStatementOperation } assignment
                when assignment.Syntax is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target, Parent: ExpressionStatementSyntax statement }:
                storeStatement = statement;
                countName = target.WithoutTrivia();
                break;
            default:
                return false;
        }

        if (storeStatement.Parent is not (BlockSyntax or SwitchSectionSyntax))
        {
            return false;
        }

        // `break` leaves the nearest loop unless a switch section is in between; then `return` if the function returns nothing.
        for (SyntaxNode? current = storeStatement.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax:
                    return true;
                case SwitchSectionSyntax:
                    useReturn = true;
                    return CanReturnNothing(storeStatement, model, cancellationToken);
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool CanReturnNothing(StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetEnclosingSymbol(statement.SpanStart, cancellationToken) is not IMethodSymbol function)
        {
            return false;
        }

        if (function.ReturnsVoid)
        {
            return !ContainsYield(statement);
        }

        var types = KnownTypes.For(model.Compilation);
        return function.IsAsync
            && (function.ReturnType.Is(types.Task) || function.ReturnType.Is(types.ValueTask));
    }

    private static bool ContainsYield(SyntaxNode statement)
    {
        for (var current = statement.Parent; current is not null; current = current.Parent)
        {
            if (current is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
            {
                foreach (var node in current.DescendantNodes())
                {
                    if (node is YieldStatementSyntax)
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        return false;
    }

    private static SyntaxNode InsertCloseTest(SyntaxNode root, StatementSyntax storeStatement, IdentifierNameSyntax countName, bool useReturn)
    {
        StatementSyntax leave = useReturn ? ReturnStatement() : BreakStatement();
        var closeTest = IfStatement(
                BinaryExpression(SyntaxKind.EqualsExpression, countName, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0))),
                Block(leave))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return root.InsertNodesAfter(storeStatement, new[] { closeTest });
    }
}
