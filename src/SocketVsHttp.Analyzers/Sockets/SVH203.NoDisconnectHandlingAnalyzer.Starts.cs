using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH203 across types: a method started in the background by code of another type, whose task or thread nobody observes:
/// <c>ThreadPool.QueueUserWorkItem(new WaitCallback(chat.InitWork))</c>, <c>Task.Run(Reader.PumpAsync);</c>,
/// <c>_ = Task.Run(() =&gt; Reader.PumpAsync(stream));</c>, <c>new Thread(worker.Run)</c>.
/// </summary>
public sealed partial class NoDisconnectHandlingAnalyzer
{
    /// <summary>
    /// The compilation's unobserved starts, computed once, the first time a loop asks (a session loop with connection I/O in a
    /// non-private method its own type does not start): until then a compilation pays nothing.
    /// </summary>
    private sealed class CompilationStarts
    {
        private StartIndex? index;

        public string? HowStarted(IMethodSymbol method, IOperation from, Compilation compilation, CancellationToken cancellationToken)
        {
            var current = index;
            if (current is null)
            {
                // Computing twice under a race gives the same index; a cancelled computation throws and stores nothing.
                current = Interlocked.CompareExchange(ref index, StartIndex.Compute(from, compilation, cancellationToken), null) ?? index!;
            }

            return current.HowStarted(method);
        }
    }

    /// <summary>Methods handed (as a method group, or called by a lambda) to a thread or task starter whose failure nobody observes.</summary>
    private sealed class StartIndex
    {
        private readonly Dictionary<IMethodSymbol, List<(INamedTypeSymbol? Receiver, string How)>> started = new(SymbolEqualityComparer.Default);

        /// <summary>How <paramref name="method"/> (or the virtual method it overrides, started on an instance it can be) is started; null when it is not.</summary>
        public string? HowStarted(IMethodSymbol method)
        {
            var type = method.ContainingType;
            for (var current = method.OriginalDefinition; current is not null; current = current.OverriddenMethod?.OriginalDefinition)
            {
                if (!started.TryGetValue(current, out var starts))
                {
                    continue;
                }

                foreach (var (receiver, how) in starts)
                {
                    // A virtual started on a base-typed instance runs this override only when the instance can be of this type.
                    if (current.Is(method.OriginalDefinition) || receiver is null
                        || receiver.OriginalDefinition.IsOrDerivesFrom(type.OriginalDefinition) || type.OriginalDefinition.IsOrDerivesFrom(receiver.OriginalDefinition))
                    {
                        return how;
                    }
                }
            }

            return null;
        }

        public static StartIndex Compute(IOperation from, Compilation compilation, CancellationToken cancellationToken)
        {
            var types = KnownTypes.For(compilation);
            var index = new StartIndex();
            foreach (var tree in compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (!IsStarterSyntax(node))
                    {
                        continue;
                    }

                    model ??= TypeBodies.ModelFor(tree, from, compilation);
                    if (model.GetOperation(node, cancellationToken) is { } start)
                    {
                        index.AddStart(start, types);
                    }
                }
            }

            return index;
        }

        /// <summary>A cheap syntax filter: <c>X.Run(...)</c>, <c>X.StartNew(...)</c>, <c>X.QueueUserWorkItem(...)</c>, <c>new Thread(...)</c>.</summary>
        private static bool IsStarterSyntax(SyntaxNode node)
        {
            switch (node)
            {
                case InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } invocation:
                    var name = invocation.Expression switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        SimpleNameSyntax simple => simple.Identifier.ValueText,
                        _ => null,
                    };
                    return name is "Run" or "StartNew" or "QueueUserWorkItem" or "UnsafeQueueUserWorkItem";
                case ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } creation:
                    return creation.Type switch
                    {
                        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText == "Thread",
                        SimpleNameSyntax simple => simple.Identifier.ValueText == "Thread",
                        _ => false,
                    };
                default:
                    return false;
            }
        }

        private void AddStart(IOperation start, KnownTypes types)
        {
            var arguments = start switch
            {
                IInvocationOperation invocation => invocation.Arguments,
                IObjectCreationOperation creation => creation.Arguments,
                _ => default,
            };
            if (arguments.IsDefaultOrEmpty)
            {
                return;
            }

            foreach (var argument in arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is not IDelegateCreationOperation creation || !BackgroundWork.IsStartedUnobserved(creation, types))
                {
                    continue;
                }

                var how = (BackgroundWork.Starter(creation, types) == "a Thread" ? "is started on a Thread in " : "is run by " + BackgroundWork.Starter(creation, types) + " in ")
                    + Where(creation) + " of " + (start.SemanticModel?.GetEnclosingSymbol(start.Syntax.SpanStart)?.ContainingType?.Name ?? "another type");
                switch (creation.Target)
                {
                    case IMethodReferenceOperation reference:
                        Add(reference.Method, reference.Instance?.Type as INamedTypeSymbol, how);
                        break;
                    case IAnonymousFunctionOperation lambda:
                        // Every call the lambda makes itself runs on that thread or in that task (outside a try that catches the errors).
                        foreach (var operation in lambda.Body.Descendants())
                        {
                            if (operation is IInvocationOperation { TargetMethod.MethodKind: MethodKind.Ordinary } call
                                && call.EnclosingFunction() == lambda
                                && call.TargetMethod.DeclaringSyntaxReferences.Length > 0
                                && !ConnectionErrorCatches.IsInsideCatchingTry(call, types))
                            {
                                Add(call.TargetMethod, call.Instance?.Type as INamedTypeSymbol, how);
                            }
                        }

                        break;
                }
            }
        }

        private void Add(IMethodSymbol method, INamedTypeSymbol? receiver, string how)
        {
            var key = method.OriginalDefinition;
            if (!started.TryGetValue(key, out var starts))
            {
                started.Add(key, starts = new List<(INamedTypeSymbol?, string)>());
            }

            starts.Add((receiver, how));
        }
    }
}
