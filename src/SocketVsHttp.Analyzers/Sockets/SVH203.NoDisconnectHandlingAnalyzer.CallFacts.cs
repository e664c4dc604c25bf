using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH203: what a type's own code says about its methods (started in the background, called inside a catch, doing I/O).</summary>
public sealed partial class NoDisconnectHandlingAnalyzer
{
    /// <summary>How a type calls its own methods and local functions, and which of them do connection I/O, from all of its code (nested types excluded).</summary>
    private sealed class CallFacts
    {
        private readonly INamedTypeSymbol type;

        /// <summary>Started on a thread/task, called from <c>async void</c> or background code, or fired and forgotten: how, for the message.</summary>
        private readonly Dictionary<IMethodSymbol, string> startedInBackground = new(SymbolEqualityComparer.Default);

        /// <summary>Called (synchronously or awaited, outside a catching try) inside an accept loop of the type, or from such a method: how, for the message.</summary>
        private readonly Dictionary<IMethodSymbol, (string How, string Owner)> servedByAcceptLoop = new(SymbolEqualityComparer.Default);

        /// <summary>Called at least once inside a try that catches connection errors.</summary>
        private readonly HashSet<IMethodSymbol> calledInsideCatch = new(SymbolEqualityComparer.Default);

        /// <summary>Calls a method of the type makes to others, directly in its body and outside a catching try.</summary>
        private readonly List<(IMethodSymbol Caller, IMethodSymbol Callee)> calls = new();

        private CallFacts(INamedTypeSymbol type) => this.type = type;

        public string? HowStartedInBackground(IMethodSymbol method) => startedInBackground.TryGetValue(method.OriginalDefinition, out var how) ? how : null;

        public string? HowServedByAcceptLoop(IMethodSymbol method) => servedByAcceptLoop.TryGetValue(method.OriginalDefinition, out var served) ? served.How : null;

        public bool IsCalledInsideCatch(IMethodSymbol method) => calledInsideCatch.Contains(method.OriginalDefinition);

        public static CallFacts Compute(INamedTypeSymbol type, ImmutableArray<IOperation> roots, KnownTypes types)
        {
            var facts = new CallFacts(type);
            var backgroundRoots = new List<IMethodSymbol>();
            foreach (var root in roots)
            {
                var member = root.Syntax is MethodDeclarationSyntax declaration ? root.SemanticModel?.GetDeclaredSymbol(declaration) : null;
                if (member is not null && (BackgroundWork.IsAsyncVoid(member) || BackgroundWork.IsBackgroundServiceExecute(member, types)))
                {
                    backgroundRoots.Add(member.OriginalDefinition);
                }

                foreach (var operation in root.Descendants())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            facts.AddCall(invocation, member, types);
                            break;
                        case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } creation
                            when BackgroundWork.Starter(creation, types) is { } starter:
                            facts.Mark(method, (starter == "a Thread" ? "is started on a Thread in " : "is run by " + starter + " in ") + Where(creation));
                            break;
                    }
                }
            }

            facts.PropagateToCallees(backgroundRoots);
            facts.PropagateAcceptLoops();
            return facts;
        }

        private void Mark(IMethodSymbol method, string how)
        {
            var key = method.OriginalDefinition;
            if (!startedInBackground.ContainsKey(key))
            {
                startedInBackground.Add(key, how);
            }
        }

        private void AddCall(IInvocationOperation invocation, IMethodSymbol? member, KnownTypes types)
        {
            var target = invocation.TargetMethod;
            if (ConnectionIoCalls.TryGet(invocation, types, out _))
            {
                // Connection I/O is no call of the type's own (what helpers do I/O: HelperIo, from each helper's body).
                return;
            }

            if (target.MethodKind != MethodKind.LocalFunction && !target.ContainingType.OriginalDefinition.Is(type))
            {
                return;
            }

            if (ConnectionErrorCatches.IsInsideCatchingTry(invocation, types))
            {
                calledInsideCatch.Add(target.OriginalDefinition);
                return;
            }

            if (HowRunInBackground(invocation, member, types) is { } how)
            {
                Mark(target, how);
            }
            else if (IsFireAndForget(invocation, types))
            {
                Mark(target, "is fired and forgotten in " + Where(invocation));
            }
            else if (invocation.EnclosingFunction() is null && invocation.EnclosingLoop() is { } loop
                && (IsAcceptLoop(loop, types) ? loop : AcceptLoopAround(loop, types)) is { } acceptLoop
                && !servedByAcceptLoop.ContainsKey(target.OriginalDefinition))
            {
                var owner = Where(acceptLoop);
                servedByAcceptLoop.Add(target.OriginalDefinition, ("is called inside the accept loop of " + owner, owner));
            }

            if (member is not null && invocation.EnclosingFunction() is null && !target.OriginalDefinition.Is(member.OriginalDefinition))
            {
                calls.Add((member.OriginalDefinition, target.OriginalDefinition));
            }
        }

        /// <summary>A method called (outside a catching try) by a method an accept loop calls runs inside that accept loop too.</summary>
        private void PropagateAcceptLoops()
        {
            if (calls.Count == 0 || servedByAcceptLoop.Count == 0)
            {
                return;
            }

            var pending = new Queue<IMethodSymbol>(servedByAcceptLoop.Keys);
            var seen = new HashSet<IMethodSymbol>(pending, SymbolEqualityComparer.Default);
            while (pending.Count > 0)
            {
                var caller = pending.Dequeue();
                foreach (var (from, callee) in calls)
                {
                    if (from.Is(caller) && seen.Add(callee) && !servedByAcceptLoop.ContainsKey(callee))
                    {
                        var owner = servedByAcceptLoop[caller].Owner;
                        servedByAcceptLoop.Add(callee, ("is called from " + caller.Name + "(), which runs inside the accept loop of " + owner + ",", owner));
                        pending.Enqueue(callee);
                    }
                }
            }
        }

        /// <summary>A method called (outside a catching try) by background code of the type runs in the background too.</summary>
        private void PropagateToCallees(List<IMethodSymbol> backgroundRoots)
        {
            if (calls.Count == 0)
            {
                return;
            }

            var pending = new Queue<IMethodSymbol>(backgroundRoots);
            foreach (var started in startedInBackground.Keys)
            {
                pending.Enqueue(started);
            }

            var seen = new HashSet<IMethodSymbol>(pending, SymbolEqualityComparer.Default);
            while (pending.Count > 0)
            {
                var caller = pending.Dequeue();
                foreach (var (from, callee) in calls)
                {
                    if (from.Is(caller) && seen.Add(callee))
                    {
                        Mark(callee, "is called from " + caller.Name + "(), which runs in the background,");
                        pending.Enqueue(callee);
                    }
                }
            }
        }
    }
}
