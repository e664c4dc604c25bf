using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketVsHttp.Shared;

/// <summary>Removes whole statements and object-initializer members while keeping the surrounding layout, comments and directives.</summary>
internal static class SyntaxRemoval
{
    /// <summary>True when <paramref name="statement"/> sits in a statement list (block, switch section, top-level program) and can simply go.</summary>
    public static bool CanRemoveStatement(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;

    /// <summary>
    /// Removes <paramref name="statement"/>. Comments and preprocessor directives in front of it stay where they were
    /// (moved in front of the next token); its own line and its end-of-line comment go.
    /// </summary>
    public static SyntaxNode RemoveStatement(SyntaxNode root, StatementSyntax statement)
    {
        SyntaxNode node = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var kept = CommentsAndDirectives(node.GetLeadingTrivia());
        if (kept.Count == 0)
        {
            return root.RemoveNode(node, SyntaxRemoveOptions.KeepNoTrivia) ?? root;
        }

        root = root.TrackNodes(node);
        var next = root.GetCurrentNode(node)!.GetLastToken().GetNextToken(includeZeroWidth: true);
        root = root.ReplaceToken(next, next.WithLeadingTrivia(SyntaxFactory.TriviaList(kept).AddRange(next.LeadingTrivia)));
        return root.RemoveNode(root.GetCurrentNode(node)!, SyntaxRemoveOptions.KeepNoTrivia) ?? root;
    }

    /// <summary>
    /// Removes <paramref name="statements"/> through <paramref name="editor"/> and cleans up what they leave empty, as a
    /// developer would: an <c>if</c> without <c>else</c> whose condition has no side effects (a null check, a local) goes
    /// with its body; an emptied <c>finally</c> goes, and a <c>try</c> left with neither <c>catch</c> nor <c>finally</c> is
    /// unwrapped (its statements take its place, with their comments); an emptied <c>else</c> goes. A statement that is
    /// the body of anything else (a loop, an <c>if</c> that stays) becomes an empty block, so the code still parses.
    /// A block keeps its comments and directives: one that holds any is not empty.
    /// Record the other edits of the fix first: the clean-up runs on the nodes as the editor has them by then.
    /// </summary>
    public static void RemoveStatements(SyntaxEditor editor, IEnumerable<StatementSyntax> statements, SemanticModel model, CancellationToken cancellationToken)
    {
        var removed = new HashSet<StatementSyntax>(statements);
        if (removed.Count == 0)
        {
            return;
        }

        var goes = new Emptied(removed, model, cancellationToken);
        var cleanUps = new Dictionary<SyntaxNode, CleanUp>();
        foreach (var statement in removed)
        {
            var (node, cleanUp) = goes.CleanUpFor(statement);
            cleanUps[node] = cleanUp;
        }

        // What a clean-up drops takes everything inside it along; the deepest edits are recorded first.
        var dropped = new HashSet<SyntaxNode>(cleanUps.Select(c => c.Value == CleanUp.UnwrapTry ? ((TryStatementSyntax)c.Key).Finally! : c.Key));
        foreach (var cleanUp in cleanUps.Where(c => !c.Key.Ancestors().Any(dropped.Contains)).OrderByDescending(c => c.Key.Ancestors().Count()).ThenBy(c => c.Key.SpanStart))
        {
            switch (cleanUp.Value)
            {
                case CleanUp.Remove:
                    // Its comments go with it; #if and the code it disables in front of it stay (without its indentation).
                    if (cleanUp.Key.GetLeadingTrivia().Any(t => t.IsDirective))
                    {
                        editor.ReplaceNode(cleanUp.Key, (current, _) => current.WithLeadingTrivia(WithoutIndentation(current.GetLeadingTrivia())));
                        editor.RemoveNode(cleanUp.Key, SyntaxRemoveOptions.KeepLeadingTrivia);
                    }
                    else
                    {
                        editor.RemoveNode(cleanUp.Key, SyntaxRemoveOptions.KeepNoTrivia);
                    }

                    break;
                case CleanUp.RemoveElse:
                    editor.ReplaceNode(cleanUp.Key.Parent!, (current, _) => WithoutElse((IfStatementSyntax)current));
                    break;
                case CleanUp.EmptyBlock:
                    editor.ReplaceNode(cleanUp.Key, SyntaxFactory.Block().WithTriviaFrom(cleanUp.Key));
                    break;
                case CleanUp.UnwrapTry:
                    UnwrapTry(editor, (TryStatementSyntax)cleanUp.Key);
                    break;
            }
        }
    }

    /// <summary><c>if (a) A(); else B();</c> becomes <c>if (a) A();</c>, ending its line as the <c>else</c> did.</summary>
    private static IfStatementSyntax WithoutElse(IfStatementSyntax ifStatement)
    {
        var lastToken = ifStatement.Statement.GetLastToken();
        var trailing = lastToken.TrailingTrivia;
        while (trailing.Count > 0 && trailing[trailing.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            trailing = trailing.RemoveAt(trailing.Count - 1);
        }

        if (!trailing.Any(SyntaxKind.EndOfLineTrivia))
        {
            trailing = trailing.AddRange(ifStatement.Else!.GetTrailingTrivia());
        }

        return ifStatement.ReplaceToken(lastToken, lastToken.WithTrailingTrivia(trailing)).WithElse(null);
    }

    private enum CleanUp
    {
        /// <summary>The node (a statement in a list, a <c>finally</c> clause) goes.</summary>
        Remove,

        /// <summary>The <c>else</c> clause goes; its line end stays.</summary>
        RemoveElse,

        /// <summary>The embedded statement becomes <c>{ }</c>.</summary>
        EmptyBlock,

        /// <summary>The <c>try</c> loses its <c>finally</c> and, having no <c>catch</c>, its statements take its place.</summary>
        UnwrapTry,
    }

    /// <summary>Which statements go once a set of statements is removed.</summary>
    private sealed class Emptied
    {
        private readonly HashSet<StatementSyntax> removed;
        private readonly SemanticModel model;
        private readonly CancellationToken cancellationToken;

        public Emptied(HashSet<StatementSyntax> removed, SemanticModel model, CancellationToken cancellationToken)
        {
            this.removed = removed;
            this.model = model;
            this.cancellationToken = cancellationToken;
        }

        /// <summary>The outermost node that goes with <paramref name="statement"/>, and how.</summary>
        public (SyntaxNode Node, CleanUp CleanUp) CleanUpFor(StatementSyntax statement)
        {
            var node = statement;
            while (true)
            {
                switch (node.Parent)
                {
                    case BlockSyntax { Parent: FinallyClauseSyntax { Parent: TryStatementSyntax tryStatement } finallyClause } block when Goes(block):
                        if (tryStatement.Catches.Count > 0)
                        {
                            return (finallyClause, CleanUp.Remove);
                        }

                        if (!Goes(tryStatement))
                        {
                            return (tryStatement, CleanUp.UnwrapTry);
                        }

                        node = tryStatement;
                        continue;
                    case BlockSyntax { Parent: IfStatementSyntax ifStatement } block when ifStatement.Statement == block && Goes(ifStatement):
                        node = ifStatement;
                        continue;
                    case IfStatementSyntax ifStatement when ifStatement.Statement == node && Goes(ifStatement):
                        node = ifStatement;
                        continue;
                    case BlockSyntax { Parent: ElseClauseSyntax elseClause } block when Goes(block):
                        return (elseClause, CleanUp.RemoveElse);
                    case ElseClauseSyntax elseClause:
                        return (elseClause, CleanUp.RemoveElse);
                }

                return (node, CanRemoveStatement(node) ? CleanUp.Remove : CleanUp.EmptyBlock);
            }
        }

        private bool Goes(StatementSyntax statement) => removed.Contains(statement) || statement switch
        {
            BlockSyntax block => Goes(block),
            IfStatementSyntax { Else: null } ifStatement => HasNoSideEffects(ifStatement.Condition) && Goes(ifStatement.Statement),
            TryStatementSyntax { Catches.Count: 0, Finally: { } finallyClause } tryStatement =>
                Goes(finallyClause.Block) && (Goes(tryStatement.Block) || tryStatement.Block.Statements.Count == 0 && !KeepsTrivia(tryStatement.Block)),
            _ => false,
        };

        /// <summary>A block that held statements and loses them all, with no comment or directive of its own left.</summary>
        private bool Goes(BlockSyntax block) =>
            block.Statements.Count > 0 && block.Statements.All(Goes) && !KeepsTrivia(block);

        /// <summary>Reading it runs no code of the user's: literals, locals, parameters, fields, built-in comparisons and logic.</summary>
        private bool HasNoSideEffects(ExpressionSyntax expression) => expression switch
        {
            ParenthesizedExpressionSyntax parenthesized => HasNoSideEffects(parenthesized.Expression),
            LiteralExpressionSyntax or ThisExpressionSyntax => true,
            IdentifierNameSyntax identifier => model.GetSymbolInfo(identifier, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IFieldSymbol,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } access => model.GetSymbolInfo(access, cancellationToken).Symbol is IFieldSymbol,
            PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not => IsBuiltIn(not) && HasNoSideEffects(not.Operand),
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression or (int)SyntaxKind.LogicalOrExpression or (int)SyntaxKind.EqualsExpression or (int)SyntaxKind.NotEqualsExpression } binary =>
                IsBuiltIn(binary) && HasNoSideEffects(binary.Left) && HasNoSideEffects(binary.Right),
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax } or UnaryPatternSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax } } } pattern =>
                HasNoSideEffects(pattern.Expression),
            _ => false,
        };

        private bool IsBuiltIn(ExpressionSyntax operation) =>
            model.GetSymbolInfo(operation, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.UserDefinedOperator };
    }

    /// <summary>A comment or directive inside the braces that no removed statement carries.</summary>
    private static bool KeepsTrivia(BlockSyntax block) =>
        block.ContainsDirectives ||
        block.OpenBraceToken.TrailingTrivia.Any(IsComment) ||
        block.CloseBraceToken.LeadingTrivia.Any(IsComment);

    private static bool IsComment(SyntaxTrivia trivia) =>
        !trivia.IsKind(SyntaxKind.WhitespaceTrivia) && !trivia.IsKind(SyntaxKind.EndOfLineTrivia);

    /// <summary>
    /// <c>try { A; B; } finally { }</c> becomes <c>A; B;</c> where its statements can take its place (in a statement list, no
    /// local of the block meets a name used around it, no using declaration that would then dispose later); otherwise
    /// the block stays, without <c>try</c>.
    /// </summary>
    private static void UnwrapTry(SyntaxEditor editor, TryStatementSyntax tryStatement)
    {
        if (tryStatement.Block.Statements.Count == 0 || !CanSplice(tryStatement))
        {
            editor.ReplaceNode(tryStatement, (current, _) =>
            {
                var block = ((TryStatementSyntax)current).Block;
                return block.WithLeadingTrivia(current.GetLeadingTrivia().AddRange(Comments(((TryStatementSyntax)current).TryKeyword.TrailingTrivia, FixSyntax.ElasticEndOfLine(tryStatement))).AddRange(block.GetLeadingTrivia()))
                    .WithTrailingTrivia(current.GetTrailingTrivia())
                    .WithAdditionalAnnotations(Formatter.Annotation);
            });
            return;
        }

        var annotation = new SyntaxAnnotation();
        editor.ReplaceNode(tryStatement, (current, _) => current.WithAdditionalAnnotations(annotation));
        editor.ReplaceNode(tryStatement.Parent!, (current, _) =>
        {
            var currentTry = current.GetAnnotatedNodes(annotation).OfType<TryStatementSyntax>().First();
            var statements = Unwrapped(currentTry);
            return current switch
            {
                BlockSyntax block => block.WithStatements(block.Statements.ReplaceRange(currentTry, statements)),
                SwitchSectionSyntax section => section.WithStatements(section.Statements.ReplaceRange(currentTry, statements)),
                _ => current,
            };
        });
    }

    /// <summary>The statements of the <c>try</c> block, carrying the comments around them.</summary>
    private static List<StatementSyntax> Unwrapped(TryStatementSyntax tryStatement)
    {
        var block = tryStatement.Block;
        var endOfLine = FixSyntax.ElasticEndOfLine(tryStatement);
        var statements = block.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();

        // The try's own leading trivia (its comments) without its indentation, then any comment written by `try` and `{`.
        var leading = WithoutIndentation(tryStatement.GetLeadingTrivia())
            .AddRange(Comments(tryStatement.TryKeyword.TrailingTrivia, endOfLine))
            .AddRange(Comments(block.OpenBraceToken.LeadingTrivia, endOfLine))
            .AddRange(Comments(block.OpenBraceToken.TrailingTrivia, endOfLine));
        statements[0] = statements[0].WithLeadingTrivia(leading.AddRange(statements[0].GetLeadingTrivia()));

        // Comments before the closing brace stay after the last statement.
        var closing = Comments(block.CloseBraceToken.LeadingTrivia, endOfLine);
        if (closing.Count > 0)
        {
            var last = statements[statements.Count - 1];
            statements[statements.Count - 1] = last.WithTrailingTrivia(last.GetTrailingTrivia().AddRange(closing));
        }

        return statements;
    }

    /// <summary><paramref name="leading"/> without the indentation of the token it leads to.</summary>
    private static SyntaxTriviaList WithoutIndentation(SyntaxTriviaList leading) =>
        leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? leading.RemoveAt(leading.Count - 1) : leading;

    /// <summary>The comments of <paramref name="trivia"/>, each on a line of its own.</summary>
    private static SyntaxTriviaList Comments(SyntaxTriviaList trivia, SyntaxTrivia endOfLine)
    {
        var comments = new List<SyntaxTrivia>();
        foreach (var item in trivia)
        {
            if (IsComment(item))
            {
                comments.Add(item);
                if (item.IsKind(SyntaxKind.SingleLineCommentTrivia) || item.IsKind(SyntaxKind.MultiLineCommentTrivia))
                {
                    comments.Add(endOfLine);
                }
            }
        }

        return SyntaxFactory.TriviaList(comments);
    }

    /// <summary>
    /// True when the try block's statements can stand in its place: it sits in a statement list, nothing it declares is
    /// named elsewhere in the member (the names would now share a scope), and a using declaration in it would not be
    /// disposed later than before (the try is the last statement of a block).
    /// </summary>
    private static bool CanSplice(TryStatementSyntax tryStatement)
    {
        if (tryStatement.Parent is not (BlockSyntax or SwitchSectionSyntax))
        {
            return false;
        }

        var block = tryStatement.Block;
        if (block.Statements.Any(s => s is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: (int)SyntaxKind.UsingKeyword }) &&
            !(tryStatement.Parent is BlockSyntax parent && parent.Statements.Last() == tryStatement))
        {
            return false;
        }

        var declared = new HashSet<string>();
        foreach (var node in block.DescendantNodes())
        {
            var name = node switch
            {
                VariableDeclaratorSyntax declarator => declarator.Identifier,
                SingleVariableDesignationSyntax designation => designation.Identifier,
                LocalFunctionStatementSyntax function => function.Identifier,
                LabeledStatementSyntax label => label.Identifier,
                ForEachStatementSyntax loop => loop.Identifier,
                CatchDeclarationSyntax catchDeclaration => catchDeclaration.Identifier,
                ParameterSyntax parameter => parameter.Identifier,
                _ => default,
            };
            if (name.IsKind(SyntaxKind.IdentifierToken))
            {
                declared.Add(name.ValueText);
            }
        }

        if (declared.Count == 0)
        {
            return true;
        }

        var member = tryStatement.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)!;
        return !member.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && !block.Span.Contains(t.Span) && declared.Contains(t.ValueText));
    }

    /// <summary>
    /// Removes <paramref name="member"/> from its object initializer. An initializer left empty goes too:
    /// <c>new T { X = 1 }</c> becomes <c>new T()</c>, a nested <c>Options = { X = 1 }</c> member is removed from its own initializer.
    /// </summary>
    public static SyntaxNode RemoveInitializerMember(SyntaxNode root, ExpressionSyntax member)
    {
        if (member.Parent is not InitializerExpressionSyntax initializer)
        {
            return root;
        }

        var expressions = initializer.Expressions;
        if (expressions.Count > 1)
        {
            return root.ReplaceNode(initializer, initializer.WithExpressions(Without(expressions, expressions.IndexOf(member))));
        }

        switch (initializer.Parent)
        {
            case ObjectCreationExpressionSyntax creation:
                var withoutInitializer = creation.ArgumentList is null
                    ? creation.WithType(creation.Type.WithoutTrailingTrivia()).WithArgumentList(SyntaxFactory.ArgumentList())
                    : creation.WithArgumentList(creation.ArgumentList.WithoutTrailingTrivia());
                return root.ReplaceNode(creation, withoutInitializer.WithInitializer(null).WithTrailingTrivia(initializer.GetTrailingTrivia()));
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return root.ReplaceNode(
                    implicitCreation,
                    implicitCreation.WithArgumentList(implicitCreation.ArgumentList.WithoutTrailingTrivia()).WithInitializer(null).WithTrailingTrivia(initializer.GetTrailingTrivia()));
            case AssignmentExpressionSyntax nested when nested.Right == initializer && nested.Parent is InitializerExpressionSyntax:
                return RemoveInitializerMember(root, nested);
            default:
                return root.ReplaceNode(initializer, initializer.WithExpressions(default));
        }
    }

    private static SeparatedSyntaxList<ExpressionSyntax> Without(SeparatedSyntaxList<ExpressionSyntax> list, int index)
    {
        var nodes = new List<ExpressionSyntax>(list.Count - 1);
        var separators = new List<SyntaxToken>(list.SeparatorCount);
        for (var i = 0; i < list.Count; i++)
        {
            if (i != index)
            {
                nodes.Add(list[i]);
            }
        }

        // Drop the comma after the member, or the one before it when it is the last member without a trailing comma.
        var separatorToDrop = index < list.SeparatorCount ? index : index - 1;
        for (var i = 0; i < list.SeparatorCount; i++)
        {
            if (i != separatorToDrop)
            {
                separators.Add(list.GetSeparator(i));
            }
        }

        if (index == list.Count - 1 && index >= list.SeparatorCount)
        {
            // The new last member takes over the removed one's line end.
            nodes[nodes.Count - 1] = nodes[nodes.Count - 1].WithTrailingTrivia(list[index].GetTrailingTrivia());
        }

        return SyntaxFactory.SeparatedList(nodes, separators);
    }

    private static List<SyntaxTrivia> CommentsAndDirectives(SyntaxTriviaList leading)
    {
        // Keep everything up to the end of the last line that holds a comment or directive.
        var lastMeaningful = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (!leading[i].IsKind(SyntaxKind.WhitespaceTrivia) && !leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                lastMeaningful = i;
            }
        }

        var kept = new List<SyntaxTrivia>();
        if (lastMeaningful < 0)
        {
            return kept;
        }

        for (var i = 0; i < leading.Count; i++)
        {
            kept.Add(leading[i]);
            if (i > lastMeaningful && leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                break;
            }

            if (i == lastMeaningful && leading[i].HasStructure)
            {
                break; // a directive carries its own line end
            }
        }

        return kept;
    }
}
