using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH201 fix: right after the statement that stores the count (or the line) in a local, insert <c>if (n == 0) { break; }</c>
/// (<c>if (line == null) { break; }</c> for a <c>ReadLine</c>). <c>break</c> is used where it leaves the loop and the code after
/// the loop still compiles: the loop already ends normally, or the function returns nothing. Where the loop only ends by
/// returning a value (<c>while (true) { ... return total; }</c> in an <c>int</c> method), a <c>break</c> would make the end of the
/// method reachable (CS0161), so the fix throws <c>EndOfStreamException</c> (the peer closed before the result was complete, as
/// <c>ReadExactly</c> does). In a switch section inside the loop: <c>return;</c> when the function returns nothing, else the throw.
/// The rewritten member is bound before the fix is offered: a fix that would add an error is not offered. No fix either when the
/// read sits in an inner loop that drains what is available (a <c>break</c> there would not leave the reported loop).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SocketReceiveLoopIgnoresCloseFixer))]
public sealed class SocketReceiveLoopIgnoresCloseFixer : RuleFixer<StatementInsertion>
{
    private enum Leave
    {
        Break,
        Return,
        Throw,
    }

    protected override DiagnosticDescriptor Rule => Descriptors.SVH201;

    protected override string Title(StatementInsertion plan) => "Leave the loop when the peer closes";

    protected override StatementInsertion? Plan(FixContext context, Diagnostic diagnostic)
    {
        var node = context.NodeOf(diagnostic);
        var invocationSyntax = node as InvocationExpressionSyntax ?? node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        if (invocationSyntax is null
            || !TryPlanInsertion(invocationSyntax, context.Model, context.CancellationToken, out var storeStatement, out var closeTest, out var leave))
        {
            return null;
        }

        return new StatementInsertion(storeStatement, CloseCheck(storeStatement, closeTest, leave, context.Model));
    }

