using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH203: a long-lived receive/send loop on a socket, network stream or WebSocket that runs in the background (thread,
/// <c>Task.Run</c>, <c>async void</c>, <c>BackgroundService</c>, fire-and-forget, or an endless/until-cancelled loop) with no
/// catch for connection errors around it, and no caller in the same type that wraps the call in one.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoDisconnectHandlingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the exception families the fix catches, e.g. "Socket,Stream".</summary>
    public const string FamiliesProperty = "Families";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH203);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.NetworkStream is null && types.WebSocket is null)
            {
                return;
            }

            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var state = new TypeState((INamedTypeSymbol)symbolStart.Symbol);
                    symbolStart.RegisterOperationAction(c => state.OnInvocation(c, types), OperationKind.Invocation);
                    symbolStart.RegisterOperationAction(c => state.OnDelegateCreation(c, types), OperationKind.DelegateCreation);
                    symbolStart.RegisterSymbolEndAction(c => state.Report(c, types));
                },
                SymbolKind.NamedType);
        });
    }

    /// <summary>What one type's code says about its loops and how its methods are called. Thread-safe.</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol type;
        private readonly object gate = new();
        private readonly Dictionary<ILoopOperation, LoopFinding> loops = new();
        private readonly HashSet<IMethodSymbol> startedInBackground = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> calledInsideCatch = new(SymbolEqualityComparer.Default);

        public TypeState(INamedTypeSymbol type) => this.type = type;

        public void OnInvocation(OperationAnalysisContext context, KnownTypes types)
        {
            if (!IsOwnCode(context.ContainingSymbol))
            {
                return;
            }

            var invocation = (IInvocationOperation)context.Operation;
            if (ConnectionIoCalls.TryGet(invocation, types, out var call))
            {
                OnIoCall(call, context.ContainingSymbol, types);
                return;
            }

            var target = invocation.TargetMethod;
            if (target.MethodKind != MethodKind.LocalFunction && !target.ContainingType.OriginalDefinition.Is(type.OriginalDefinition))
            {
                return;
            }

            var key = target.OriginalDefinition;
            var insideCatch = ConnectionErrorCatches.IsInsideCatchingTry(invocation, types);
            var background = IsRunInBackground(invocation, context.ContainingSymbol as IMethodSymbol, types) || IsFireAndForget(invocation, types);
            lock (gate)
            {
                if (insideCatch)
                {
                    calledInsideCatch.Add(key);
                }

                if (background)
                {
                    startedInBackground.Add(key);
                }
            }
        }

        public void OnDelegateCreation(OperationAnalysisContext context, KnownTypes types)
        {
            var creation = (IDelegateCreationOperation)context.Operation;
            if (!IsOwnCode(context.ContainingSymbol)
                || creation.Target is not IMethodReferenceOperation { Method: var method }
                || !BackgroundWork.IsStartedInBackground(creation, types))
            {
                return;
            }

            lock (gate)
            {
                startedInBackground.Add(method.OriginalDefinition);
            }
        }

        public void Report(SymbolAnalysisContext context, KnownTypes types)
        {
            List<LoopFinding> findings;
            lock (gate)
            {
                findings = new List<LoopFinding>(loops.Values);
            }

            foreach (var finding in findings)
            {
                if (!IsBackground(finding, types) || IsWrappedByCaller(finding))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(FamiliesProperty, FamiliesText(finding.Families));
                var additional = finding.Connection is null ? null : new[] { finding.Connection.Syntax.GetLocation() };
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SVH203,
                    LoopKeywordLocation(finding.Loop),
                    additional,
                    properties,
                    finding.HasReceive ? "receive" : "send"));
            }
        }

        /// <summary>Code of this type itself (nested types report to their own state).</summary>
        private bool IsOwnCode(ISymbol symbol) =>
            symbol.ContainingType is { } containing && containing.OriginalDefinition.Is(type.OriginalDefinition);

        private void OnIoCall(ConnectionIoCall call, ISymbol member, KnownTypes types)
        {
            var loop = InnermostLongLivedLoop(call.Invocation, types);
            if (loop is null || ConnectionErrorCatches.IsInsideCatchingTry(call.Invocation, types))
            {
                return;
            }

            var connection = ConnectionReference(call.Invocation.Instance);
            lock (gate)
            {
                if (!loops.TryGetValue(loop, out var finding))
                {
                    finding = new LoopFinding(loop, member, connection);
                    loops.Add(loop, finding);
                }
                else if (finding.Connection is not null && (connection is null || !SameSymbol(finding.Connection, connection)))
                {
                    finding.ConnectionIsAmbiguous = true;
                }

                finding.HasReceive |= call.IsReceive;
                finding.Families |= call.Family;
            }
        }

        private bool IsBackground(LoopFinding finding, KnownTypes types)
        {
            if (IsEndlessOrUntilCancelled(finding.Loop, types))
            {
                return true;
            }

            switch (finding.Loop.EnclosingFunction())
            {
                case IAnonymousFunctionOperation lambda:
                    return BackgroundWork.IsAsyncVoid(lambda.Symbol) || BackgroundWork.IsStartedInBackground(lambda, types);
                case ILocalFunctionOperation localFunction:
                    return IsBackgroundMethod(localFunction.Symbol, types);
                default:
                    return finding.Member is IMethodSymbol member && IsBackgroundMethod(member, types);
            }
        }

        private bool IsBackgroundMethod(IMethodSymbol method, KnownTypes types)
        {
            if (BackgroundWork.IsAsyncVoid(method) || BackgroundWork.IsBackgroundServiceExecute(method, types))
            {
                return true;
            }

            lock (gate)
            {
                return startedInBackground.Contains(method.OriginalDefinition);
            }
        }

        private bool IsWrappedByCaller(LoopFinding finding)
        {
            var function = finding.Loop.EnclosingFunction() switch
            {
                ILocalFunctionOperation localFunction => localFunction.Symbol,
                IAnonymousFunctionOperation => null,
                _ => finding.Member as IMethodSymbol,
            };
            if (function is null)
            {
                return false;
            }

            lock (gate)
            {
                return calledInsideCatch.Contains(function.OriginalDefinition);
            }
        }
    }

    private sealed class LoopFinding
    {
        private IOperation? connection;

        public LoopFinding(ILoopOperation loop, ISymbol member, IOperation? connection)
        {
            Loop = loop;
            Member = member;
            this.connection = connection;
        }

        public ILoopOperation Loop { get; }

        /// <summary>The member whose body holds the loop (for top-level statements, <c>&lt;Main&gt;$</c>).</summary>
        public ISymbol Member { get; }

        public bool HasReceive { get; set; }

        public ConnectionFamily Families { get; set; }

        /// <summary>The one local/field/parameter every I/O call of the loop goes through, or null.</summary>
        public IOperation? Connection => ConnectionIsAmbiguous ? null : connection;

        public bool ConnectionIsAmbiguous { get; set; }
    }

    /// <summary>The nearest long-lived loop around <paramref name="operation"/> in the same function.</summary>
    private static ILoopOperation? InnermostLongLivedLoop(IOperation operation, KnownTypes types)
    {
        for (var loop = operation.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
        {
            if (loop is IWhileLoopOperation or IForLoopOperation && LongLivedLoops.IsLongLived(loop, types))
            {
                return loop;
            }
        }

        return null;
    }

    /// <summary><c>while (true)</c>, <c>for (;;)</c>, <c>do { } while (true)</c>, <c>while (!ct.IsCancellationRequested)</c> (and conjunctions of these).</summary>
    private static bool IsEndlessOrUntilCancelled(ILoopOperation loop, KnownTypes types)
    {
        var condition = loop switch
        {
            IWhileLoopOperation { ConditionIsUntil: false } whileLoop => whileLoop.Condition,
            IForLoopOperation forLoop => forLoop.Condition,
            _ => null,
        };
        return condition is null || IsEndlessCondition(condition, types);
    }

    private static bool IsEndlessCondition(IOperation condition, KnownTypes types)
    {
        var value = condition.WalkDownConversions();
        if (value.ConstantValue.HasValue && value.ConstantValue.Value is true)
        {
            return true;
        }

        return value switch
        {
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } and =>
                IsEndlessCondition(and.LeftOperand, types) && IsEndlessCondition(and.RightOperand, types),
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not =>
                not.Operand.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" } property
                && (property.Property.ContainingType.Is(types.CancellationToken) || property.Property.ContainingType.IsOrDerivesFrom(types.CancellationTokenSource)),
            _ => false,
        };
    }

    /// <summary>Runs in a lambda handed to a thread/task starter, or an <c>async void</c> function.</summary>
    private static bool IsRunInBackground(IOperation operation, IMethodSymbol? member, KnownTypes types)
    {
        switch (operation.EnclosingFunction())
        {
            case IAnonymousFunctionOperation lambda:
                return BackgroundWork.IsAsyncVoid(lambda.Symbol) || BackgroundWork.IsStartedInBackground(lambda, types);
            case ILocalFunctionOperation localFunction:
                return BackgroundWork.IsAsyncVoid(localFunction.Symbol);
            default:
                return BackgroundWork.IsAsyncVoid(member);
        }
    }

    /// <summary><c>PumpAsync(ct);</c> or <c>_ = PumpAsync(ct);</c>: the task and its exception are dropped.</summary>
    private static bool IsFireAndForget(IInvocationOperation invocation, KnownTypes types)
    {
        var returnType = invocation.TargetMethod.ReturnType;
        if (!returnType.IsOrDerivesFrom(types.Task) && !returnType.OriginalDefinition.Is(types.ValueTask) && !returnType.OriginalDefinition.Is(types.ValueTask1))
        {
            return false;
        }

        var use = invocation.WalkUpConversions();
        return use.Parent switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation { Target: IDiscardOperation } assignment => assignment.Value == use,
            _ => false,
        };
    }

    /// <summary>The receiver when it is a plain local, parameter or field (<c>stream</c>, <c>_socket</c>, <c>this.ws</c>).</summary>
    private static IOperation? ConnectionReference(IOperation? instance)
    {
        var value = instance?.WalkDownConversions();
        return value switch
        {
            ILocalReferenceOperation or IParameterReferenceOperation => value,
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } => value,
            _ => null,
        };
    }

    private static bool SameSymbol(IOperation left, IOperation right) => ReferencedSymbol(left).Is(ReferencedSymbol(right));

    private static ISymbol? ReferencedSymbol(IOperation operation) => operation switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    private static string FamiliesText(ConnectionFamily families)
    {
        var parts = new List<string>(3);
        foreach (var family in new[] { ConnectionFamily.Socket, ConnectionFamily.Stream, ConnectionFamily.WebSocket })
        {
            if ((families & family) != 0)
            {
                parts.Add(family.ToString());
            }
        }

        return string.Join(",", parts);
    }

    private static Location LoopKeywordLocation(ILoopOperation loop) => loop.Syntax switch
    {
        WhileStatementSyntax whileStatement => whileStatement.WhileKeyword.GetLocation(),
        DoStatementSyntax doStatement => doStatement.DoKeyword.GetLocation(),
        ForStatementSyntax forStatement => forStatement.ForKeyword.GetLocation(),
        _ => loop.Syntax.GetLocation(),
    };
}
