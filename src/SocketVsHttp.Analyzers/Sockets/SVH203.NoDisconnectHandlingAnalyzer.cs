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

            var callFacts = new TypeFactsCache<CallFacts>((type, roots) => CallFacts.Compute(type, roots, types));
            start.RegisterOperationAction(c => AnalyzeLoop(c, types, callFacts), OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<CallFacts> callFacts)
    {
        var loop = (ILoopOperation)context.Operation;
        if (loop is not (IWhileLoopOperation or IForLoopOperation)
            || context.ContainingSymbol.ContainingType is not { } type
            || !LongLivedLoops.IsLongLived(loop, types)
            || LoopIo.Find(loop, types) is not { } io)
        {
            return;
        }

        // The function the loop runs in, as callers name it: a local function or the member; null for a lambda.
        var enclosing = loop.EnclosingFunction();
        var function = enclosing switch
        {
            ILocalFunctionOperation localFunction => localFunction.Symbol,
            IAnonymousFunctionOperation => null,
            _ => context.ContainingSymbol as IMethodSymbol,
        };

        CallFacts? facts = null;
        CallFacts Facts() => facts ??= callFacts.Get(type, loop, context.Compilation, context.CancellationToken);

        var background = IsEndlessOrUntilCancelled(loop, types) || enclosing switch
        {
            IAnonymousFunctionOperation lambda => BackgroundWork.IsAsyncVoid(lambda.Symbol) || BackgroundWork.IsStartedInBackground(lambda, types),
            _ => function is not null
                && (BackgroundWork.IsAsyncVoid(function)
                    || BackgroundWork.IsBackgroundServiceExecute(function, types)
                    || Facts().IsStartedInBackground(function)),
        };
        if (!background || (function is not null && Facts().IsCalledInsideCatch(function)))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(FamiliesProperty, FamiliesText(io.Families));
        var additional = io.Connection is null ? null : new[] { io.Connection.Syntax.GetLocation() };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH203,
            LoopKeywordLocation(loop),
            additional,
            properties,
            io.HasReceive ? "receive" : "send"));
    }

    /// <summary>How a type calls its own methods and local functions, from all of its code (nested types excluded).</summary>
    private sealed class CallFacts
    {
        private readonly INamedTypeSymbol type;

        /// <summary>Started on a thread/task, called from <c>async void</c> or background code, or fired and forgotten.</summary>
        private readonly HashSet<IMethodSymbol> startedInBackground = new(SymbolEqualityComparer.Default);

        /// <summary>Called at least once inside a try that catches connection errors.</summary>
        private readonly HashSet<IMethodSymbol> calledInsideCatch = new(SymbolEqualityComparer.Default);

        private CallFacts(INamedTypeSymbol type) => this.type = type;

        public bool IsStartedInBackground(IMethodSymbol method) => startedInBackground.Contains(method.OriginalDefinition);

        public bool IsCalledInsideCatch(IMethodSymbol method) => calledInsideCatch.Contains(method.OriginalDefinition);

        public static CallFacts Compute(INamedTypeSymbol type, ImmutableArray<IOperation> roots, KnownTypes types)
        {
            var facts = new CallFacts(type);
            foreach (var root in roots)
            {
                var member = root.Syntax is MethodDeclarationSyntax declaration ? root.SemanticModel?.GetDeclaredSymbol(declaration) : null;
                foreach (var operation in root.Descendants())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation:
                            facts.AddCall(invocation, member, types);
                            break;
                        case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var method } } creation
                            when BackgroundWork.IsStartedInBackground(creation, types):
                            facts.startedInBackground.Add(method.OriginalDefinition);
                            break;
                    }
                }
            }

            return facts;
        }

        private void AddCall(IInvocationOperation invocation, IMethodSymbol? member, KnownTypes types)
        {
            var target = invocation.TargetMethod;
            if ((target.MethodKind != MethodKind.LocalFunction && !target.ContainingType.OriginalDefinition.Is(type))
                || ConnectionIoCalls.TryGet(invocation, types, out _))
            {
                return;
            }

            var key = target.OriginalDefinition;
            if (ConnectionErrorCatches.IsInsideCatchingTry(invocation, types))
            {
                calledInsideCatch.Add(key);
            }

            if (IsRunInBackground(invocation, member, types) || IsFireAndForget(invocation, types))
            {
                startedInBackground.Add(key);
            }
        }
    }

    /// <summary>The connection I/O a long-lived loop does itself: not in a nested long-lived loop, a lambda, or a catching try.</summary>
    private sealed class LoopIo
    {
        private readonly IOperation? connection;
        private bool connectionIsAmbiguous;

        private LoopIo(IOperation? connection) => this.connection = connection;

        public bool HasReceive { get; private set; }

        public ConnectionFamily Families { get; private set; }

        /// <summary>The one local/field/parameter every I/O call of the loop goes through, or null.</summary>
        public IOperation? Connection => connectionIsAmbiguous ? null : connection;

        public static LoopIo? Find(ILoopOperation loop, KnownTypes types)
        {
            LoopIo? io = null;
            foreach (var operation in loop.Descendants())
            {
                if (operation is not IInvocationOperation invocation
                    || !ConnectionIoCalls.TryGet(invocation, types, out var call)
                    || InnermostLongLivedLoop(invocation, types) != loop
                    || ConnectionErrorCatches.IsInsideCatchingTry(invocation, types))
                {
                    continue;
                }

                var reference = ConnectionReference(invocation.Instance);
                if (io is null)
                {
                    io = new LoopIo(reference);
                }
                else if (io.connection is not null && (reference is null || !SameSymbol(io.connection, reference)))
                {
                    io.connectionIsAmbiguous = true;
                }

                io.HasReceive |= call.IsReceive;
                io.Families |= call.Family;
            }

            return io;
        }
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
