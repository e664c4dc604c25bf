using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;

namespace SocketVsHttp.Shared;

/// <summary>
/// Moves per-operation `new HttpClient(...)` creations onto a shared static field (SVH101, SVH102):
/// the creation becomes the field's initializer (on SocketsHttpHandler with a pooled-connection lifetime when it had no handler),
/// the use site reads the field, and the `using` / `Dispose()` that would dispose the shared client is removed.
/// </summary>
internal static class SharedHttpClientRewrite
{
    public const string LifetimeOptionKey = "socketvshttp.svh101.pooled_connection_lifetime_minutes";

    /// <summary>The target has SocketsHttpHandler (.NET Core 2.1+, .NET 5+), which the pooled shared client is built on.</summary>
    public static bool HasSocketsHttpHandler(Compilation compilation) =>
        KnownTypes.For(compilation).SocketsHttpHandler is not null;

    /// <summary>The creation the rewrite starts from, or null when the use site has a shape the rewrite does not handle.</summary>
    public static BaseObjectCreationExpressionSyntax? FindRewritableCreation(SyntaxNode root, TextSpan span)
    {
        if (root.FindNode(span, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation ||
            creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null or InterfaceDeclarationSyntax)
        {
            return null;
        }

        return UseSite(creation) is not null ? creation : null;
    }

    /// <summary>
    /// True when <paramref name="creation"/> (found by <see cref="FindRewritableCreation"/>) can be hoisted into a shared field
    /// that no rule reports: an inline handler can be given a pooled-connection lifetime (else the shared client would keep
    /// its connections, and their DNS answers, forever).
    /// </summary>
    public static async Task<bool> CanRewriteAsync(FixContext context, BaseObjectCreationExpressionSyntax creation)
    {
        var pooledHandlerEverywhere = await LinkedTargets.AllHaveAsync(context.Document, HasSocketsHttpHandler, context.CancellationToken).ConfigureAwait(false);
        return HandlerChangeFor(context.Model, creation, pooledHandlerEverywhere, context.CancellationToken) != PooledHandlerRewrite.HandlerChange.CannotPool;
    }

    private static PooledHandlerRewrite.HandlerChange HandlerChangeFor(SemanticModel model, BaseObjectCreationExpressionSyntax creation, bool pooledHandlerEverywhere, CancellationToken cancellationToken)
    {
        var change = PooledHandlerRewrite.ForHoisting(model, creation, cancellationToken);
        return change == PooledHandlerRewrite.HandlerChange.Rebuild && !pooledHandlerEverywhere ? PooledHandlerRewrite.HandlerChange.CannotPool : change;
    }

    /// <summary>
    /// Rewrites <paramref name="creations"/> (found by <see cref="FindRewritableCreation"/>). With <paramref name="inlineLocal"/>,
    /// a local that only held the created client (`var client = new HttpClient();`) is removed and its reads name the shared
    /// field directly, instead of leaving a `var client = SharedHttpClient;` alias.
    /// </summary>
    public static async Task<Document> RewriteAsync(FixContext context, IEnumerable<BaseObjectCreationExpressionSyntax> creations, bool inlineLocal)
    {
        var (document, root, model, cancellationToken) = (context.Document, context.Root, context.Model, context.CancellationToken);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var fields = new SharedHttpClientField();
        var lifetime = LifetimeMinutes(document, root.SyntaxTree);
        var pooledHandlerEverywhere = await LinkedTargets.AllHaveAsync(document, HasSocketsHttpHandler, cancellationToken).ConfigureAwait(false);
        var disposals = new List<StatementSyntax>();
        var changed = false;
        foreach (var creation in creations.Distinct().OrderBy(c => c.SpanStart))
        {
            if (creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type ||
                model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol ||
                model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol clientType)
            {
                continue;
            }

            var fieldType = SyntaxFactory.ParseTypeName(clientType.ToMinimalDisplayString(model, type.SpanStart));
            // Only HttpClient itself is known to take a handler; a subclass keeps its own constructor.
            // Every target of a multi-targeted file must get the same text: the pooled handler only where all have it.
            var pooledHandler = SymbolEqualityComparer.Default.Equals(clientType, context.Types.HttpClient) && pooledHandlerEverywhere
                ? SharedHttpClientField.PooledHandler(model, type.SpanStart, lifetime)
                : null;
            // The new field must not be a long-lived client that never sees DNS changes (SVH103): its inline handler gets a lifetime.
            var handlerChange = HandlerChangeFor(model, creation, pooledHandlerEverywhere, cancellationToken);
            if (handlerChange == PooledHandlerRewrite.HandlerChange.CannotPool)
            {
                continue;
            }

            var initializer = PooledHandlerRewrite.Apply(FieldInitializer(creation, fieldType, pooledHandler), handlerChange, lifetime);
            var name = fields.GetOrAdd(type, typeSymbol, fieldType, initializer);
            RewriteUseSite(editor, disposals, creation, name, inlineLocal ? model : null, cancellationToken);
            changed = true;
        }

        if (!changed)
        {
            return document;
        }

        SyntaxRemoval.RemoveStatements(editor, disposals, model, cancellationToken);
        fields.AddTo(editor, FixSyntax.EndOfLine(root).ToString());
        var rewritten = editor.GetChangedDocument();
        return await Formatter.FormatAsync(rewritten, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// SVH111, SVH209: the same move for a client of another library made by a constructor or a static factory
    /// (<c>GrpcChannel.ForAddress("...")</c>, <c>new MongoClient("...")</c>): a <c>private static readonly</c> field named
    /// <c>Shared</c> + the client's type name, initialized with the creation as written; with <c>Lazy</c> (a creation that
    /// connects and can fail at run time), a <c>Lazy&lt;T&gt;</c> in PublicationOnly mode, which retries after a failure
    /// instead of caching the exception, and the use site reads <c>.Value</c>.
    /// </summary>
    public static async Task<Document> RewriteToSharedStaticAsync(FixContext context, IEnumerable<(ExpressionSyntax Creation, bool Lazy)> creations)
    {
        var (document, root, model, cancellationToken) = (context.Document, context.Root, context.Model, context.CancellationToken);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var fieldsByName = new Dictionary<string, SharedHttpClientField>();
        var disposals = new List<StatementSyntax>();
        var changed = false;
        foreach (var (creation, lazy) in creations.Distinct().OrderBy(c => c.Creation.SpanStart))
        {
            if (creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type ||
                model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol ||
                model.GetTypeInfo(creation, cancellationToken).Type is not INamedTypeSymbol clientType)
            {
                continue;
            }

            var clientTypeSyntax = SyntaxFactory.ParseTypeName(clientType.ToMinimalDisplayString(model, type.SpanStart));
            ExpressionSyntax initializer = creation switch
            {
                ObjectCreationExpressionSyntax explicitCreation => SyntaxFactory.ObjectCreationExpression(
                    explicitCreation.Type.WithoutTrivia().WithTrailingTrivia(), (explicitCreation.ArgumentList ?? SyntaxFactory.ArgumentList()).WithoutTrivia(), explicitCreation.Initializer?.WithoutTrivia()),
                ImplicitObjectCreationExpressionSyntax implicitCreation => SyntaxFactory.ObjectCreationExpression(
                    clientTypeSyntax.WithTrailingTrivia(), implicitCreation.ArgumentList.WithoutTrivia(), implicitCreation.Initializer?.WithoutTrivia()),
                _ => creation.WithoutTrivia(),
            };
            var fieldType = clientTypeSyntax;
            if (lazy)
            {
                if (context.Types.Lazy1 is not { } lazyType ||
                    context.Types.Get("System.Threading.LazyThreadSafetyMode") is not { } mode)
                {
                    continue;
                }

                fieldType = SyntaxFactory.ParseTypeName(lazyType.Construct(clientType).ToMinimalDisplayString(model, type.SpanStart));
                initializer = SyntaxFactory.ObjectCreationExpression(fieldType).AddArgumentListArguments(
                    SyntaxFactory.Argument(SyntaxFactory.ParenthesizedLambdaExpression(initializer.NormalizeWhitespace())),
                    SyntaxFactory.Argument(SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        SyntaxFactory.ParseExpression(mode.ToMinimalDisplayString(model, type.SpanStart)),
                        SyntaxFactory.IdentifierName("PublicationOnly"))));
            }

            var baseName = "Shared" + clientType.Name;
            if (!fieldsByName.TryGetValue(baseName, out var fields))
            {
                fieldsByName.Add(baseName, fields = new SharedHttpClientField(baseName));
            }

            var name = fields.GetOrAdd(type, typeSymbol, fieldType, initializer.WithAdditionalAnnotations(Formatter.Annotation));
            RewriteUseSite(editor, disposals, creation, name, model, cancellationToken, lazy);
            changed = true;
        }

        if (!changed)
        {
            return document;
        }

        SyntaxRemoval.RemoveStatements(editor, disposals, model, cancellationToken);
        foreach (var fields in fieldsByName.Values)
        {
            fields.AddTo(editor, FixSyntax.EndOfLine(root).ToString());
        }

        var rewritten = editor.GetChangedDocument();
        return await Formatter.FormatAsync(rewritten, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A constructor call or a static factory call (<c>Type.Create(...)</c>) at <paramref name="span"/> whose use site the rewrite handles, else null.</summary>
    public static ExpressionSyntax? FindRewritableClientCreation(SyntaxNode root, TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        if (node is not (BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }) ||
            node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null or InterfaceDeclarationSyntax)
        {
            return null;
        }

        var creation = (ExpressionSyntax)node;
        return UseSite(creation) is not null ? creation : null;
    }

    private static ExpressionSyntax Access(string fieldName, bool lazy) => lazy
        ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(fieldName), SyntaxFactory.IdentifierName("Value"))
        : SyntaxFactory.IdentifierName(fieldName);

    /// <summary>The creation as written (explicit type), given a pooled SocketsHttpHandler when it had no handler and the target has one.</summary>
    private static ExpressionSyntax FieldInitializer(BaseObjectCreationExpressionSyntax creation, TypeSyntax fieldType, ExpressionSyntax? pooledHandler)
    {
        var arguments = creation.ArgumentList ?? SyntaxFactory.ArgumentList();
        if (arguments.Arguments.Count == 0 && pooledHandler is not null)
        {
            arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(pooledHandler)));
        }

        var type = creation is ObjectCreationExpressionSyntax explicitCreation ? explicitCreation.Type.WithoutTrivia() : fieldType;
        return SyntaxFactory.ObjectCreationExpression(type.WithTrailingTrivia(), arguments.WithoutTrivia(), creation.Initializer?.WithoutTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private enum UseKind
    {
        Declaration,
        UsingDeclaration,
        UsingStatement,
        Receiver,
        Assignment,
    }

    private static UseKind? UseSite(ExpressionSyntax creation)
    {
        var parent = creation.Parent;
        switch (parent)
        {
            case MemberAccessExpressionSyntax access when access.Expression == creation:
                return UseKind.Receiver;
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax } assignment
                when assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) && assignment.Right == creation && assignment.Left is IdentifierNameSyntax:
                return CanRemoveDisposals(assignment.Left.ToString(), assignment) && !IsConfigured(assignment.Left.ToString(), assignment) ? UseKind.Assignment : null;
            case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1 } declaration } declarator }:
                switch (declaration.Parent)
                {
                    case LocalDeclarationStatementSyntax local when local.AwaitKeyword.IsKind(SyntaxKind.None):
                        return !CanRemoveDisposals(declarator.Identifier.ValueText, local) || IsConfigured(declarator.Identifier.ValueText, local) ? null
                            : local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword) ? UseKind.UsingDeclaration : UseKind.Declaration;
                    case UsingStatementSyntax { Parent: BlockSyntax, Statement: BlockSyntax body } usingStatement when usingStatement.AwaitKeyword.IsKind(SyntaxKind.None):
                        // The body is copied in its place with only its own top-level Dispose() left out: one deeper would stay behind.
                        return CanRemoveDisposals(declarator.Identifier.ValueText, usingStatement) && !IsConfigured(declarator.Identifier.ValueText, usingStatement) &&
                               !body.DescendantNodes().OfType<ExpressionStatementSyntax>().Any(s => s.Parent != body && IsDisposal(s, declarator.Identifier.ValueText))
                            ? UseKind.UsingStatement
                            : null;
                }

                return null;
            default:
                return null;
        }
    }

    private static void RewriteUseSite(SyntaxEditor editor, List<StatementSyntax> disposals, ExpressionSyntax creation, string fieldName, SemanticModel? inlineModel, CancellationToken cancellationToken, bool lazy = false)
    {
        var field = Access(fieldName, lazy).WithTriviaFrom(creation);
        switch (UseSite(creation))
        {
            case UseKind.Receiver:
                editor.ReplaceNode(creation, field);
                break;
            case UseKind.Assignment:
                editor.ReplaceNode(creation, field);
                AddDisposals(disposals, ((AssignmentExpressionSyntax)creation.Parent!).Left.ToString(), creation.Parent!);
                break;
            case UseKind.Declaration:
            case UseKind.UsingDeclaration:
            {
                var local = creation.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>()!;
                var name = local.Declaration.Variables[0].Identifier.ValueText;
                var reads = inlineModel is null ? null : InlinableReads(inlineModel, local.Declaration.Variables[0], name, cancellationToken);
                if (reads is not null)
                {
                    foreach (var read in reads)
                    {
                        editor.ReplaceNode(read, Access(fieldName, lazy).WithTriviaFrom(read));
                    }

                    // The declaration's comments stay, on the statement that follows it.
                    if (local.Parent is BlockSyntax block && block.Statements.IndexOf(local) is var index && index + 1 < block.Statements.Count &&
                        local.GetLeadingTrivia().Any(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)))
                    {
                        var leading = local.GetLeadingTrivia();
                        editor.ReplaceNode(block.Statements[index + 1], (current, _) => current.WithLeadingTrivia(JoinLeadingTrivia(leading, current.GetLeadingTrivia())));
                    }

                    RemoveStatement(editor, local);
                }
                else if (local.UsingKeyword.IsKind(SyntaxKind.UsingKeyword))
                {
                    var withoutUsing = local.ReplaceNode(creation, field);
                    var firstAfterUsing = withoutUsing.Declaration.GetFirstToken();
                    withoutUsing = withoutUsing
                        .ReplaceToken(firstAfterUsing, firstAfterUsing.WithLeadingTrivia(local.UsingKeyword.LeadingTrivia))
                        .WithUsingKeyword(default);
                    editor.ReplaceNode(local, withoutUsing);
                }
                else
                {
                    editor.ReplaceNode(creation, field);
                }

                AddDisposals(disposals, name, local);
                break;
            }

            case UseKind.UsingStatement:
            {
                var usingStatement = creation.FirstAncestorOrSelf<UsingStatementSyntax>()!;
                var declaration = usingStatement.Declaration!;
                var name = declaration.Variables[0].Identifier.ValueText;
                var reads = inlineModel is null ? null : InlinableReads(inlineModel, declaration.Variables[0], name, cancellationToken);
                var statements = new List<SyntaxNode>();
                if (reads is null)
                {
                    var local = SyntaxFactory.LocalDeclarationStatement(declaration.ReplaceNode(creation, field))
                        .WithLeadingTrivia(usingStatement.GetLeadingTrivia())
                        .WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
                    statements.Add(local.WithAdditionalAnnotations(Formatter.Annotation));
                }

                var body = (BlockSyntax)usingStatement.Statement;
                foreach (var statement in body.Statements)
                {
                    if (IsDisposal(statement, name))
                    {
                        continue;
                    }

                    var rewritten = reads is null
                        ? statement
                        : statement.ReplaceNodes(
                            reads.Where(r => statement.Span.Contains(r.Span)),
                            (original, _) => Access(fieldName, lazy).WithTriviaFrom(original));
                    statements.Add(rewritten.WithAdditionalAnnotations(Formatter.Annotation));
                }

                if (statements.Count > 0)
                {
                    if (reads is not null)
                    {
                        statements[0] = statements[0].WithLeadingTrivia(JoinLeadingTrivia(usingStatement.GetLeadingTrivia(), statements[0].GetLeadingTrivia()));
                    }

                    editor.InsertBefore(usingStatement, statements);
                }

                RemoveStatement(editor, usingStatement);
                break;
            }
        }
    }

    /// <summary>The trivia of a removed statement followed by the next one's, without the indentation twice.</summary>
    private static SyntaxTriviaList JoinLeadingTrivia(SyntaxTriviaList removed, SyntaxTriviaList next)
    {
        if (removed.Count > 0 && removed[removed.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia))
        {
            removed = removed.RemoveAt(removed.Count - 1);
        }

        return removed.AddRange(next);
    }

    /// <summary>
    /// The reads of the local declared by <paramref name="declarator"/>, when each one can name the shared field instead:
    /// the local is never written again, passed by reference or named in `nameof`. Its `Dispose()` statements are left out
    /// (they are removed). Null when the local must stay.
    /// </summary>
    private static List<IdentifierNameSyntax>? InlinableReads(SemanticModel model, VariableDeclaratorSyntax declarator, string name, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        var reads = new List<IdentifierNameSyntax>();
        foreach (var node in EnclosingBody(declarator).DescendantNodes())
        {
            if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != name ||
                !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (identifier.FirstAncestorOrSelf<StatementSyntax>() is { } statement && IsDisposal(statement, name))
            {
                continue;
            }

            if (identifier.Parent is AssignmentExpressionSyntax assignment && assignment.Left == identifier ||
                identifier.Parent is ArgumentSyntax { RefKindKeyword.RawKind: not (int)SyntaxKind.None } ||
                identifier.Parent is PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax ||
                identifier.Ancestors().Any(a => a is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } }))
            {
                return null;
            }

            reads.Add(identifier);
        }

        return reads;
    }

    /// <summary>
    /// True when the body configures the client after creating it: `name.Timeout = ...`, `name.BaseAddress = ...`, any use of
    /// `name.DefaultRequestHeaders`. Hoisting the creation would leave that configuration behind, applied to the shared client
    /// on every call (and throwing once it has sent a request).
    /// </summary>
    private static bool IsConfigured(string name, SyntaxNode declaration)
    {
        foreach (var node in EnclosingBody(declaration).DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name &&
                identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier &&
                (access.Name.Identifier.ValueText == "DefaultRequestHeaders" ||
                 access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when every `name.Dispose()` in the enclosing body is a statement of its own (so it can be removed).</summary>
    private static bool CanRemoveDisposals(string name, SyntaxNode declaration)
    {
        foreach (var node in EnclosingBody(declaration).DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name && ReachesDispose(identifier) &&
                (!IsDisposeCallOn(identifier) || identifier.FirstAncestorOrSelf<StatementSyntax>() is not { } statement || !IsDisposal(statement, name)))
            {
                return false;
            }

            if (node is IdentifierNameSyntax { Parent: UsingStatementSyntax } target && target.Identifier.ValueText == name)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Removes a statement from its list; an embedded one (the body of an <c>if</c> or a loop) becomes an empty block, so the code around it still parses.</summary>
    private static void RemoveStatement(SyntaxEditor editor, StatementSyntax statement)
    {
        if (SyntaxRemoval.CanRemoveStatement(statement))
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        }
        else
        {
            editor.ReplaceNode(statement, SyntaxFactory.Block().WithTriviaFrom(statement));
        }
    }

    /// <summary>The `name.Dispose();` statements of the body, to be removed once every other edit is recorded (<see cref="SyntaxRemoval.RemoveStatements"/>).</summary>
    private static void AddDisposals(List<StatementSyntax> disposals, string name, SyntaxNode declaration)
    {
        foreach (var statement in EnclosingBody(declaration).DescendantNodes().OfType<ExpressionStatementSyntax>())
        {
            if (IsDisposal(statement, name))
            {
                disposals.Add(statement);
            }
        }
    }

    /// <summary>`name.Dispose();` or `name?.Dispose();`.</summary>
    private static bool IsDisposal(StatementSyntax statement, string name) =>
        statement is ExpressionStatementSyntax { Expression: var expression } &&
        expression switch
        {
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target, Name.Identifier.ValueText: "Dispose" } } => target.Identifier.ValueText == name,
            ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax target, WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } } } => target.Identifier.ValueText == name,
            _ => false,
        };

    /// <summary>`x.Dispose()`, `((IDisposable)x).Dispose()`, `(x as IDisposable)?.Dispose()`: any Dispose reached from the local.</summary>
    private static bool ReachesDispose(IdentifierNameSyntax identifier)
    {
        SyntaxNode current = identifier;
        while (current.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression })
        {
            current = current.Parent;
        }

        return current.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == current && access.Name.Identifier.ValueText == "Dispose",
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == current &&
                conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } },
            _ => false,
        };
    }

    private static bool IsDisposeCallOn(IdentifierNameSyntax identifier) =>
        identifier.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == identifier && access.Name.Identifier.ValueText == "Dispose",
            ConditionalAccessExpressionSyntax conditional => conditional.Expression == identifier &&
                conditional.WhenNotNull is InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Dispose" } },
            _ => false,
        };

    private static SyntaxNode EnclosingBody(SyntaxNode node) =>
        node.FirstAncestorOrSelf<SyntaxNode>(n => n is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax)
        ?? node.SyntaxTree.GetRoot();

    private static int LifetimeMinutes(Document document, SyntaxTree tree)
    {
        var options = document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return options.TryGetValue(LifetimeOptionKey, out var value) && int.TryParse(value, out var minutes) && minutes > 0
            ? minutes
            : SharedHttpClientField.DefaultLifetimeMinutes;
    }
}