    /// <summary>Offered only when the rewritten member still compiles.</summary>
    protected override async Task<StatementInsertion?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } plan
        && await CompilesAsync(context.Document, context.Model, (StatementSyntax)plan.Anchor, context.Root.InsertNodesAfter(plan.Anchor, plan.Statements), context.CancellationToken).ConfigureAwait(false)
            ? plan
            : null;

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<StatementInsertion> plans) =>
        StatementInsertion.InsertAll(editor, plans);

    private static bool TryPlanInsertion(
        InvocationExpressionSyntax invocationSyntax,
        SemanticModel model,
        CancellationToken cancellationToken,
        out StatementSyntax storeStatement,
        out ExpressionSyntax closeTest,
        out Leave leave)
    {
        storeStatement = null!;
        closeTest = null!;
        leave = Leave.Break;

        if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation)
        {
            return false;
        }

        var types = KnownTypes.For(model.Compilation);
        IOperation? value;
        bool isLine;
        if (ReceiveCalls.TryGetCountingRead(invocation, types, out var read))
        {
            value = read.CountValue;
            isLine = false;
        }
        else if (ReceiveCalls.TryGetLineRead(invocation, types, out var lineValue, out _))
        {
            value = lineValue;
            isLine = true;
        }
        else
        {
            return false;
        }

        if (value is null)
        {
            return false;
        }

        // Only a value stored in a local by a statement of its own: `var n = ...;` or `n = ...;`.
        IdentifierNameSyntax name;
        var use = value.WalkUpConversions();
        switch (use.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when declarator.Syntax is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax declaration } } declaratorSyntax:
                storeStatement = declaration;
                name = IdentifierName(declaratorSyntax.Identifier.WithoutTrivia());
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation, Parent: IExpressionStatementOperation } assignment
                when assignment.Syntax is AssignmentExpressionSyntax { Left: IdentifierNameSyntax target, Parent: ExpressionStatementSyntax statement }:
                storeStatement = statement;
                name = target.WithoutTrivia();
                break;
            default:
                return false;
        }

        if (storeStatement.Parent is not (BlockSyntax or SwitchSectionSyntax))
        {
            return false;
        }

        closeTest = isLine
            ? BinaryExpression(SyntaxKind.EqualsExpression, name, LiteralExpression(SyntaxKind.NullLiteralExpression))
            : BinaryExpression(SyntaxKind.EqualsExpression, name, LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(0)));

        // The fix leaves the loop the rule reported: not an inner drain loop (do { ... } while (stream.DataAvailable)) around the read.
        var reported = SocketReceiveLoopIgnoresCloseAnalyzer.SameConnectionLoop(invocation, types)?.Syntax;
        var nearestLoop = storeStatement.Parent?.FirstAncestorOrSelf<StatementSyntax>(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax);
        if (reported is null || nearestLoop != reported)
        {
            return false;
        }

        // `break` leaves the nearest loop unless a switch section is in between.
        for (SyntaxNode? current = storeStatement.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or ForEachStatementSyntax:
                    leave = model.AnalyzeControlFlow((StatementSyntax)current) is { Succeeded: true, EndPointIsReachable: true } || !ReturnsAValue(storeStatement, model, cancellationToken)
                        ? Leave.Break
                        : Leave.Throw;
                    return true;
                case SwitchSectionSyntax:
                    leave = ReturnsAValue(storeStatement, model, cancellationToken) ? Leave.Throw : Leave.Return;
                    return true;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    /// <summary>The function around <paramref name="statement"/> must return a value on every path (not void, <c>async Task</c>, or an iterator).</summary>
    private static bool ReturnsAValue(StatementSyntax statement, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetEnclosingSymbol(statement.SpanStart, cancellationToken) is not IMethodSymbol function)
        {
            return true;
        }

        if (function.ReturnsVoid || ContainsYield(statement))
        {
            return false;
        }

        var types = KnownTypes.For(model.Compilation);
        return !(function.IsAsync && (function.ReturnType.Is(types.Task) || function.ReturnType.Is(types.ValueTask)));
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

    private static StatementSyntax CloseCheck(StatementSyntax storeStatement, ExpressionSyntax closeTest, Leave leave, SemanticModel model)
    {
        StatementSyntax leaveStatement = leave switch
        {
            Leave.Return => ReturnStatement(),
            Leave.Throw => ThrowStatement(ObjectCreationExpression(EndOfStreamExceptionName(model, storeStatement.SpanStart)).WithArgumentList(ArgumentList())),
            _ => BreakStatement(),
        };
        return IfStatement(closeTest, Block(leaveStatement)).WithAdditionalAnnotations(Formatter.Annotation);
    }

    /// <summary><c>EndOfStreamException</c>, or <c>System.IO.EndOfStreamException</c> where <c>System.IO</c> is not imported.</summary>
    private static TypeSyntax EndOfStreamExceptionName(SemanticModel model, int position)
    {
        var type = KnownTypes.For(model.Compilation).Get("System.IO.EndOfStreamException");
        return ParseTypeName(type is null ? "System.IO.EndOfStreamException" : type.ToMinimalDisplayString(model, position));
    }

    /// <summary>The member around the insertion binds with no more errors than before (e.g. no CS0165 from a new path out of the loop).</summary>
    private static async Task<bool> CompilesAsync(Document document, SemanticModel model, StatementSyntax storeStatement, SyntaxNode newRoot, CancellationToken cancellationToken)
    {
        var member = storeStatement.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (member is null)
        {
            return true;
        }

        var before = CountErrors(model.GetDiagnostics(member.Span, cancellationToken));
        var newDocument = document.WithSyntaxRoot(newRoot);
        var newModel = await newDocument.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var newTree = await newDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (newModel is null || newTree is null)
        {
            return false;
        }

        // The member is the one at the same start in the new tree (the insertion is inside it).
        var newMember = newTree.FindToken(member.SpanStart).Parent?.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        return newMember is not null && CountErrors(newModel.GetDiagnostics(newMember.Span, cancellationToken)) <= before;
    }

    private static int CountErrors(ImmutableArray<Diagnostic> diagnostics)
    {
        var count = 0;
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                count++;
            }
        }

        return count;
    }
}
