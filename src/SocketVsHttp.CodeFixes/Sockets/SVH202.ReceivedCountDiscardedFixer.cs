using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH202: on a network stream, <c>Read</c>/<c>ReadAsync</c> becomes <c>ReadExactly</c>/<c>ReadExactlyAsync</c> (where the target
/// has them: .NET 7+); on a socket, <c>socket.Receive(buffer[, offset, size], flags);</c> becomes a loop that keeps the count,
/// receives until the buffer is filled and throws <c>EndOfStreamException</c> when the peer closes first. A kept count on a
/// network stream (only compared with 0, logged, copied, resized, stored) becomes <c>ReadAtLeast</c>/<c>ReadAtLeastAsync</c>
/// for the whole requested size with <c>throwOnEndOfStream: false</c>: the buffer is filled unless the peer closes, and the
/// count the code uses still comes back (0 = closed before the message).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReceivedCountDiscardedFixer))]
public sealed class ReceivedCountDiscardedFixer : RuleFixer<ByteCountPlan>
{
    private const string ReadExactlyTitle = "Use ReadExactly";
    private const string ReadAtLeastTitle = "Use ReadAtLeast (keeps the count)";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH202;

    protected override string Title(ByteCountPlan plan) => plan.Title;

    /// <summary>The fix where every target has ReadExactly; <see cref="PlanAsync"/> checks that they do.</summary>
    protected override ByteCountPlan? Plan(FixContext context, Diagnostic diagnostic)
    {
        if (context.NodeOf(diagnostic) is not InvocationExpressionSyntax call
            || FixOne(context.Root, context.Model, call, diagnostic, readExactlyEverywhere: true, context.CancellationToken) is null)
        {
            return null;
        }

        var title = diagnostic.Properties.ContainsKey(ReceivedCountDiscardedAnalyzer.CountKeptProperty) ? ReadAtLeastTitle
            : context.Model.GetSymbolInfo(call, context.CancellationToken).Symbol is IMethodSymbol { Name: "Receive" } ? "Receive until the buffer is filled"
            : ReadExactlyTitle;
        return new ByteCountPlan(call, diagnostic, title);
    }

    protected override async Task<ByteCountPlan?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } plan
        && (plan.Title switch
        {
            ReadExactlyTitle => await OnEveryTargetAsync(context.Document, "ReadExactly", context.CancellationToken).ConfigureAwait(false),
            ReadAtLeastTitle => await OnEveryTargetAsync(context.Document, "ReadAtLeast", context.CancellationToken).ConfigureAwait(false),
            _ => true,
        })
            ? plan
            : null;

    /// <summary>Plans that read exactly exist only where every target has ReadExactly (<see cref="PlanAsync"/>).</summary>
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<ByteCountPlan> plans) =>
        ByteCountLoopRewrite.FixSequentiallyAsync(context.Document, plans, FixOneFor(readExactlyEverywhere: true), context.CancellationToken);

    /// <summary>
    /// <c>Stream.ReadExactly</c> (or <c>ReadAtLeast</c>) exists on every target the file is compiled for: a multi-targeted
    /// project's targets must all get the same text (see <see cref="LinkedTargets"/>), so a netstandard2.0 target keeps the
    /// fix from rewriting to it.
    /// </summary>
    private static Task<bool> OnEveryTargetAsync(Document document, string method, CancellationToken cancellationToken) =>
        LinkedTargets.AllHaveAsync(document, c => KnownTypes.For(c).Stream is { } stream && !stream.GetMembers(method).IsEmpty, cancellationToken);

    private static Func<SyntaxNode, SemanticModel, InvocationExpressionSyntax, Diagnostic, CancellationToken, SyntaxNode?> FixOneFor(bool readExactlyEverywhere) =>
        (root, model, call, diagnostic, cancellationToken) => FixOne(root, model, call, diagnostic, readExactlyEverywhere, cancellationToken);

    /// <summary>The fixed root for one finding, or null when no faithful rewrite exists.</summary>
    private static SyntaxNode? FixOne(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, Diagnostic diagnostic, bool readExactlyEverywhere, CancellationToken cancellationToken)
    {
        if (model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        var types = KnownTypes.For(model.Compilation);

        // A kept count (only compared with 0, logged, copied, resized or stored): the code reads the count, so the rewrite
        // must return it. ReadAtLeast does; a socket has no such call, and the receive loop throws where the code tests for 0.
        // A count stored in a local nothing reads: no code tests it for 0, so a close before the buffer is filled throws
        // (ReadAtLeast's default), as the ReadExactly of a discarded count does.
        if (diagnostic.Properties.TryGetValue(ReceivedCountDiscardedAnalyzer.CountKeptProperty, out var kept))
        {
            var throwAtClose = kept == ReceivedCountDiscardedAnalyzer.CountUnreadValue;
            return SocketCallFacts.IsStreamRead(method, types) && ReadAtLeast(model, call, method, types, throwAtClose, cancellationToken) is { } readAtLeast
                ? root.ReplaceNode(call, readAtLeast)
                : null;
        }

        if (SocketCallFacts.IsStreamRead(method, types))
        {
            return readExactlyEverywhere ? ReadExactly(root, model, call, method) : null;
        }

        return method.Name == "Receive" && SocketCallFacts.IsSocketReceive(method, types)
            ? ReceiveLoop(root, model, call, cancellationToken)
            : null;
    }

    /// <summary><c>s.Read(...)</c> → <c>s.ReadExactly(...)</c>, <c>_ = await s.ReadAsync(...)</c> → <c>await s.ReadExactlyAsync(...)</c>.</summary>
    private static SyntaxNode? ReadExactly(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, IMethodSymbol method)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access)
        {
            return null;
        }

        var newName = method.Name == "Read" ? "ReadExactly" : "ReadExactlyAsync";
        var renamed = call.WithExpression(access.WithName(SyntaxFactory.IdentifierName(newName).WithTriviaFrom(access.Name)));
        if (model.GetSpeculativeSymbolInfo(call.SpanStart, renamed, SpeculativeBindingOption.BindAsExpression).Symbol is not IMethodSymbol bound
            || bound.Name != newName
            || !bound.ContainingType.IsOrDerivesFrom(KnownTypes.For(model.Compilation).Stream))
        {
            return null;
        }

        // `_ = s.Read(...)`: ReadExactly returns nothing, so the discard goes.
        if (DiscardAround(call) is { } discard)
        {
            if (discard.Parent is not ExpressionStatementSyntax)
            {
                return null;
            }

            var right = discard.Right.ReplaceNode(call, renamed);
            return root.ReplaceNode(discard, right.WithTriviaFrom(discard).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return root.ReplaceNode(call, renamed);
    }

    /// <summary>
    /// <c>s.Read(buf, off, cnt)</c> → <c>s.ReadAtLeast(buf.AsSpan(off, cnt), cnt, throwOnEndOfStream: false)</c> (just <c>buf</c>
    /// when it is read whole: offset 0, count <c>buf.Length</c>); <c>s.ReadAsync(buf, off, cnt[, ct])</c> →
    /// <c>s.ReadAtLeastAsync(buf.AsMemory(off, cnt), cnt, throwOnEndOfStream: false[, ct])</c>; the <c>Span</c>/<c>Memory</c>
    /// overloads read at least the span's length (<c>span.Length</c>, or <c>n</c> of <c>buf.AsSpan(off, n)</c>). The count
    /// is written twice, so it must read the same again (a constant, local, parameter, field, <c>buf.Length</c>). A
    /// <c>Task&lt;int&gt;</c> that is not awaited on the spot stays one (<c>.AsTask()</c>). With <paramref name="throwAtClose"/>
    /// (a count nothing reads) <c>throwOnEndOfStream</c> keeps its default, true. Null when no faithful call exists.
    /// </summary>
    private static InvocationExpressionSyntax? ReadAtLeast(SemanticModel model, InvocationExpressionSyntax call, IMethodSymbol method, KnownTypes types, bool throwAtClose, CancellationToken cancellationToken)
    {
        if (call.Expression is not MemberAccessExpressionSyntax access
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
        {
            return null;
        }

        IArgumentOperation? buffer = null, offset = null, count = null;
        ArgumentSyntax? token = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (argument.Syntax is not ArgumentSyntax syntax)
            {
                return null;
            }

            switch (parameter.Ordinal)
            {
                case 0:
                    buffer = argument;
                    break;
                case 1 or 2 when parameter.Type.SpecialType == SpecialType.System_Int32:
                    (offset, count) = parameter.Ordinal == 1 ? (argument, count) : (offset, argument);
                    break;
                default:
                    token = syntax;
                    break;
            }
        }

        var isAsync = method.Name == "ReadAsync";
        if (buffer?.Syntax is not ArgumentSyntax { Expression: var bufferSyntax })
        {
            return null;
        }

        ExpressionSyntax target, minimum;
        if (offset is not null && count is not null)
        {
            // byte[] overload: the count is written twice.
            if (!ByteCountLoopRewrite.IsStable(count.Value) || offset.Syntax is not ArgumentSyntax offsetSyntax || count.Syntax is not ArgumentSyntax countSyntax)
            {
                return null;
            }

            minimum = countSyntax.Expression.WithoutTrivia();
            target = offset.Value.ConstantValue is { HasValue: true, Value: 0 } && IsLengthOf(count.Value, buffer.Value)
                ? bufferSyntax.WithoutTrivia()
                : SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesized(bufferSyntax.WithoutTrivia()), SyntaxFactory.IdentifierName(isAsync ? "AsMemory" : "AsSpan")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(offsetSyntax.Expression.WithoutTrivia()), SyntaxFactory.Argument(minimum) })));
        }
        else if (offset is null && count is null && SpanLength(buffer.Value) is { } length)
        {
            // Span<byte>/Memory<byte> overload: at least the span's length.
            target = bufferSyntax.WithoutTrivia();
            minimum = length;
        }
        else
        {
            return null;
        }

        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(target), SyntaxFactory.Argument(minimum) };
        if (!throwAtClose)
        {
            arguments.Add(SyntaxFactory.Argument(SyntaxFactory.NameColon("throwOnEndOfStream"), default, SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)));
        }

        if (token is not null)
        {
            // The token follows an omitted throwOnEndOfStream (named), or a named one in its own place (C# 7.2).
            arguments.Add(token.NameColon is null && (throwAtClose || ((CSharpParseOptions)call.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp7_2)
                ? token.WithNameColon(SyntaxFactory.NameColon("cancellationToken"))
                : token.WithoutTrivia());
        }

        var newName = isAsync ? "ReadAtLeastAsync" : "ReadAtLeast";
        ExpressionSyntax rewritten = SyntaxFactory.InvocationExpression(
            access.WithName(SyntaxFactory.IdentifierName(newName).WithTriviaFrom(access.Name)),
            call.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments)));

        // ReadAtLeastAsync returns ValueTask<int>: a Task<int> kept for later (Task.WhenAny, a field) stays a Task<int>.
        if (isAsync && method.ReturnType is INamedTypeSymbol { Name: "Task" } && !AwaitedOnTheSpot(call))
        {
            rewritten = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, rewritten, SyntaxFactory.IdentifierName("AsTask")));
        }

        rewritten = rewritten.WithTriviaFrom(call);
        var bound = model.GetSpeculativeSymbolInfo(call.SpanStart, rewritten, SpeculativeBindingOption.BindAsExpression).Symbol;
        if (rewritten is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AsTask", Expression: var inner } })
        {
            bound = model.GetSpeculativeSymbolInfo(call.SpanStart, inner, SpeculativeBindingOption.BindAsExpression).Symbol;
        }

        return bound is IMethodSymbol { Name: var name } readAtLeast && name == newName && readAtLeast.ContainingType.IsOrDerivesFrom(types.Stream)
            && (target is not InvocationExpressionSyntax || model.GetSpeculativeSymbolInfo(call.SpanStart, target, SpeculativeBindingOption.BindAsExpression).Symbol is not null)
            ? (InvocationExpressionSyntax)rewritten.WithAdditionalAnnotations(Formatter.Annotation)
            : null;
    }

    /// <summary><c>buf.Length</c> of the same stable <c>buf</c>.</summary>
    private static bool IsLengthOf(IOperation count, IOperation buffer) =>
        count.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Length", Instance: { } array } && array.Type is IArrayTypeSymbol
        && ByteCountLoopRewrite.IsStable(array) && SameValue(array, buffer.WalkDownConversions());

    /// <summary>The same local, parameter or field (of the same instance).</summary>
    private static bool SameValue(IOperation a, IOperation b) => (a, b) switch
    {
        (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
        (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
        (IFieldReferenceOperation x, IFieldReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Field, y.Field)
            && (x.Instance is null ? y.Instance is null : y.Instance is not null && (x.Instance is IInstanceReferenceOperation && y.Instance is IInstanceReferenceOperation || SameValue(x.Instance, y.Instance))),
        _ => false,
    };

    /// <summary>
    /// The length of a span argument, written again: <c>buf.Length</c> of a stable span, memory or array; <c>n</c> of
    /// <c>buf.AsSpan(off, n)</c> / <c>AsMemory(off, n)</c>, <c>buf.Length</c> of <c>buf.AsSpan()</c>; null otherwise.
    /// </summary>
    private static ExpressionSyntax? SpanLength(IOperation buffer)
    {
        var value = buffer.WalkDownConversions();
        if (value.Syntax is not ExpressionSyntax syntax)
        {
            return null;
        }

        if (ByteCountLoopRewrite.IsStable(value) && !value.ConstantValue.HasValue)
        {
            return LengthOf(syntax);
        }

        if (value is IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory", IsExtensionMethod: true } asSpan } slice
            && asSpan.ContainingType.Name == "MemoryExtensions"
            && slice.Arguments.Length is 1 or 3
            && slice.Arguments[0].Value.WalkDownConversions() is { Type: IArrayTypeSymbol } array
            && ByteCountLoopRewrite.IsStable(array)
            && array.Syntax is ExpressionSyntax arraySyntax)
        {
            if (slice.Arguments.Length == 1)
            {
                return LengthOf(arraySyntax);
            }

            var size = slice.Arguments[2];
            return size.Parameter?.Type.SpecialType == SpecialType.System_Int32 && ByteCountLoopRewrite.IsStable(size.Value) && size.Value.Syntax is ExpressionSyntax sizeSyntax
                ? (size.Value.WalkDownConversions().Syntax as ExpressionSyntax ?? sizeSyntax).WithoutTrivia()
                : null;
        }

        return null;
    }

    private static ExpressionSyntax LengthOf(ExpressionSyntax value) =>
        SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesized(value.WithoutTrivia()), SyntaxFactory.IdentifierName("Length"));

    private static ExpressionSyntax Parenthesized(ExpressionSyntax value) =>
        value is IdentifierNameSyntax or MemberAccessExpressionSyntax or ThisExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? value
            : SyntaxFactory.ParenthesizedExpression(value);

    /// <summary><c>await call</c> or <c>await call.ConfigureAwait(...)</c> (through parentheses).</summary>
    private static bool AwaitedOnTheSpot(InvocationExpressionSyntax call)
    {
        var current = FixSyntax.WalkUpParentheses(call);
        if (current.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait } access
            && access.Expression == current)
        {
            current = FixSyntax.WalkUpParentheses(configureAwait);
        }

        return current.Parent is AwaitExpressionSyntax;
    }

    /// <summary>The <c>_ = ...</c> around the call (through <c>await</c>, <c>ConfigureAwait</c> and parentheses), if any.</summary>
    private static AssignmentExpressionSyntax? DiscardAround(InvocationExpressionSyntax call)
    {
        SyntaxNode current = call;
        while (true)
        {
            switch (current.Parent)
            {
                case ParenthesizedExpressionSyntax or AwaitExpressionSyntax:
                    current = current.Parent;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configureAwait } access when access.Expression == current:
                    current = configureAwait;
                    continue;
                case AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "_" } } discard when discard.Right == current:
                    return discard;
                default:
                    return null;
            }
        }
    }

    private static SyntaxNode? ReceiveLoop(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax call, CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(model.Compilation);
        var socketFlags = types.SocketFlags;
        var endOfStream = types.Get("System.IO.EndOfStreamException");
        if (socketFlags is null || endOfStream is null
            || ByteCountLoopRewrite.StatementOf(call) is not { } statement
            || ByteCountLoopRewrite.Match(call, model, socketFlags, cancellationToken) is not { } shape)
        {
            return null;
        }

        var position = statement.SpanStart;
        var invented = new List<string>(2);
        var received = FixSyntax.UniqueName(statement, "received", alsoTaken: invented);
        var n = FixSyntax.UniqueName(statement, "n", alsoTaken: invented);
        var total = ByteCountLoopRewrite.Total(shape);
        var receive = $"{ByteCountLoopRewrite.Text(shape.Receiver)}.Receive({ByteCountLoopRewrite.Text(shape.Buffer)}, {ByteCountLoopRewrite.NextOffset(shape, received)}, {total} - {received}, {ByteCountLoopRewrite.Flags(shape, socketFlags, model, position)})";
        var exception = endOfStream.ToMinimalDisplayString(model, position);
        return ByteCountLoopRewrite.ReplaceStatement(root, statement, new[]
        {
            $"var {received} = 0;",
            $$"""
            while ({{received}} < {{total}})
            {
                var {{n}} = {{receive}};
                if ({{n}} == 0)
                {
                    throw new {{exception}}();
                }

                {{received}} += {{n}};
            }
            """,
        }, invented);
    }
}
