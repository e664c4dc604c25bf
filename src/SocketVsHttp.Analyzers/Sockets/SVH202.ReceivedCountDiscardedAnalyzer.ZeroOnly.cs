using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// The count is kept but only compared with 0 (the close test), and the buffer is then parsed as a whole fixed-size
/// header (<c>BitConverter.ToInt32(header, 0)</c>, <c>BinaryPrimitives.ReadInt32BigEndian(header)</c>): a read that returns
/// 1 to 3 of the 4 bytes passes the test and the header is parsed from stale bytes. A count that is compared with anything
/// else (the requested size), added up, or passed on (as a length) is the code's own check: silent.
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    /// <summary>What the diagnostic says about the count (the message's second argument).</summary>
    private const string Discarded = "discarded";
    private const string OnlyTestedForZero = "only compared with 0 before the buffer is parsed as a whole header";

    private static bool CountOnlyTestedForZeroBeforeParse(IInvocationOperation read, KnownTypes types)
    {
        if ((types.BitConverter is null && types.BinaryPrimitives is null) || RequestsOneByte(read)
            || BufferArgument(read) is not { } bufferArgument || CountOf(read) is not { } count)
        {
            return false;
        }

        ILocalSymbol? local = null;
        switch (count.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == count:
                // n = s.Read(...); or while ((n = s.Read(...)) > 0)
                local = target.Local;
                if (assignment.WalkUpConversions().Parent is not IExpressionStatementOperation && !IsZeroTest(assignment))
                {
                    return false;
                }

                break;
            default:
                if (!IsZeroTest(count))
                {
                    return false;
                }

                break;
        }

        var body = read.EnclosingBody();
        if (local is not null && !EveryUseIsZeroTest(local, body))
        {
            return false;
        }

        var buffer = ReceiveBuffers.SymbolsOf(bufferArgument.Value);
        if (buffer.Count == 0)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is IInvocationOperation { Arguments.Length: > 0 } parse
                && parse.Syntax.SpanStart > read.Syntax.Span.End
                && IsWholeValueParse(parse.TargetMethod, types)
                && ReceiveBuffers.References(parse.Arguments[0].Value, buffer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call, or its await (through ConfigureAwait), whose value is the count.</summary>
    private static IOperation? CountOf(IInvocationOperation read)
    {
        IOperation current = read.WalkUpConversions();
        if (read.TargetMethod.ReturnType.SpecialType == SpecialType.System_Int32)
        {
            return current;
        }

        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
        {
            current = configureAwait.WalkUpConversions();
        }

        if (current.Parent is IAwaitOperation awaited)
        {
            return awaited.WalkUpConversions();
        }

        // var receive = socket.ReceiveAsync(header, ...); ... await Task.WhenAny(receive, timeout); int n = await receive;
        ILocalSymbol? task = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current => target.Local,
            _ => null,
        };
        return task is null ? null : FirstAwaitOf(task, read);
    }

    /// <summary>The first <c>await task</c> (also through ConfigureAwait) after the read in the same body.</summary>
    private static IOperation? FirstAwaitOf(ILocalSymbol task, IInvocationOperation read)
    {
        IOperation? first = null;
        foreach (var operation in read.EnclosingBody().Descendants())
        {
            if (operation is IAwaitOperation awaited
                && awaited.Syntax.SpanStart > read.Syntax.Span.End
                && (first is null || awaited.Syntax.SpanStart < first.Syntax.SpanStart))
            {
                var awaitedValue = awaited.Operation.WalkDownConversions();
                if (awaitedValue is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } configured })
                {
                    awaitedValue = configured.WalkDownConversions();
                }

                if (awaitedValue is ILocalReferenceOperation reference && reference.Local.Is(task))
                {
                    first = awaited;
                }
            }
        }

        return first?.WalkUpConversions();
    }

    private static IArgumentOperation? BufferArgument(IInvocationOperation read)
    {
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter is { Ordinal: 0 } && ReceiveBuffers.IsByteSequence(argument.Parameter.Type))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>A read of a single byte (<c>count</c>/<c>size</c> is the constant 1) cannot be partial.</summary>
    private static bool RequestsOneByte(IInvocationOperation read)
    {
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter?.Name is "count" or "size"
                && argument.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int size } && size <= 1)
            {
                return true;
            }
        }

        return false;
    }

    private static bool EveryUseIsZeroTest(ILocalSymbol local, IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                if (assignment.WalkUpConversions().Parent is not IExpressionStatementOperation && !IsZeroTest(assignment))
                {
                    return false;
                }

                continue;
            }

            if (!IsZeroTest(reference))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>n == 0</c>, <c>n &lt;= 0</c>, <c>n &lt; 1</c>, <c>n &gt; 0</c>, <c>n != 0</c>, <c>n is 0</c>, <c>n is &lt;= 0</c> (either side).</summary>
    private static bool IsZeroTest(IOperation count)
    {
        var value = count.WalkUpConversions();
        switch (value.Parent)
        {
            case IBinaryOperation binary:
                var other = binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand;
                return binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                        or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                    && other.WalkDownConversions().ConstantValue is { HasValue: true, Value: int bound } && bound is 0 or 1 or -1;
            case IIsPatternOperation isPattern when isPattern.Value == value:
                return IsZeroPattern(isPattern.Pattern);
            default:
                return false;
        }
    }

    private static bool IsZeroPattern(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => constant.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: 0 },
        IRelationalPatternOperation relational => relational.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int bound } && bound is 0 or 1 or -1,
        INegatedPatternOperation negated => IsZeroPattern(negated.Pattern),
        _ => false,
    };

    /// <summary><c>BitConverter.ToInt16/32/64/UInt../Single/Double/Half/Char</c>, <c>BinaryPrimitives.Read*</c>: a value of several bytes.</summary>
    private static bool IsWholeValueParse(IMethodSymbol method, KnownTypes types)
    {
        if (method.ContainingType.Is(types.BitConverter))
        {
            return method.Name is "ToInt16" or "ToInt32" or "ToInt64" or "ToUInt16" or "ToUInt32" or "ToUInt64"
                or "ToSingle" or "ToDouble" or "ToHalf" or "ToChar" or "ToInt128" or "ToUInt128";
        }

        return method.ContainingType.Is(types.BinaryPrimitives) && method.Name.StartsWith("Read", System.StringComparison.Ordinal);
    }
}
