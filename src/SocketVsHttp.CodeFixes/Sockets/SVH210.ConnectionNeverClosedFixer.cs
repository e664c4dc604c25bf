using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH210, by shape:
/// <list type="bullet">
/// <item>accepted connection owned by one handler: <c>using var client = (TcpClient)state;</c> for a handler that casts its
/// state object, else the handler's body inside <c>using (client) { ... }</c>; owned by the accepting method itself:
/// <c>using var client = listener.AcceptTcpClient();</c>;</item>
/// <item>connect in a try whose catch moves on: <c>socket.Close();</c> first thing in each such catch;</item>
/// <item>field never closed: the type becomes <c>IDisposable</c> and its <c>Dispose()</c> disposes every such field (not
/// offered for partial or static types, structs, or a type that already has a member named Dispose).</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectionNeverClosedFixer))]
public sealed class ConnectionNeverClosedFixer : RuleFixer<ConnectionNeverClosedFixer.FixPlan>
{
    private static readonly string[] CloseMethodNames = { "Close", "Dispose" };

    protected override DiagnosticDescriptor Rule => Descriptors.SVH210;

    protected override string Title(FixPlan plan) => plan.Title;

    /// <summary>One key per shape: Fix All applies the shape the user picked.</summary>
    protected override string EquivalenceKey(FixPlan plan) => Descriptors.SVH210.Id + plan.Title;

