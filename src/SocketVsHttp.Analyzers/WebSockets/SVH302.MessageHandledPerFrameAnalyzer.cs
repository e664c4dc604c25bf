using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Shared;

namespace SocketVsHttp.WebSockets;

/// <summary>
/// SVH302: the bytes of one WebSocket receive are decoded or handed to a handler without EndOfMessage being read anywhere in
/// the member, so a message the peer sends in several frames is processed as broken pieces.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MessageHandledPerFrameAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH302);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.WebSocket is null || types.WebSocketReceiveResult is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeReceive(c, types), OperationKind.Invocation);
        });
    }

    /// <summary>A member is analyzed once, from the callback of its first receive; code without receives costs one name check per call.</summary>
    private static void AnalyzeReceive(OperationAnalysisContext context, KnownTypes types)
    {
        var receive = (IInvocationOperation)context.Operation;
        if (!WebSocketReceiveCalls.IsReceiveAsync(receive.TargetMethod, types)
            || !MemberCalls.TryCollect(receive, types, out var receives, out var sinks))
        {
            return;
        }

        var receiveFacts = new List<ReceiveFacts>(receives.Count);
        foreach (var call in receives)
        {
            if (ReceiveFacts.Create(call) is { } facts)
            {
                receiveFacts.Add(facts);
            }
        }

        foreach (var sink in sinks)
        {
            if (IsInClosePath(sink.Call, types.WebSocketMessageTypeClose))
            {
                continue;
            }

            var body = sink.Call.EnclosingBody();
            foreach (var facts in receiveFacts)
            {
                if (facts.Body == body && facts.Scope.Contains(sink.Call.Syntax.Span) && facts.IsHandledBy(sink))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH302, ReportedSyntax(sink.Call).GetLocation()));
                    break;
                }
            }
        }
    }

    /// <summary><c>handler?.Invoke(frame)</c>: the whole conditional access, not just <c>.Invoke(frame)</c>.</summary>
    private static SyntaxNode ReportedSyntax(IOperation call) =>
        call.Parent is IConditionalAccessOperation conditional && conditional.WhenNotNull == call ? conditional.Syntax : call.Syntax;

    /// <summary>
    /// Close frames are never fragmented: decoding the close payload under <c>if (result.MessageType == WebSocketMessageType.Close)</c>
    /// (or a <c>case WebSocketMessageType.Close:</c>) is fine.
    /// </summary>
    private static bool IsInClosePath(IOperation sink, IFieldSymbol? messageTypeClose)
    {
        if (messageTypeClose is null)
        {
            return false;
        }

        var child = sink;
        for (var current = sink.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional when conditional.Condition is IBinaryOperation comparison && NamesField(comparison, messageTypeClose):
                    if ((comparison.OperatorKind == BinaryOperatorKind.Equals && child == conditional.WhenTrue)
                        || (comparison.OperatorKind == BinaryOperatorKind.NotEquals && child == conditional.WhenFalse))
                    {
                        return true;
                    }

                    break;
                case IConditionalOperation { Condition: IIsPatternOperation { Pattern: IConstantPatternOperation constant } } conditional
                    when child == conditional.WhenTrue && NamesField(constant.Value, messageTypeClose):
                    return true;
                case ISwitchCaseOperation section:
                    foreach (var clause in section.Clauses)
                    {
                        if (clause is ISingleValueCaseClauseOperation single && NamesField(single.Value, messageTypeClose))
                        {
                            return true;
                        }
                    }

                    break;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool NamesField(IOperation operation, IFieldSymbol field)
    {
        if (operation.WalkDownConversions() is IFieldReferenceOperation reference)
        {
            return reference.Field.Is(field);
        }

        if (operation is IBinaryOperation binary)
        {
            return NamesField(binary.LeftOperand, field) || NamesField(binary.RightOperand, field);
        }

        return false;
    }

    private enum SinkKind
    {
        /// <summary>Encoding.GetString/GetChars, JsonSerializer.Deserialize, JsonDocument.Parse.</summary>
        Decode,

        /// <summary>A delegate (callback, event) invoked with the bytes.</summary>
        Callback,
    }

    private readonly struct Sink
    {
        public Sink(IInvocationOperation call, SinkKind kind)
        {
            Call = call;
            Kind = kind;
        }

        public IInvocationOperation Call { get; }

        public SinkKind Kind { get; }
    }

    /// <summary>The receives and candidate sinks of one member (its root operation, lambdas and local functions included).</summary>
    private static class MemberCalls
    {
        /// <summary>
        /// False when there is nothing to report (no sink, or EndOfMessage is read somewhere in the member) or when
        /// <paramref name="receive"/> is not the member's first receive: the first one's callback analyzes the member.
        /// </summary>
        public static bool TryCollect(IInvocationOperation receive, KnownTypes types, out List<IInvocationOperation> receives, out List<Sink> sinks)
        {
            receives = new List<IInvocationOperation>();
            sinks = new List<Sink>();
            foreach (var operation in receive.MemberRoot().Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation invocation when WebSocketReceiveCalls.IsReceiveAsync(invocation.TargetMethod, types):
                        if (receives.Count == 0 && invocation != receive)
                        {
                            return false;
                        }

                        receives.Add(invocation);
                        break;
                    case IInvocationOperation invocation when SinkKindOf(invocation.TargetMethod, types) is { } kind:
                        sinks.Add(new Sink(invocation, kind));
                        break;
                    case IPropertyReferenceOperation property when IsEndOfMessage(property.Property, types) && !IsPassedToSend(property, types):
                        return false;
                }
            }

            return sinks.Count > 0;
        }

        private static SinkKind? SinkKindOf(IMethodSymbol method, KnownTypes types)
        {
            if (method.MethodKind == MethodKind.DelegateInvoke)
            {
                return SinkKind.Callback;
            }

            if ((method.Name is "GetString" or "GetChars" && method.IsMemberOf(types.Encoding))
                || (method.Name.StartsWith("Deserialize", System.StringComparison.Ordinal) && method.ContainingType.Is(types.JsonSerializer))
                || (method.Name == "Parse" && method.ContainingType.Is(types.JsonDocument)))
            {
                return SinkKind.Decode;
            }

            return null;
        }

        /// <summary>
        /// <c>ws.SendAsync(reply, result.MessageType, result.EndOfMessage, ct)</c>: the flag is only copied onto an outgoing frame; the
        /// member never looks at it, and what it decoded is still one frame's piece (an echo that rewrites each frame).
        /// </summary>
        private static bool IsPassedToSend(IPropertyReferenceOperation endOfMessage, KnownTypes types)
        {
            var use = endOfMessage.WalkUpConversions();
            return use.Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "SendAsync" } send }
                && send.TargetMethod.IsMemberOf(types.WebSocket);
        }

        private static bool IsEndOfMessage(IPropertySymbol property, KnownTypes types) =>
            property.Name == "EndOfMessage"
            && (property.ContainingType.Is(types.WebSocketReceiveResult) || property.ContainingType.Is(types.ValueWebSocketReceiveResult));
    }

    /// <summary>One receive: the symbols that hold its bytes and its count, the body it runs in, and where its result is used.</summary>
    private sealed class ReceiveFacts
    {
        private const int MaxDerivationPasses = 3;

        private readonly HashSet<ISymbol> bytes;
        private readonly HashSet<ISymbol> counted;

        private ReceiveFacts(IOperation body, Scope scope, HashSet<ISymbol> bytes, HashSet<ISymbol> counted)
        {
            Body = body;
            Scope = scope;
            this.bytes = bytes;
            this.counted = counted;
        }

        public IOperation Body { get; }

        public Scope Scope { get; }

        /// <summary>Null when the result goes somewhere we do not follow (stored task, result passed on or returned) or there is no buffer to follow.</summary>
        public static ReceiveFacts? Create(IInvocationOperation receive)
        {
            if (receive.Arguments.Length == 0)
            {
                return null;
            }

            var bytes = ReceiveBuffers.SymbolsOf(receive.Arguments[0].Value);
            if (bytes.Count == 0)
            {
                return null;
            }

            var counted = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var result = WebSocketReceiveCalls.ResultOf(receive)?.WalkUpConversions();
            if (result is null || !TryAddResultSymbols(result, counted))
            {
                return null;
            }

            var body = receive.EnclosingBody();
            foreach (var symbol in counted)
            {
                if (symbol is ILocalSymbol local && ResultEscapes(local, body))
                {
                    return null;
                }
            }

            AddDerivedViews(body, bytes, counted);

            var loop = receive.EnclosingLoop();
            while (loop?.EnclosingLoop() is { } outer)
            {
                loop = outer;
            }

            return new ReceiveFacts(body, new Scope(loop?.Syntax.Span, receive.Syntax.SpanStart), bytes, counted);
        }

        /// <summary>
        /// A decode of the received bytes is handling; a callback is handling when it also gets the count
        /// (<c>onFrame(buffer, result.Count)</c>, or a view built with it).
        /// </summary>
        public bool IsHandledBy(Sink sink)
        {
            var getsBytes = false;
            var getsCount = false;
            foreach (var argument in sink.Call.Arguments)
            {
                if (sink.Kind == SinkKind.Callback && !ReceiveBuffers.IsByteSequence(argument.Value.WalkDownConversions().Type) && !ReceiveBuffers.IsByteSequence(argument.Parameter?.Type))
                {
                    getsCount |= ReceiveBuffers.References(argument.Value, counted);
                    continue;
                }

                if (ReceiveBuffers.References(argument.Value, bytes))
                {
                    getsBytes = true;
                    getsCount |= ReceiveBuffers.References(argument.Value, counted);
                }
            }

            return getsBytes && (sink.Kind == SinkKind.Decode || getsCount);
        }

        /// <summary>The local holding the result, or a local holding its Count; false when the result flows elsewhere.</summary>
        private static bool TryAddResultSymbols(IOperation result, HashSet<ISymbol> counted)
        {
            switch (result.Parent)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    counted.Add(declarator.Symbol);
                    return true;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == result:
                    counted.Add(target.Local);
                    return true;
                case IPropertyReferenceOperation { Property.Name: "Count" } count when count.Instance == result:
                    var countValue = count.WalkUpConversions();
                    switch (countValue.Parent)
                    {
                        case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation countDeclarator }:
                            counted.Add(countDeclarator.Symbol);
                            return true;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation countTarget } countAssignment when countAssignment.Value == countValue:
                            counted.Add(countTarget.Local);
                            return true;
                        default:
                            return true;
                    }

                default:
                    // Discarded, or a member read in place: nothing ties later code to this receive's count.
                    return result.Parent is IExpressionStatementOperation or IMemberReferenceOperation;
            }
        }

        /// <summary>The whole result is passed on, returned or stored: whoever gets it may look at EndOfMessage.</summary>
        private static bool ResultEscapes(ILocalSymbol local, IOperation body)
        {
            if (local.Type.SpecialType != SpecialType.None)
            {
                // A local holding the count (an int): passing it on is fine.
                return false;
            }

            foreach (var operation in body.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && reference.Local.Is(local))
                {
                    var use = reference.WalkUpConversions();
                    var kept = use.Parent switch
                    {
                        IMemberReferenceOperation member => member.Instance == use,
                        ISimpleAssignmentOperation assignment => assignment.Target == use,
                        IConditionalAccessOperation conditional => conditional.Operation == use,
                        _ => false,
                    };
                    if (!kept)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>Byte views of the buffer made in the same body (<c>var frame = new ArraySegment&lt;byte&gt;(buffer, 0, result.Count)</c>).</summary>
        private static void AddDerivedViews(IOperation body, HashSet<ISymbol> bytes, HashSet<ISymbol> counted)
        {
            for (var pass = 0; pass < MaxDerivationPasses; pass++)
            {
                var added = false;
                foreach (var operation in body.Descendants())
                {
                    ILocalSymbol? local;
                    IOperation? value;
                    switch (operation)
                    {
                        case IVariableDeclaratorOperation declarator:
                            local = declarator.Symbol;
                            value = declarator.GetVariableInitializer()?.Value;
                            break;
                        case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                            local = target.Local;
                            value = assignment.Value;
                            break;
                        default:
                            continue;
                    }

                    if (value is null || bytes.Contains(local) || !ReceiveBuffers.IsByteSequence(local.Type) || !ReceiveBuffers.References(value, bytes))
                    {
                        continue;
                    }

                    bytes.Add(local);
                    if (ReceiveBuffers.References(value, counted))
                    {
                        counted.Add(local);
                    }

                    added = true;
                }

                if (!added)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Where a handler counts for a receive: anywhere in its (outermost) loop, or after it in the same body.</summary>
    private readonly struct Scope
    {
        private readonly TextSpan? loop;
        private readonly int receiveStart;

        public Scope(TextSpan? loop, int receiveStart)
        {
            this.loop = loop;
            this.receiveStart = receiveStart;
        }

        public bool Contains(TextSpan span) => (loop is { } l && l.Contains(span)) || span.Start > receiveStart;
    }
}
