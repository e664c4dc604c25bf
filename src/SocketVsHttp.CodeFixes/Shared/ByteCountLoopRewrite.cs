using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// Turns a socket call whose byte count was discarded (<c>socket.Receive(buffer);</c>, <c>socket.Send(data);</c>) into a loop
/// that keeps the count and repeats the call on the rest of the buffer (SVH202, SVH207). Only the <c>byte[]</c> overloads
/// whose arguments can be evaluated again on every pass are rewritten.
/// </summary>
internal static class ByteCountLoopRewrite
{
    /// <summary>A <c>byte[]</c> overload call: receiver, buffer and the offset/size/flags arguments (null when the overload has none).</summary>
    public sealed class BufferCall
    {
        public BufferCall(ExpressionSyntax receiver, ExpressionSyntax buffer, ExpressionSyntax? offset, ExpressionSyntax? size, ExpressionSyntax? flags, bool offsetIsZero)
        {
            Receiver = receiver;
            Buffer = buffer;
            Offset = offset;
            Size = size;
            Flags = flags;
            OffsetIsZero = offsetIsZero;
        }

        public ExpressionSyntax Receiver { get; }

        public ExpressionSyntax Buffer { get; }

        public ExpressionSyntax? Offset { get; }

        public ExpressionSyntax? Size { get; }

        public ExpressionSyntax? Flags { get; }

        public bool OffsetIsZero { get; }
    }

