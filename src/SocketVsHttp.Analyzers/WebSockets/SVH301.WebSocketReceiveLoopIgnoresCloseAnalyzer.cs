using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Shared;

namespace SocketVsHttp.WebSockets;

/// <summary>
/// SVH301: a loop receives from a WebSocket but never looks for the Close message (MessageType == Close, CloseStatus),
/// so after the peer closes it throws on the next receive or treats the Close frame as data.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class WebSocketReceiveLoopIgnoresCloseAnalyzer : DiagnosticAnalyzer
{
    private const int MaxReceiverTextLength = 60;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH301);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.WebSocket is null || types.WebSocketMessageType is null || types.WebSocketReceiveResult is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeInvocation(c, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
    {
        var receive = (IInvocationOperation)context.Operation;
        if (!WebSocketReceiveCalls.IsReceiveAsync(receive.TargetMethod, types))
        {
            return;
        }

        var loop = receive.EnclosingLoop();
        if (loop is null)
        {
            return;
        }

        // Nested loops (e.g. an inner loop until EndOfMessage): a check anywhere in the outermost one counts.
        while (loop.EnclosingLoop() is { } outer)
        {
            loop = outer;
        }

        if (!TryGetResultLocal(receive, out var resultLocal))
        {
            return;
        }

        var body = receive.EnclosingBody();
        if (resultLocal is not null && !IsDeclaredWithin(resultLocal, body.Syntax.Span))
        {
            return;
        }

        var scope = new Scope(loop.Syntax.Span, receive.Syntax.SpanStart);
        var search = new CloseSearch(receive, loop, types);
        foreach (var operation in body.Descendants())
        {
            if (resultLocal is not null && operation is ILocalReferenceOperation localReference
                && localReference.Local.Is(resultLocal) && !IsMemberAccessOrAssignmentTarget(localReference))
            {
                // The whole result goes somewhere we do not follow (helper, field, return): unknown, stay silent.
                return;
            }

            if (scope.Contains(operation.Syntax.Span) && HandlesClose(operation, types, scope, search))
            {
                return;
            }
        }

        var (seen, consequence) = search.SawCloseWithoutLeaving
            ? ("closes the WebSocket on Close but is endless with no way out (no break, return or throw)", "goes round again on the closed WebSocket: it spins, or its next receive throws")
            : ("never checks for a Close message", "throws or spins instead of completing the close handshake");
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH301, receive.Syntax.GetLocation(), search.SawCloseBranch || search.SawCloseWithoutLeaving ? HasCloseBranch : null, ReceiverText(receive), seen, consequence));
    }

    /// <summary>
    /// False when the result flows somewhere unknown; true with a null local when the result is discarded or only a
    /// member of it is read in place.
    /// </summary>
    private static bool TryGetResultLocal(IInvocationOperation receive, out ILocalSymbol? resultLocal)
    {
        resultLocal = null;
        var result = WebSocketReceiveCalls.ResultOf(receive)?.WalkUpConversions();
        switch (result?.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                resultLocal = declarator.Symbol;
                return true;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == result:
                resultLocal = target.Local;
                return true;
            case ISimpleAssignmentOperation { Target: IDiscardOperation } assignment when assignment.Value == result:
                return true;
            case IExpressionStatementOperation:
                return true;
            case IMemberReferenceOperation member when member.Instance == result:
                return true;
            default:
                return false;
        }
    }

    private static bool IsDeclaredWithin(ILocalSymbol local, TextSpan span)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (!span.Contains(reference.Span))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMemberAccessOrAssignmentTarget(ILocalReferenceOperation reference) => reference.Parent switch
    {
        IMemberReferenceOperation member => member.Instance == reference,
        ISimpleAssignmentOperation assignment => assignment.Target == reference,
        IConditionalAccessOperation conditionalAccess => conditionalAccess.Operation == reference,
        _ => false,
    };

    private static bool HandlesClose(IOperation operation, KnownTypes types, Scope scope, CloseSearch search)
    {
        switch (operation)
        {
            case IFieldReferenceOperation field:
                return field.Field.Name is "Close" or "CloseReceived"
                    && (field.Field.Is(types.WebSocketMessageTypeClose) || field.Field.Is(types.WebSocketStateCloseReceived))
                    && ClosePathHandles(field, search);

            case IPropertyReferenceOperation property when IsReceiveResultOrSocket(property.Property.ContainingType, types):
                return property.Property.Name switch
                {
                    "CloseStatus" or "CloseStatusDescription" => true,
                    "MessageType" => MessageTypeUseLeavesRoomForClose(property, types),
                    _ => false,
                };

            case IInvocationOperation { TargetMethod.Name: "CloseAsync" or "CloseOutputAsync" } close:
                // Closing the receiving socket inside the loop (e.g. on an empty read) is a deliberate close path; after the
                // loop it is routine; closing another socket (the old one during a reconnect) is not this one's close.
                return close.TargetMethod.IsMemberOf(types.WebSocket) && scope.Loop.Contains(close.Syntax.Span) && search.IsReceivingSocket(close.Instance)
                    && search.CloseEnds();

            default:
                return false;
        }
    }

    private static bool IsReceiveResultOrSocket(INamedTypeSymbol? type, KnownTypes types) =>
        type.Is(types.WebSocketReceiveResult) || type.Is(types.ValueWebSocketReceiveResult) || type.IsOrDerivesFrom(types.WebSocket);

    /// <summary>
    /// True when MessageType is used in a way that gives non-data messages their own path (a negated test, an else
    /// branch, a default case, a loop condition) or flows somewhere we do not follow. False only for plain
    /// positive tests without a fallback (e.g. <c>if (result.MessageType == WebSocketMessageType.Text) { ... }</c>).
    /// </summary>
    private static bool MessageTypeUseLeavesRoomForClose(IPropertyReferenceOperation messageType, KnownTypes types)
    {
        var value = messageType.WalkUpConversions();
        if (ComparedWithClose(value, types))
        {
            // The Close constant's own path decides (see ClosePathHandles).
            return false;
        }

        switch (value.Parent)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals }:
                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return ComparisonLeavesRoomForClose(equals);
            case IIsPatternOperation isPattern when isPattern.Value == value:
                return ContainsNegation(isPattern.Pattern) || ComparisonLeavesRoomForClose(isPattern);
            case ISwitchOperation switchStatement when switchStatement.Value == value:
                return HasCatchAllCase(switchStatement);
            case ISwitchExpressionOperation switchExpression when switchExpression.Value == value:
                return HasCatchAllArm(switchExpression);
            case IInterpolationOperation:
                return false;
            case IArgumentOperation { Parent: IInvocationOperation call } when call.TargetMethod.IsMemberOf(types.WebSocket):
                // Echoing it to SendAsync treats a Close frame as data.
                return false;
            case IMemberReferenceOperation or IInvocationOperation { TargetMethod.Name: "ToString" }:
                return false;
            default:
                return true;
        }
    }

    /// <summary>The message type is compared with <c>WebSocketMessageType.Close</c> itself (==, !=, a pattern, a case or an arm).</summary>
    private static bool ComparedWithClose(IOperation messageType, KnownTypes types)
    {
        switch (messageType.Parent)
        {
            case IBinaryOperation binary:
                return IsCloseField(binary.LeftOperand == messageType ? binary.RightOperand : binary.LeftOperand, types);
            case IIsPatternOperation isPattern when isPattern.Value == messageType:
                return MentionsClose(isPattern.Pattern, types);
            case ISwitchOperation switchStatement when switchStatement.Value == messageType:
                foreach (var section in switchStatement.Cases)
                {
                    foreach (var clause in section.Clauses)
                    {
                        if (MentionsClose(clause, types))
                        {
                            return true;
                        }
                    }
                }

                return false;
            case ISwitchExpressionOperation switchExpression when switchExpression.Value == messageType:
                foreach (var arm in switchExpression.Arms)
                {
                    if (MentionsClose(arm.Pattern, types))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool MentionsClose(IOperation operation, KnownTypes types)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (IsCloseField(descendant, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCloseField(IOperation operation, KnownTypes types) =>
        operation.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "Close" } field && field.Field.Is(types.WebSocketMessageTypeClose);

    private static bool ComparisonLeavesRoomForClose(IOperation comparison)
    {
        var current = comparison.WalkUpConversions();
        while (current.Parent is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr } or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        // Only a plain "if (type == Text) { ... }" without an else leaves Close unhandled; negations, loop conditions and
        // stored flags give other message types their own path, or we cannot tell.
        return current.Parent is not IConditionalOperation conditional || conditional.Condition != current || HasFinalElse(conditional);
    }

    private static bool ContainsNegation(IPatternOperation pattern) => pattern switch
    {
        INegatedPatternOperation => true,
        IBinaryPatternOperation binary => ContainsNegation(binary.LeftPattern) || ContainsNegation(binary.RightPattern),
        _ => false,
    };

    private static bool HasFinalElse(IConditionalOperation conditional)
    {
        var current = conditional;
        while (current.WhenFalse is IConditionalOperation elseIf)
        {
            current = elseIf;
        }

        return current.WhenFalse is not null;
    }

    private static bool HasCatchAllCase(ISwitchOperation switchStatement)
    {
        foreach (var section in switchStatement.Cases)
        {
            foreach (var clause in section.Clauses)
            {
                if (clause.CaseKind == CaseKind.Default
                    || (clause is IPatternCaseClauseOperation patternClause && patternClause.Pattern is not IConstantPatternOperation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasCatchAllArm(ISwitchExpressionOperation switchExpression)
    {
        foreach (var arm in switchExpression.Arms)
        {
            if (arm.Pattern is not IConstantPatternOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static string ReceiverText(IInvocationOperation receive)
    {
        if (receive.Syntax is InvocationExpressionSyntax { Expression: var expression })
        {
            var text = expression.ToString();
            if (text.Length <= MaxReceiverTextLength && text.IndexOf('\n') < 0)
            {
                return text;
            }
        }

        return receive.TargetMethod.ContainingType.Name + "." + receive.TargetMethod.Name;
    }

    /// <summary>Where a close check counts: anywhere in the (outermost) loop, or after the receive in the same body.</summary>
    private readonly struct Scope
    {
        public Scope(TextSpan loop, int receiveStart)
        {
            Loop = loop;
            ReceiveStart = receiveStart;
        }

        public TextSpan Loop { get; }

        public int ReceiveStart { get; }

        public bool Contains(TextSpan span) => Loop.Contains(span) || span.Start > ReceiveStart;
    }
}
