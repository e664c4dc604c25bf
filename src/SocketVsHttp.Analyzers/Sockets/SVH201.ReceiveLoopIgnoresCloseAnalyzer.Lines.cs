using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH201 for lines: <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a reader over a network stream, where <c>null</c> is the close.</summary>
public sealed partial class ReceiveLoopIgnoresCloseAnalyzer
{
    /// <summary>
    /// <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a reader over a network stream: a null line is the close. Reported when the line is
    /// used and never tested for null, in a loop that outlives the peer (<see cref="LongLivedLoops.IsLongLived"/>, or a condition that
    /// only compares the line with a text: <c>while (line != "quit")</c> stays true for null), and nothing in the loop asks the reader
    /// for its end (<c>EndOfStream</c>, <c>Peek()</c>).
    /// </summary>
    private static void AnalyzeLineRead(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
    {
        if (!ReceiveCalls.TryGetLineRead(invocation, types, out var lineValue, out var displayName)
            || lineValue is null
            || SameConnectionLoop(invocation, types) is not { } loop
            || !(LongLivedLoops.IsLongLived(loop, types) || ComparesWithTextOnly(loop))
            || AsksReaderForItsEnd(loop, types))
        {
            return;
        }

        var seen = IgnoresNullLine(lineValue) ? "is never tested for null"
            : NeverLeaves(loop) && OnlyCompared(lineValue, ZeroCountTests.DetectsNullLine) ? TestedButNoWayOut
            : null;
        if (seen is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH201, invocation.Syntax.GetLocation(), "line", displayName, seen));
        }
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

                var stored = ZeroCountTests.ReferencedSymbol(assignment.Target);
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