    /// <summary>The statement <c>call;</c> or <c>_ = call;</c> that holds the call, when it sits in a block, switch section or top-level program.</summary>
    public static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax call)
    {
        var current = FixSyntax.WalkUpParentheses(call);
        if (current.Parent is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard && discard.Right == current)
        {
            current = discard;
        }

        return current.Parent is ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax } statement
            ? statement
            : null;
    }

    /// <summary>
    /// Matches <c>(byte[] buffer)</c>, <c>(buffer, flags)</c>, <c>(buffer, size, flags)</c> and <c>(buffer, offset, size, flags)</c>
    /// with positional arguments that are safe to evaluate on every pass (constants, locals, parameters, fields, <c>x.Length</c>).
    /// </summary>
    public static BufferCall? Match(InvocationExpressionSyntax call, SemanticModel model, INamedTypeSymbol socketFlags, CancellationToken cancellationToken)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation { Instance: { } instance } invocation
            || !IsStable(instance))
        {
            return null;
        }

        var parameters = invocation.TargetMethod.Parameters;
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count != parameters.Length || arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None)))
        {
            return null;
        }

        foreach (var argument in invocation.Arguments)
        {
            if (!IsStable(argument.Value))
            {
                return null;
            }
        }

        if (parameters.Length == 0 || parameters[0].Type is not IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte })
        {
            return null;
        }

        var isInt = parameters.Select(p => p.Type.SpecialType == SpecialType.System_Int32).ToArray();
        var isFlags = parameters.Select(p => p.Type.Is(socketFlags)).ToArray();
        switch (parameters.Length)
        {
            case 1:
                return new BufferCall(access.Expression, arguments[0].Expression, null, null, null, offsetIsZero: true);
            case 2 when isFlags[1]:
                return new BufferCall(access.Expression, arguments[0].Expression, null, null, arguments[1].Expression, offsetIsZero: true);
            case 3 when isInt[1] && isFlags[2]:
                return new BufferCall(access.Expression, arguments[0].Expression, null, arguments[1].Expression, arguments[2].Expression, offsetIsZero: true);
            case 4 when isInt[1] && isInt[2] && isFlags[3]:
                var offset = arguments[1].Expression;
                var offsetIsZero = model.GetConstantValue(offset, cancellationToken) is { HasValue: true, Value: 0 };
                return new BufferCall(access.Expression, arguments[0].Expression, offset, arguments[2].Expression, arguments[3].Expression, offsetIsZero);
            default:
                return null;
        }
    }

    /// <summary>The total the loop runs to: <c>size</c>, else <c>buffer.Length</c>.</summary>
    public static string Total(BufferCall call) => call.Size is not null ? Text(call.Size) : Text(call.Buffer) + ".Length";

    /// <summary>The offset of the next pass: <c>counter</c>, or <c>offset + counter</c>.</summary>
    public static string NextOffset(BufferCall call, string counter) =>
        call.OffsetIsZero || call.Offset is null ? counter : Text(call.Offset) + " + " + counter;

    /// <summary>The flags argument, or <c>SocketFlags.None</c> named as short as the usings allow.</summary>
    public static string Flags(BufferCall call, INamedTypeSymbol socketFlags, SemanticModel model, int position) =>
        call.Flags is not null ? Text(call.Flags) : socketFlags.ToMinimalDisplayString(model, position) + ".None";

    public static string Text(SyntaxNode node) => node.WithoutTrivia().ToString();

    /// <summary>
    /// Replaces <paramref name="statement"/> by the statements parsed from <paramref name="texts"/>, keeping the statement's
    /// leading trivia (comments) on the first and its trailing trivia on the last, formatted to the surrounding code. The
    /// locals the texts declare with one of <paramref name="inventedNames"/> get a rename annotation.
    /// </summary>
    public static SyntaxNode ReplaceStatement(SyntaxNode root, ExpressionStatementSyntax statement, IReadOnlyList<string> texts, ICollection<string> inventedNames)
    {
        var endOfLine = SyntaxFactory.EndOfLine("\n");
        foreach (var trivia in statement.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                endOfLine = trivia;
            }
        }

        var statements = new List<StatementSyntax>();
        for (var i = 0; i < texts.Count; i++)
        {
            var parsed = MarkInvented(SyntaxFactory.ParseStatement(texts[i]), inventedNames).WithAdditionalAnnotations(Formatter.Annotation);
            if (i == 0)
            {
                parsed = parsed.WithLeadingTrivia(statement.GetLeadingTrivia());
            }

            parsed = i == texts.Count - 1
                ? parsed.WithTrailingTrivia(statement.GetTrailingTrivia())
                : parsed.WithTrailingTrivia(endOfLine);
            statements.Add(parsed);
        }

        if (statement.Parent is GlobalStatementSyntax global)
        {
            return root.ReplaceNode(global, statements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
        }

        return root.ReplaceNode(statement, statements);
    }

    /// <summary>
    /// Applies <paramref name="fixOne"/> to each plan's call in document order, each on the document the previous one
    /// produced (so generated names stay unique and edits compose under Fix All).
    /// </summary>
    public static async Task<Document> FixSequentiallyAsync(
        Document document,
        IReadOnlyList<ByteCountPlan> plans,
        Func<SyntaxNode, SemanticModel, InvocationExpressionSyntax, Diagnostic, CancellationToken, SyntaxNode?> fixOne,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var annotations = new List<(SyntaxAnnotation Annotation, Diagnostic Diagnostic)>();
        var targets = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var plan in plans.OrderBy(p => p.Diagnostic.Location.SourceSpan.Start))
        {
            if (!targets.ContainsKey(plan.Call))
            {
                var annotation = new SyntaxAnnotation();
                targets.Add(plan.Call, annotation);
                annotations.Add((annotation, plan.Diagnostic));
            }
        }

        root = root.ReplaceNodes(targets.Keys, (original, current) => current.WithAdditionalAnnotations(targets[original]));
        document = document.WithSyntaxRoot(root);
        foreach (var (annotation, diagnostic) in annotations)
        {
            root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null || root.GetAnnotatedNodes(annotation).FirstOrDefault() is not InvocationExpressionSyntax call)
            {
                continue;
            }

            if (fixOne(root, model, call, diagnostic, cancellationToken) is { } changed)
            {
                document = document.WithSyntaxRoot(changed);
            }
        }

        return document;
    }

    private static StatementSyntax MarkInvented(StatementSyntax statement, ICollection<string> inventedNames) =>
        statement.ReplaceTokens(
            statement.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>().Where(d => inventedNames.Contains(d.Identifier.ValueText)).Select(d => d.Identifier),
            (_, token) => token.WithAdditionalAnnotations(RenameAnnotation.Create()));

    /// <summary>A value that reads the same on every pass and has no side effects.</summary>
    internal static bool IsStable(IOperation operation)
    {
        var value = operation.WalkDownConversions();
        if (value.ConstantValue.HasValue)
        {
            return true;
        }

        switch (value)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation:
                return true;
            case IFieldReferenceOperation field:
                return field.Instance is null || IsStable(field.Instance);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } array } when array.Type is IArrayTypeSymbol:
                return IsStable(array);
            default:
                return false;
        }
    }
}

/// <summary>A socket call whose byte count a fix keeps (SVH202, SVH207): the call, the finding that named it and the action's title.</summary>
public sealed class ByteCountPlan
{
    public ByteCountPlan(InvocationExpressionSyntax call, Diagnostic diagnostic, string title)
    {
        Call = call;
        Diagnostic = diagnostic;
        Title = title;
    }

    public InvocationExpressionSyntax Call { get; }

    public Diagnostic Diagnostic { get; }

    public string Title { get; }
}