    protected override FixPlan? Plan(FixContext context, Diagnostic diagnostic) =>
        Plan(context.Root, context.Model, diagnostic, context.CancellationToken);

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<FixPlan> plans)
    {
        var done = new HashSet<SyntaxNode>();
        var disposeFields = new Dictionary<ClassDeclarationSyntax, List<string>>();
        foreach (var plan in plans)
        {
            switch (plan)
            {
                case FieldPlan field:
                    if (!disposeFields.TryGetValue(field.Type, out var names))
                    {
                        disposeFields[field.Type] = names = new List<string>();
                    }

                    foreach (var name in field.Fields)
                    {
                        if (!names.Contains(name))
                        {
                            names.Add(name);
                        }
                    }

                    break;
                case EditPlan edit:
                    if (done.Add(edit.Node))
                    {
                        editor.ReplaceNode(edit.Node, (current, _) => edit.Rewrite(current));
                    }

                    break;
            }
        }

        foreach (var pair in disposeFields)
        {
            var disposable = context.Model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
            editor.ReplaceNode(pair.Key, (current, generator) => MakeDisposable((ClassDeclarationSyntax)current, pair.Value, generator, disposable));
        }
    }

    private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var properties = diagnostic.Properties;
        properties.TryGetValue(ConnectionNeverClosedAnalyzer.ShapeKey, out var shape);
        properties.TryGetValue(ConnectionNeverClosedAnalyzer.FixKey, out var fix);
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (shape)
        {
            case ConnectionNeverClosedAnalyzer.AcceptShape when fix == ConnectionNeverClosedAnalyzer.UsingLocalFix:
                return UsingDeclarationRewrite.FindPlan(node, model, CloseMethodNames, refuseAsyncDispose: true, refuseUseAfterClose: true, cancellationToken) is { Closes.Count: 0 } local
                    ? new EditPlan("Dispose the accepted connection with a using declaration", local.Declaration, current => UsingDeclarationRewrite.AddUsing((LocalDeclarationStatementSyntax)current))
                    : null;
            case ConnectionNeverClosedAnalyzer.AcceptShape when fix == ConnectionNeverClosedAnalyzer.UsingHandlerFix && diagnostic.AdditionalLocations.Count > 0:
                return HandlerPlan(root, model, diagnostic.AdditionalLocations[0], cancellationToken);
            case ConnectionNeverClosedAnalyzer.CatchShape when fix == ConnectionNeverClosedAnalyzer.CloseInCatchFix:
                return CatchPlan(root, node, diagnostic);
            case ConnectionNeverClosedAnalyzer.FieldShape when properties.TryGetValue(ConnectionNeverClosedAnalyzer.FieldsKey, out var fields) && fields is { Length: > 0 }:
                return FieldPlanFor(node, model, fields.Split(','), cancellationToken);
            default:
                return null;
        }
    }

    /// <summary>The handler that owns the connection: a using declaration for the local it casts its state to, else its body in <c>using (parameter)</c>.</summary>
    private static FixPlan? HandlerPlan(SyntaxNode root, SemanticModel model, Location parameterLocation, CancellationToken cancellationToken)
    {
        if (parameterLocation.SourceTree != root.SyntaxTree
            || root.FindNode(parameterLocation.SourceSpan).FirstAncestorOrSelf<ParameterSyntax>() is not { } parameterSyntax
            || parameterSyntax.Parent?.Parent is not BaseMethodDeclarationSyntax { Body: { } body }
            || model.GetDeclaredSymbol(parameterSyntax, cancellationToken) is not { } parameter)
        {
            return null;
        }

        var name = parameter.Name;
        if (parameter.Type.SpecialType == SpecialType.System_Object)
        {
            // void Handle(object state) { var client = (TcpClient)state; ... }
            foreach (var statement in body.Statements)
            {
                if (statement is LocalDeclarationStatementSyntax { Declaration.Variables.Count: 1 } declaration
                    && declaration.Declaration.Variables[0].Initializer?.Value is { } value
                    && IsCastOf(value, name))
                {
                    return UsingDeclarationRewrite.FindPlan(value, model, CloseMethodNames, refuseAsyncDispose: true, refuseUseAfterClose: true, cancellationToken) is { Closes.Count: 0 } plan
                        ? new EditPlan("Dispose the accepted connection with a using declaration", plan.Declaration, current => UsingDeclarationRewrite.AddUsing((LocalDeclarationStatementSyntax)current))
                        : null;
                }
            }

            return null;
        }

        if (!parameter.Type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable))
        {
            return null;
        }

        return new EditPlan("Dispose the accepted connection when the handler ends", body, current =>
        {
            var block = (BlockSyntax)current;
            var usingStatement = SyntaxFactory.UsingStatement(
                declaration: null,
                expression: SyntaxFactory.IdentifierName(name),
                statement: SyntaxFactory.Block(block.Statements));
            return block.WithStatements(SyntaxFactory.SingletonList<StatementSyntax>(usingStatement)).WithAdditionalAnnotations(Formatter.Annotation);
        });
    }

    private static bool IsCastOf(ExpressionSyntax value, string name)
    {
        while (value is ParenthesizedExpressionSyntax parenthesized)
        {
            value = parenthesized.Expression;
        }

        var operand = value switch
        {
            CastExpressionSyntax cast => cast.Expression,
            BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression) => binary.Left,
            _ => null,
        };
        if (operand is PostfixUnaryExpressionSyntax suppressed && suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression))
        {
            operand = suppressed.Operand;
        }

        return operand is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;
    }

    /// <summary><c>socket.Close();</c> first in every catch the analyzer named.</summary>
    private static FixPlan? CatchPlan(SyntaxNode root, SyntaxNode creation, Diagnostic diagnostic)
    {
        if (creation.FirstAncestorOrSelf<VariableDeclaratorSyntax>() is not { } declarator || diagnostic.AdditionalLocations.Count == 0)
        {
            return null;
        }

        var catches = new List<CatchClauseSyntax>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (location.SourceTree == root.SyntaxTree && root.FindNode(location.SourceSpan).FirstAncestorOrSelf<CatchClauseSyntax>() is { } clause)
            {
                catches.Add(clause);
            }
        }

        if (catches.Count == 0 || catches[0].Parent is not TryStatementSyntax tryStatement)
        {
            return null;
        }

        var name = declarator.Identifier.ValueText;
        var endOfLine = FixSyntax.ElasticEndOfLine(root);
        var indexes = new HashSet<int>();
        foreach (var clause in catches)
        {
            indexes.Add(tryStatement.Catches.IndexOf(clause));
        }

        return new EditPlan("Close the socket in the catch", tryStatement, current =>
        {
            var updated = (TryStatementSyntax)current;
            var clauses = new List<CatchClauseSyntax>();
            for (var i = 0; i < updated.Catches.Count; i++)
            {
                var clause = updated.Catches[i];
                if (indexes.Contains(i))
                {
                    var close = SyntaxFactory.ParseStatement(name + ".Close();")
                        .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
                        .WithTrailingTrivia(endOfLine)
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    clause = clause.WithBlock(clause.Block.WithStatements(clause.Block.Statements.Insert(0, close)));
                }

                clauses.Add(clause);
            }

            return updated.WithCatches(SyntaxFactory.List(clauses));
        });
    }

    private static FixPlan? FieldPlanFor(SyntaxNode node, SemanticModel model, string[] fields, CancellationToken cancellationToken)
    {
        if (node.FirstAncestorOrSelf<ClassDeclarationSyntax>() is not { } type
            || model.GetDeclaredSymbol(type, cancellationToken) is not { } symbol
            || symbol.IsStatic
            || symbol.DeclaringSyntaxReferences.Length != 1
            || !symbol.GetMembers("Dispose").IsEmpty)
        {
            return null;
        }

        return new FieldPlan(type, fields);
    }

    private static SyntaxNode MakeDisposable(ClassDeclarationSyntax type, List<string> fields, SyntaxGenerator generator, INamedTypeSymbol disposable)
    {
        var endOfLine = FixSyntax.EndOfLine(type).ToString();
        var body = string.Concat(fields.Select(f => "    " + f + "?.Dispose();" + endOfLine));
        var method = SyntaxFactory.ParseMemberDeclaration("public void Dispose()" + endOfLine + "{" + endOfLine + body + "}" + endOfLine)!;
        method = method.WithLeadingTrivia(SyntaxFactory.EndOfLine(endOfLine), SyntaxFactory.ElasticMarker).WithAdditionalAnnotations(Formatter.Annotation);
        var withInterface = (ClassDeclarationSyntax)generator.AddInterfaceType(type, generator.TypeExpression(disposable).WithAdditionalAnnotations(Simplifier.Annotation));
        return withInterface.AddMembers(method);
    }

    /// <summary>What one finding's fix rewrites; the title names the shape.</summary>
    public abstract class FixPlan
    {
        private protected FixPlan(string title) => Title = title;

        public string Title { get; }
    }

    /// <summary>One node rewritten in place.</summary>
    public sealed class EditPlan : FixPlan
    {
        internal EditPlan(string title, SyntaxNode node, System.Func<SyntaxNode, SyntaxNode> rewrite)
            : base(title)
        {
            Node = node;
            Rewrite = rewrite;
        }

        public SyntaxNode Node { get; }

        public System.Func<SyntaxNode, SyntaxNode> Rewrite { get; }
    }

    /// <summary>The type made IDisposable, disposing these fields.</summary>
    public sealed class FieldPlan : FixPlan
    {
        internal FieldPlan(ClassDeclarationSyntax type, string[] fields)
            : base("Make the type IDisposable and dispose the connection")
        {
            Type = type;
            Fields = fields;
        }

        public ClassDeclarationSyntax Type { get; }

        public string[] Fields { get; }
    }
}
