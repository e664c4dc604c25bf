using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH201 for lines: <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a reader over a network stream, where <c>null</c> is the close.</summary>
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer
{
    /// <summary>
    /// <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a reader over a network stream: a null line is the close. Reported when the line is
    /// used and never tested for null, in a loop that outlives the peer (<see cref="LongLivedLoops.IsLongLived"/>, or a condition that
    /// only compares the line with a text: <c>while (line != "quit")</c> stays true for null), and nothing in the loop asks the reader
    /// for its end (<c>EndOfStream</c>, <c>Peek()</c>).
    /// </summary>
    private static void AnalyzeLineRead(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types, TypeFactsCache<LoopCallers> lineCallers)
    {
        if (ReceiveCalls.TryGetLineRead(invocation, types, out var lineValue, out var displayName) && lineValue is not null)
        {
            if (RepeatingLoop(invocation) is null)
            {
                AnalyzeHelperLine(context, invocation, lineValue, displayName, lineCallers);
                return;
            }

            AnalyzeLine(context, invocation, lineValue, displayName, string.Empty, types);
        }
    }

    /// <summary>
    /// A line read through a helper of the project whose whole body returns a network reader's line (<c>string readLine() =&gt;
    /// inputStream.ReadLine();</c>, in this type or another): the caller's loop gets the close as null just the same.
    /// </summary>
    private static void AnalyzeLineHelperCall(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
    {
        var helper = invocation.TargetMethod;
        if (helper is not { MethodKind: MethodKind.Ordinary, Parameters.Length: 0, ReturnType.SpecialType: SpecialType.System_String }
            || RepeatingLoop(invocation) is null
            || LineReadOfHelper(helper, invocation, context.Compilation, context.CancellationToken) is not { } read
            || !ReceiveCalls.TryGetLineRead(read, types, out var helperLine, out var readName)
            || helperLine != read)
        {
            return;
        }

        AnalyzeLine(context, invocation, invocation, helper.ContainingType.Name + "." + helper.Name, "(which returns " + readName + "'s line) ", types);
    }

    /// <summary>The <c>x.ReadLine()</c> a helper's body consists of (<c>=&gt; x.ReadLine()</c> or <c>{ return x.ReadLine(); }</c>), bound; null otherwise.</summary>
    private static IInvocationOperation? LineReadOfHelper(IMethodSymbol helper, IOperation from, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var body in SourceBodies.Of(helper))
        {
            var returned = body switch
            {
                ArrowExpressionClauseSyntax arrow => arrow.Expression,
                BlockSyntax { Statements: { Count: 1 } statements } when statements[0] is ReturnStatementSyntax { Expression: { } expression } => expression,
                _ => null,
            };
            while (returned is PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression } suppressed)
            {
                returned = suppressed.Operand;
            }

            if (returned is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ReadLine" }, ArgumentList.Arguments.Count: 0 } call)
            {
                return TypeBodies.ModelFor(call.SyntaxTree, from, compilation).GetOperation(call, cancellationToken) as IInvocationOperation;
            }
        }

        return null;
    }

    /// <summary>
    /// Reported when the line is used and never tested for null, in a loop that outlives the peer (<see cref="LongLivedLoops.IsLongLived"/>,
    /// a condition that only compares the line with a text: <c>while (line != "quit")</c> stays true for null, or a flag the loop sets
    /// from the line: <c>while (!joined) { joined = line.Contains(...); }</c>), and nothing in the loop asks the reader for its end
    /// (<c>EndOfStream</c>, <c>Peek()</c>).
    /// </summary>
    private static void AnalyzeLine(OperationAnalysisContext context, IInvocationOperation invocation, IOperation lineValue, string displayName, string through, KnownTypes types)
    {
        if (SameConnectionLoop(invocation, types) is not { } loop
            || !(LongLivedLoops.IsLongLived(loop, types) || ComparesWithTextOnly(loop) || WaitsForALine(loop, lineValue))
            || AsksReaderForItsEnd(loop, types))
        {
            return;
        }

        var seen = IgnoresNullLine(lineValue) ? "is never tested for null"
            : NeverLeaves(loop) && OnlyCompared(lineValue, ZeroCountTests.DetectsNullLine) ? TestedButNoWayOut
            : null;
        if (seen is not null)
        {
            var consequence = seen == TestedButNoWayOut || !IsDereferenced(lineValue) ? Spins : ThrowsOnNull;
            if (consequence == Spins && IsPacedByConsoleAndWrites(loop))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH201, invocation.Syntax.GetLocation(), "line", displayName, through + seen, consequence));
        }
    }

    /// <summary>What the close does to a loop that ignores it when the line is dereferenced (<c>line.Contains(...)</c>).</summary>
    private const string ThrowsOnNull = "when the peer closes, the null line throws NullReferenceException here instead of ending the loop";

    /// <summary>
    /// The loop's condition is a local <c>bool</c> (negated or not) that the loop sets only from the line: it waits for a given line
    /// (<c>while (!joined) { var m = ReadLine(); joined = m.Contains("End of /NAMES"); }</c>), and a closed peer never sends it.
    /// </summary>
    private static bool WaitsForALine(ILoopOperation loop, IOperation lineValue)
    {
        var condition = (loop as IWhileLoopOperation)?.Condition?.WalkDownConversions();
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            condition = not.Operand.WalkDownConversions();
        }

        if (condition is not ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } flag })
        {
            return false;
        }

        var use = lineValue.WalkUpConversions();
        ISymbol? line = use.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == use => assignment.Target.ReferencedSymbol(),
            _ => null,
        };
        var setFromLine = false;
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment && target.Local.Is(flag))
            {
                var fromLine = false;
                foreach (var part in assignment.Value.DescendantsAndSelf())
                {
                    fromLine |= part == lineValue || (line is not null && part.ReferencedSymbol() is { } symbol && symbol.Is(line));
                }

                if (!fromLine)
                {
                    return false;
                }

                setFromLine = true;
            }
        }

        return setFromLine;
    }

    /// <summary>The line (or the local holding it) is the receiver of a member access: null throws there.</summary>
    private static bool IsDereferenced(IOperation lineValue)
    {
        var use = lineValue.WalkUpConversions();
        if (use.Parent is IMemberReferenceOperation member && member.Instance == use
            || use.Parent is IInvocationOperation call && call.Instance == use)
        {
            return true;
        }

        ISymbol? stored = use.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == use => assignment.Target.ReferencedSymbol(),
            _ => null,
        };
        if (stored is null)
        {
            return false;
        }

        foreach (var operation in lineValue.EnclosingBody().Descendants())
        {
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(stored)
                && (reference.Parent is IMemberReferenceOperation { Instance: var instance } && instance == reference
                    || reference.Parent is IInvocationOperation { Instance: var receiver } && receiver == reference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the line produced by <paramref name="lineValue"/> is used and never tested for null.</summary>
    internal static bool IgnoresNullLine(IOperation lineValue)
    {
        if (ZeroCountTests.DetectsNullLine(lineValue))
        {
            return false;
        }

        var use = lineValue.WalkUpConversions();
        switch (use.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return !ZeroCountTests.DetectsNullLineAnywhere(declarator.Symbol, lineValue.EnclosingBody());
            case ISimpleAssignmentOperation assignment when assignment.Value == use:
                if (ZeroCountTests.DetectsNullLine(assignment))
                {
                    return false;
                }

                var stored = assignment.Target.ReferencedSymbol();
                return stored is not null && !ZeroCountTests.DetectsNullLineAnywhere(stored, lineValue.EnclosingBody());
            case ICompoundAssignmentOperation compound when compound.Value == use:
                // text += reader.ReadLine(): null appends nothing and the loop goes on.
                return true;
            case IArgumentOperation:
                // Handle(reader.ReadLine()); calls that decide an exit were accepted above.
                return true;
            case IInvocationOperation call when call.Instance == use:
                // reader.ReadLine().Split(' '): a NullReferenceException on close.
                return true;
            case IPropertyReferenceOperation property when property.Instance == use:
                return true;
            case IBinaryOperation or IInterpolationOperation:
                // "> " + line, reader.ReadLine() == "quit": null tests were accepted above.
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>while (line != "quit")</c> / <c>do ... while (line != "quit")</c>: a text compared with a non-null constant stays different for null.</summary>
    private static bool ComparesWithTextOnly(ILoopOperation loop)
    {
        var condition = (loop as IWhileLoopOperation)?.Condition?.WalkDownConversions();
        return condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } comparison
            && comparison.LeftOperand.Type?.SpecialType == SpecialType.System_String
            && (comparison.LeftOperand.ConstantValue is { HasValue: true, Value: string } || comparison.RightOperand.ConstantValue is { HasValue: true, Value: string })
            && !(comparison.LeftOperand.ConstantValue.HasValue && comparison.RightOperand.ConstantValue.HasValue);
    }

    /// <summary>The loop reads <c>EndOfStream</c> or calls <c>Peek()</c> on a reader: it learns of the close that way.</summary>
    private static bool AsksReaderForItsEnd(ILoopOperation loop, KnownTypes types)
    {
        foreach (var operation in loop.Descendants())
        {
            switch (operation)
            {
                case IPropertyReferenceOperation { Property.Name: "EndOfStream" } property when property.Property.ContainingType.IsOrDerivesFrom(types.TextReader):
                    return true;
                case IInvocationOperation { TargetMethod.Name: "Peek" } peek when peek.TargetMethod.ContainingType.IsOrDerivesFrom(types.TextReader):
                    return true;
            }
        }

        return false;
    }
}
