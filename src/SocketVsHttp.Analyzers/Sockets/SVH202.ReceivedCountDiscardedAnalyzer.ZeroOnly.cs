using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// The count is kept but plays no part in how much of the buffer is used: it is only compared with 0 (the close test),
/// logged (an interpolated or concatenated string), used to size or copy a side copy (<c>new byte[n]</c>,
/// <c>Array.Copy(..., n)</c>) or to resize the buffer (<c>Array.Resize(ref buffer, n)</c>), and the buffer itself is then
/// used as if the read filled it: parsed as a whole fixed-size header (<c>BitConverter.ToInt32(header, 0)</c>,
/// <c>BinaryPrimitives.ReadInt32BigEndian(header)</c>), read at fixed offsets past the first byte (<c>frame[7]</c>), handed
/// to a method of the compilation that parses that parameter as a header, or, when it was allocated for exactly the
/// requested size (<c>frame = new byte[length]; Read(frame, 0, length)</c>), handed on whole. A read that returns part of
/// it passes and stale bytes are parsed. A count that is compared with anything else (the requested size), added up,
/// passed on (as a length or slice) is the code's own check: silent.
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    /// <summary>What the diagnostic says about the count (the message's second argument).</summary>
    private const string Discarded = "discarded";

    [System.Flags]
    private enum CountUses
    {
        None = 0,
        ZeroTest = 1,
        Logged = 2,
        Copy = 4,
        Resize = 8,
    }

    /// <summary>The message's description of a kept count that is only used incidentally, or null when the count is really used.</summary>
    private static string? CountOnlyIncidentalBeforeParse(IInvocationOperation read, KnownTypes types)
    {
        if (RequestsOneByte(read) || BufferArgument(read) is not { } bufferArgument || CountOf(read) is not { } count)
        {
            return null;
        }

        ILocalSymbol? local = null;
        var uses = CountUses.None;
        switch (count.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == count:
                // n = s.Read(...); or while ((n = s.Read(...)) > 0)
                local = target.Local;
                if (assignment.WalkUpConversions().Parent is not IExpressionStatementOperation)
                {
                    if (!IsZeroTest(assignment))
                    {
                        return null;
                    }

                    uses = CountUses.ZeroTest;
                }

                break;
            default:
                if (!IsZeroTest(count))
                {
                    return null;
                }

                uses = CountUses.ZeroTest;
                break;
        }

        var body = read.EnclosingBody();
        if (local is not null)
        {
            if (IncidentalUses(local, body) is not { } localUses)
            {
                return null;
            }

            uses |= localUses;
        }

        var buffer = ReceiveBuffers.SymbolsOf(bufferArgument.Value);
        if (buffer.Count == 0 || uses == CountUses.None || WholeUseAfter(read, buffer, body, types) is not { } whole)
        {
            return null;
        }

        return "only " + Describe(uses) + " before the buffer is " + whole;
    }

    private static string Describe(CountUses uses)
    {
        var parts = new System.Collections.Generic.List<string>(4);
        if ((uses & CountUses.ZeroTest) != 0)
        {
            parts.Add("compared with 0");
        }

        if ((uses & CountUses.Logged) != 0)
        {
            parts.Add("logged");
        }

        if ((uses & CountUses.Copy) != 0)
        {
            parts.Add("used to size a copy");
        }

        if ((uses & CountUses.Resize) != 0)
        {
            parts.Add("used to resize the buffer");
        }

        return parts.Count == 1 ? parts[0] : string.Join(", ", parts.GetRange(0, parts.Count - 1)) + " and " + parts[parts.Count - 1];
    }

    /// <summary>
    /// How the buffer is used after the read as if it were full, in the words of the message; null when it is not.
    /// </summary>
    private static string? WholeUseAfter(IInvocationOperation read, System.Collections.Generic.HashSet<ISymbol> buffer, IOperation body, KnownTypes types)
    {
        var exact = AllocatedForRequestedSize(read, buffer, body);
        string? found = null;
        foreach (var operation in body.Descendants())
        {
            if (operation.Syntax.SpanStart <= read.Syntax.Span.End)
            {
                continue;
            }

            switch (operation)
            {
                case IInvocationOperation { Arguments.Length: > 0 } parse when IsWholeValueParse(parse.TargetMethod, types)
                    && ReceiveBuffers.References(parse.Arguments[0].Value, buffer):
                    return "parsed as a whole header";
                case IArrayElementReferenceOperation { Indices.Length: 1 } element
                    when element.Indices[0].WalkDownConversions().ConstantValue is { HasValue: true, Value: int index } && index >= 1
                    && element.ArrayReference.ReferencedSymbol() is { } array && buffer.Contains(array)
                    && !(element.Parent is ISimpleAssignmentOperation assignment && assignment.Target == element):
                    found ??= "read at fixed offsets";
                    break;
                case IInvocationOperation call when !IsCopyOrResize(call.TargetMethod):
                    foreach (var argument in call.Arguments)
                    {
                        if (argument.Parameter is not { } parameter
                            || argument.Value.ReferencedSymbol() is not { } passed || !buffer.Contains(passed))
                        {
                            continue;
                        }

                        if (ParsesParameterAsHeader(call.TargetMethod, parameter.Name))
                        {
                            found ??= "parsed as a whole header by '" + call.TargetMethod.Name + "'";
                        }
                        else if (exact)
                        {
                            found ??= "used as if the read filled it";
                        }
                    }

                    break;
            }
        }

        return found;
    }

    /// <summary>
    /// The buffer was assigned <c>new byte[x]</c> earlier in the body, and the read asks for <c>x</c> bytes (the same local,
    /// parameter, field or constant): it was sized for one message, so handing it on whole assumes the read filled it.
    /// </summary>
    private static bool AllocatedForRequestedSize(IInvocationOperation read, System.Collections.Generic.HashSet<ISymbol> buffer, IOperation body)
    {
        IOperation? requested = null;
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter?.Name is "count" or "size")
            {
                requested = argument.Value.WalkDownConversions();
            }
        }

        if (requested is null)
        {
            return false;
        }

        foreach (var operation in body.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Value: IArrayCreationOperation { DimensionSizes.Length: 1 } creation } assignment
                && assignment.Syntax.Span.End <= read.Syntax.SpanStart
                && assignment.Target.ReferencedSymbol() is { } target && buffer.Contains(target)
                && SameValue(creation.DimensionSizes[0].WalkDownConversions(), requested))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameValue(IOperation first, IOperation second)
    {
        if (first.ConstantValue is { HasValue: true } a && second.ConstantValue is { HasValue: true } b)
        {
            return Equals(a.Value, b.Value);
        }

        return first.ReferencedSymbol() is { } x && second.ReferencedSymbol() is { } y && x.Is(y);
    }

    /// <summary>
    /// A method written in source whose body parses <paramref name="parameter"/> with <c>BitConverter.To*</c> or
    /// <c>BinaryPrimitives.Read*</c> (a message decoder reading the header fields).
    /// </summary>
    private static bool ParsesParameterAsHeader(IMethodSymbol method, string parameter)
    {
        foreach (var body in SourceBodies.Of(method))
        {
            foreach (var node in body.DescendantNodes())
            {
                if (node is InvocationExpressionSyntax
                    {
                        Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner } access,
                        ArgumentList.Arguments: { Count: > 0 } arguments,
                    }
                    && ((owner.Identifier.ValueText == "BitConverter" && access.Name.Identifier.ValueText.StartsWith("To", System.StringComparison.Ordinal))
                        || (owner.Identifier.ValueText == "BinaryPrimitives" && access.Name.Identifier.ValueText.StartsWith("Read", System.StringComparison.Ordinal)))
                    && arguments[0].Expression is IdentifierNameSyntax argument && argument.Identifier.ValueText == parameter)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>Array.Copy</c>, <c>Array.ConstrainedCopy</c>, <c>Array.Resize</c>, <c>Buffer.BlockCopy</c>.</summary>
    private static bool IsCopyOrResize(IMethodSymbol method) =>
        (method.ContainingType.SpecialType == SpecialType.System_Array && method.Name is "Copy" or "ConstrainedCopy" or "Resize")
        || (method.Name == "BlockCopy" && method.ContainingType is { Name: "Buffer", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } });

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

    /// <summary>What every use of the count local is (null when one of them really uses it).</summary>
    private static CountUses? IncidentalUses(ILocalSymbol local, IOperation body)
    {
        var uses = CountUses.None;
        foreach (var operation in body.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                if (assignment.WalkUpConversions().Parent is not IExpressionStatementOperation)
                {
                    if (!IsZeroTest(assignment))
                    {
                        return null;
                    }

                    uses |= CountUses.ZeroTest;
                }

                continue;
            }

            if (IsZeroTest(reference))
            {
                uses |= CountUses.ZeroTest;
            }
            else if (IncidentalUse(reference) is { } use)
            {
                uses |= use;
            }
            else
            {
                return null;
            }
        }

        return uses;
    }

    /// <summary>Logged (an interpolation hole, a string concatenation, ToString), the size of a new array, the length of a copy, a resize.</summary>
    private static CountUses? IncidentalUse(IOperation reference)
    {
        var value = reference.WalkUpConversions();
        switch (value.Parent)
        {
            case IInterpolationOperation:
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String }:
            case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0 } toString when toString.Instance == value:
                return CountUses.Logged;
            case IArrayCreationOperation creation when creation.DimensionSizes.Contains(value):
                return CountUses.Copy;
            case IArgumentOperation { Parent: IInvocationOperation call, Parameter.Name: var name } when IsCopyOrResize(call.TargetMethod):
                return call.TargetMethod.Name == "Resize" ? (name == "newSize" ? CountUses.Resize : null)
                    : name is "length" or "count" ? CountUses.Copy : null;
            default:
                return null;
        }
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
