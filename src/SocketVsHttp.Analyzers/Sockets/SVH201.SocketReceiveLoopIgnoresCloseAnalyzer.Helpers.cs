using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH201 through a helper: <c>while (true) { var reply = Receive(); Broadcast(reply); }</c>, where <c>Receive()</c> (a method of the
/// same type, outside any loop) reads the connection once per call. When the caller's endless loop has no way out and the helper
/// neither throws nor closes, the loop spins after the close whatever the helper does with the 0: reported at the helper's read.
/// </summary>
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer
{
    private static void AnalyzeHelperRead(OperationAnalysisContext context, IInvocationOperation invocation, ReceiveCall read, TypeFactsCache<LoopCallers> loopCallers)
    {
        if (invocation.EnclosingFunction() is not null
            || context.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } helper
            || helper.ContainingType is not { } type
            || ThrowsOrCloses(invocation.MemberRoot()))
        {
            return;
        }

        // Cheap first: a count the helper hands back or passes to an exit call is the caller's business.
        var ignored = IgnoresClose(read.CountValue!);
        if (!ignored && !OnlyCompared(read.CountValue!, ZeroCountTests.DetectsClose))
        {
            return;
        }

        if (loopCallers.Get(type, invocation, context.Compilation, context.CancellationToken).CallerOf(helper) is not { } caller)
        {
            return;
        }

        var seen = (ignored ? "is never tested for 0" : "is tested") + ", and " + caller + "() calls this method from an endless loop with no way out";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH201, invocation.Syntax.GetLocation(), "count", read.DisplayName, seen, Spins));
    }

    /// <summary>The helper throws or closes somewhere (<c>if (n == 0) throw ...</c>, <c>client.Close()</c>): the caller's loop then ends.</summary>
    private static bool ThrowsOrCloses(IOperation body)
    {
        foreach (var operation in body.Descendants())
        {
            if (operation is IThrowOperation
                or IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" or "Shutdown" or "Abort" or "Exit" or "Stop" or "Disconnect" or "FailFast" })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An interactive loop (<c>Console.ReadLine()</c>, <c>ReadKey()</c>) waits for the user, not for the connection: it does not spin.</summary>
    private static bool WaitsForTheUser(ILoopOperation loop)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { IsStatic: true, ContainingType: { Name: "Console", ContainingNamespace.Name: "System" } } method }
                && method.Name.StartsWith("Read", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Which methods of a type are called directly in one of the type's loops that <c>counts</c> (endless with no way out,
    /// or long-lived), and by whom.
    /// </summary>
    private sealed class LoopCallers
    {
        private readonly Dictionary<IMethodSymbol, string> callers = new(SymbolEqualityComparer.Default);

        public string? CallerOf(IMethodSymbol helper) => callers.TryGetValue(helper.OriginalDefinition, out var caller) ? caller : null;

        public static LoopCallers Compute(INamedTypeSymbol type, ImmutableArray<IOperation> roots, System.Func<ILoopOperation, bool> counts)
        {
            var facts = new LoopCallers();
            foreach (var root in roots)
            {
                if (root.Syntax is not MethodDeclarationSyntax declaration || root.SemanticModel?.GetDeclaredSymbol(declaration) is not { } caller)
                {
                    continue;
                }

                foreach (var operation in root.Descendants())
                {
                    if (operation is not ILoopOperation loop || !counts(loop))
                    {
                        continue;
                    }

                    foreach (var inner in loop.Body.Descendants())
                    {
                        if (inner is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } target } call
                            && target.ContainingType.OriginalDefinition.Is(type)
                            && call.EnclosingFunction() == loop.EnclosingFunction()
                            && !facts.callers.ContainsKey(target.OriginalDefinition))
                        {
                            facts.callers.Add(target.OriginalDefinition, caller.Name);
                        }
                    }
                }
            }

            return facts;
        }
    }
}
