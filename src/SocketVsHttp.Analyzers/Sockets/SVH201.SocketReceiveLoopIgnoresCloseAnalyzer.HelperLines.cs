using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH201 for a line read by a helper: <c>Package Receive() { var data = reader.ReadLine(); return Package.Parse(data); }</c>,
/// outside any loop, called from a long-lived loop of the same type (<see cref="LongLivedLoops.IsLongLived"/>). When the line is
/// never tested for null and is dereferenced or handed to a method (a parser), the close throws in the helper instead of ending the
/// caller's loop. Reported at the helper's read. A helper that throws or closes somewhere, or only logs or prints the line, is silent.
/// </summary>
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer
{
    private static void AnalyzeHelperLine(OperationAnalysisContext context, IInvocationOperation invocation, IOperation lineValue, string displayName, TypeFactsCache<LoopCallers> lineCallers)
    {
        // reader.ReadLine()!: the author states the close cannot reach here (a throw on null is the intended way out).
        if (invocation.EnclosingFunction() is not null
            || invocation.Syntax.Parent is PostfixUnaryExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SuppressNullableWarningExpression }
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } helper
            || helper.ContainingType is not { } type
            || !IgnoresNullLine(lineValue)
            || !(IsDereferenced(lineValue) || HandedToAMethod(lineValue))
            || ThrowsOrCloses(invocation.MemberRoot()))
        {
            return;
        }

        if (lineCallers.Get(type, invocation, context.Compilation, context.CancellationToken).CallerOf(helper) is not { } caller)
        {
            return;
        }

        var seen = "is never tested for null, and " + caller + "() calls this method from a long-lived loop";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH201, invocation.Syntax.GetLocation(), "line", displayName, seen, ThrowsInHelper));
    }

    private const string ThrowsInHelper = "when the peer closes, the null line throws in this method instead of ending that loop";

    /// <summary>
    /// The line (or the local holding it) is an argument of a call (bound, or a call that does not bind: a type the build cannot
    /// see): a parser throws on null. Calls that take any text, null included (Console, Debug, Trace, string, StringBuilder,
    /// loggers: <c>Log*</c>, <c>Write*</c>, <c>Print*</c>...), do not count.
    /// </summary>
    private static bool HandedToAMethod(IOperation lineValue)
    {
        var use = lineValue.WalkUpConversions();
        if (IsParsedArgument(use))
        {
            return true;
        }

        ISymbol? stored = use.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == use => assignment.Target.ReferencedSymbol(),
            _ => null,
        };
        if (stored is not ILocalSymbol)
        {
            return false;
        }

        foreach (var operation in lineValue.EnclosingBody().Descendants())
        {
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(stored) && IsParsedArgument(reference.WalkUpConversions()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsParsedArgument(IOperation value)
    {
        switch (value.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation call }:
                return !TakesAnyText(call.TargetMethod);
            case IArgumentOperation { Parent: IObjectCreationOperation }:
                return false;
            case IInvalidOperation invalid when invalid.Syntax is InvocationExpressionSyntax { Expression: var callee }:
                var name = callee switch
                {
                    MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                    IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                    _ => null,
                };
                return name is not null && !IsTextSinkName(name) && !IsTextSinkType(callee is MemberAccessExpressionSyntax access ? access.Expression.ToString() : string.Empty);
            default:
                return false;
        }
    }

    private static bool TakesAnyText(IMethodSymbol method)
    {
        if (IsTextSinkName(method.Name))
        {
            return true;
        }

        var type = method.ContainingType;
        if (type is null)
        {
            return true;
        }

        if (type.SpecialType == SpecialType.System_String || type.Name is "StringBuilder" or "Console" or "Debug" or "Trace")
        {
            return true;
        }

        return IsTextSinkType(type.Name);
    }

    private static bool IsTextSinkName(string name) =>
        name.StartsWith("Log", System.StringComparison.Ordinal) || name.StartsWith("Write", System.StringComparison.Ordinal)
        || name.StartsWith("Print", System.StringComparison.Ordinal) || name.StartsWith("Debug", System.StringComparison.Ordinal)
        || name.StartsWith("Trace", System.StringComparison.Ordinal) || name.StartsWith("Info", System.StringComparison.Ordinal)
        || name.StartsWith("Warn", System.StringComparison.Ordinal) || name.StartsWith("Error", System.StringComparison.Ordinal)
        || name.StartsWith("Append", System.StringComparison.Ordinal) || name.StartsWith("Add", System.StringComparison.Ordinal)
        || name.StartsWith("Enqueue", System.StringComparison.Ordinal) || name.StartsWith("Equals", System.StringComparison.Ordinal)
        || name is "Concat" or "Format" or "Join" or "IsNullOrEmpty" or "IsNullOrWhiteSpace" or "Invoke" or "Raise" or "OnMessage";

    private static bool IsTextSinkType(string name) =>
        name is "Console" or "Debug" or "Trace" or "string" or "String" or "StringBuilder"
        || name.EndsWith("Logger", System.StringComparison.Ordinal) || name.EndsWith("Log", System.StringComparison.Ordinal);
}
