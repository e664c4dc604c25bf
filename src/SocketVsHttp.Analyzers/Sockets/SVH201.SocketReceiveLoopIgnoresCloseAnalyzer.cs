using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH201: inside a loop, the byte count of a socket / network-stream receive is used without ever being tested for 0
/// (0 = the peer closed; the loop then spins or processes nothing forever); or, in a loop that outlives the peer, the line from
/// <c>ReadLine()</c>/<c>ReadLineAsync()</c> on a reader over a network stream is used without being tested for null (the close).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH201);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.NetworkStream is null && types.SslStream is null)
            {
                return;
            }

            var loopCallers = new TypeFactsCache<LoopCallers>((type, roots) => LoopCallers.Compute(type, roots, static loop => NeverLeaves(loop) && !WaitsForTheUser(loop)));
            var lineCallers = new TypeFactsCache<LoopCallers>((type, roots) => LoopCallers.Compute(type, roots, loop => LongLivedLoops.IsLongLived(loop, types)));
            start.RegisterOperationAction(operation => AnalyzeInvocation(operation, types, loopCallers, lineCallers), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<LoopCallers> loopCallers, TypeFactsCache<LoopCallers> lineCallers)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var name = invocation.TargetMethod.Name;
        if (name is "ReadLine" or "ReadLineAsync")
        {
            AnalyzeLineRead(context, invocation, types, lineCallers);
            return;
        }

        if (name is not ("Read" or "ReadAsync") && !name.StartsWith("Receive", System.StringComparison.Ordinal))
        {
            AnalyzeLineHelperCall(context, invocation, types);
            return;
        }

        if (!ReceiveCalls.TryGetCountingRead(invocation, types, out var read)
            || read.IsDatagram
            || read.CountValue is null)
        {
            return;
        }

        if (RepeatingLoop(invocation) is null)
        {
            AnalyzeHelperRead(context, invocation, read, loopCallers);
            return;
        }

        if (SameConnectionLoop(invocation, types) is not { } loop
            || ZeroCountTests.DetectsCloseByPolling(loop, types)
            || IsPacedByConsoleAndWrites(loop))
        {
            return;
        }

        var seen = IgnoresClose(read.CountValue) ? "is never tested for 0"
            : NeverLeaves(loop) && OnlyCompared(read.CountValue, ZeroCountTests.DetectsClose) ? TestedButNoWayOut
            : null;
        if (seen is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH201, invocation.Syntax.GetLocation(), "count", read.DisplayName, seen, Spins));
        }
    }

    /// <summary>What the close does to a loop that ignores it: the usual case.</summary>
    private const string Spins = "when the peer closes, this loop spins or processes nothing forever";

    /// <summary>
    /// The value (stored in a local or used right there) is tested only by comparisons, patterns or switches: not handed to a
    /// call that decides an exit or throws on it, not returned. Such a test can only skip work, unless the loop has a way out.
    /// </summary>
    private static bool OnlyCompared(IOperation value, System.Func<IOperation, bool> isTest)
    {
        var use = value.WalkUpConversions();
        ISymbol? stored = use.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation assignment when assignment.Value == use => assignment.Target.ReferencedSymbol(),
            _ => null,
        };

        var compared = IsComparison(value, isTest) || (use.Parent is ISimpleAssignmentOperation storing && IsComparison(storing, isTest));
        if (stored is null)
        {
            return compared;
        }

        foreach (var operation in value.EnclosingBody().Descendants())
        {
            if (operation.ReferencedSymbol() is { } symbol && symbol.Is(stored) && isTest(operation))
            {
                if (!IsComparison(operation, isTest))
                {
                    return false;
                }

                compared = true;
            }
        }

        return compared;
    }

    private static bool IsComparison(IOperation value, System.Func<IOperation, bool> isTest) =>
        isTest(value) && value.WalkUpConversions().Parent is IBinaryOperation or IIsPatternOperation or ISwitchOperation or ISwitchExpressionOperation;

    /// <summary>The message part for a value that is tested in a loop that cannot end.</summary>
    private const string TestedButNoWayOut = "is tested, but this endless loop has no way out (no break, return or throw)";

    /// <summary>
    /// An endless loop (<c>while (true)</c>, <c>for (;;)</c>, <c>do { } while (true)</c>) with no way out: no <c>break</c> of this
    /// loop, no <c>return</c>, <c>throw</c>, <c>goto</c> or <c>yield break</c> in it (outside the lambdas in it), and no call that ends the connection
    /// or the program (<c>Close</c>, <c>Dispose</c>, <c>Shutdown</c>, <c>Abort</c>, <c>Exit</c>, <c>Stop</c>, <c>Disconnect</c>: the next
    /// read then throws). A close test there (<c>if (n &gt; 0) Process(...)</c>, <c>if (line != null) Handle(line)</c>) only skips the
    /// work: after the close the loop spins.
    /// </summary>
    private static bool NeverLeaves(ILoopOperation loop)
    {
        var condition = loop.Condition();
        if (loop is not (IWhileLoopOperation { ConditionIsUntil: false } or IForLoopOperation)
            || (condition is not null && condition.ConstantValue is not { HasValue: true, Value: true }))
        {
            return false;
        }

        var function = loop.EnclosingFunction();
        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                case IReturnOperation { IsImplicit: false } or IThrowOperation when operation.EnclosingFunction() == function:
                    // A return or throw inside a lambda in the loop (Parallel.ForEach(..., c => { ... })) does not leave it.
                case IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" or "Shutdown" or "Abort" or "Exit" or "Stop" or "Disconnect" or "FailFast" }:
                    return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The nearest loop that runs <paramref name="operation"/> on every iteration (body, condition, increment), within the same
    /// function. A <c>foreach</c> collection or a <c>for</c> initializer runs once and does not count.
    /// </summary>
    private static ILoopOperation? RepeatingLoop(IOperation operation)
    {
        var child = operation;
        for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IForLoopOperation forLoop when child == forLoop.Body || child == forLoop.Condition || forLoop.AtLoopBottom.Contains(child):
                    return forLoop;
                case IForEachLoopOperation forEachLoop when child == forEachLoop.Body:
                    return forEachLoop;
                case IWhileLoopOperation whileLoop when child == whileLoop.Body || child == whileLoop.Condition:
                    return whileLoop;
            }
        }

        return null;
    }

    /// <summary>True when the count produced by <paramref name="countValue"/> is used and never tested for 0.</summary>
    internal static bool IgnoresClose(IOperation countValue)
    {
        if (ZeroCountTests.DetectsClose(countValue))
        {
            return false;
        }

        var use = countValue.WalkUpConversions();
        switch (use.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return !ZeroCountTests.DetectsCloseAnywhere(declarator.Symbol, countValue.EnclosingBody());
            case ISimpleAssignmentOperation assignment when assignment.Value == use:
                if (ZeroCountTests.DetectsClose(assignment))
                {
                    return false;
                }

                // Discards are SVH202's business; array elements and properties are not followed (precision first).
                var stored = assignment.Target.ReferencedSymbol();
                return stored is not null && !ZeroCountTests.DetectsCloseAnywhere(stored, countValue.EnclosingBody());
            case ICompoundAssignmentOperation compound when compound.Value == use:
                // total += s.Read(...): a 0 leaves the total unchanged and a "read until filled" loop spins.
                return true;
            case IArgumentOperation:
                // Used inline (Process(buffer, s.Read(buffer))); calls that decide an exit were accepted above.
                return true;
            case IBinaryOperation:
                // Arithmetic on the count (offset + s.Read(...)); comparisons were accepted above.
                return true;
            default:
                return false;
        }
    }
}
