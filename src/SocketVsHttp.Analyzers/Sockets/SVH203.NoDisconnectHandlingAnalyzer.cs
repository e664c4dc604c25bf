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
/// SVH203: a receive/send loop that lives as long as the connection (endless, until cancelled, while connected or open, until a
/// flag is cleared, until its queue completes, or until the peer closes: <c>while ((n = await s.ReadAsync(b)) &gt; 0)</c>) on a
/// socket, network stream (or a reader/writer over one) or WebSocket, with no catch for connection errors around it, where the
/// loop runs in the background: a lambda or method started on a thread or task, an <c>async void</c> function, a
/// <c>BackgroundService.ExecuteAsync</c>, a method fired and forgotten, or a method called from such background code in the same
/// type. A loop in a function its caller awaits or calls is not reported (the caller sees the exception), nor a loop that returns
/// a result (a helper that reads one message). The message says which loop and how it was started.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class NoDisconnectHandlingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the exception families the fix catches, e.g. "Socket,Stream".</summary>
    public const string FamiliesProperty = "Families";

    /// <summary>Diagnostic property, present when the loop runs inside a server's accept loop (the fix's comment says the loop goes on).</summary>
    public const string InAcceptLoopProperty = "InAcceptLoop";

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
            var starts = new CompilationStarts();
            var helperIo = new HelperIo();
            start.RegisterOperationAction(c => AnalyzeLoop(c, types, callFacts, helperIo, starts), OperationKind.Loop);
        });
    }

    private static void AnalyzeLoop(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<CallFacts> callFacts, HelperIo helperIo, CompilationStarts starts)
    {
        var loop = (ILoopOperation)context.Operation;
        if (context.ContainingSymbol.ContainingType is not { } type
            || SessionLoopKind(loop, types) is not { } kind
            || ReturnsAResult(loop))
        {
            return;
        }

        CallFacts? facts = null;
        CallFacts Facts() => facts ??= callFacts.Get(type, loop, context.Compilation, context.CancellationToken);

        // The loop's own I/O, else the I/O of the same-type helpers it calls (`reply = Receive();`, each helper judged from its
        // own body): only once the loop does I/O is the type walked.
        var helpers = new HelperLookup(helperIo, type, loop, context.Compilation, context.CancellationToken);
        if ((LoopIo.Find(loop, types, helpers: null) ?? (LoopIo.CallsOwnMethod(loop, type) ? LoopIo.Find(loop, types, helpers) : null)) is not { } io)
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

        var background = enclosing switch
        {
            IAnonymousFunctionOperation lambda => BackgroundWork.IsAsyncVoid(lambda.Symbol)
                ? "runs in an async void lambda"
                : BackgroundWork.Starter(lambda, types) is { } starter ? "runs in a lambda started by " + starter : null,
            _ when function is null => null,
            _ when BackgroundWork.IsAsyncVoid(function) => function.MethodKind == MethodKind.LocalFunction ? "runs in an async void local function" : "runs in an async void method",
            _ when BackgroundWork.IsBackgroundServiceExecute(function, types) => "runs in BackgroundService.ExecuteAsync",
            _ => Facts().HowStartedInBackground(function),
        };
        if (function is not null && Facts().IsCalledInsideCatch(function))
        {
            return;
        }

        var consequence = Unobserved;
        if (background is null)
        {
            // Started by another type (a thread pool work item, Task.Run of a method group, a nested or containing type).
            if (function is { MethodKind: MethodKind.Ordinary }
                && starts.HowStarted(function, loop, context.Compilation, context.CancellationToken) is { } how)
            {
                background = how;
            }
            else if ((AcceptLoopAround(loop, types) is { } acceptLoop ? "runs inside the accept loop of " + Where(acceptLoop)
                : function is not null ? Facts().HowServedByAcceptLoop(function) : null) is { } served)
            {
                // The program's own accept loop (Main, a server's Run()) handles each client inline: one client's reset ends it.
                background = served;
                consequence = EndsTheServer;
            }
        }

        // The program's own loop (Main, top-level statements) is not reported otherwise: the exception ends the program visibly,
        // and whether that is a defect (a bot that should reconnect) or fine (a console tool) is not in the code (real-world labels).
        if (background is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(FamiliesProperty, FamiliesText(io.Families));
        if (consequence == EndsTheServer)
        {
            properties = properties.Add(InAcceptLoopProperty, "true");
        }
        var additional = io.Connection is null ? null : new[] { io.Connection.Syntax.GetLocation() };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH203,
            LoopKeywordLocation(loop),
            additional,
            properties,
            io.HasReceive ? "receive" : "send",
            kind,
            background,
            consequence));
    }

    /// <summary>What a dropped connection does to a loop that runs in the background.</summary>
    private const string Unobserved = "a dropped connection ends it unobserved";

    /// <summary>What a dropped connection does to a session loop that an accept loop runs inline.</summary>
    private const string EndsTheServer = "one client's dropped connection ends the accept loop, and the server for every client";

    /// <summary>
    /// How long the loop lives, for the message ("endless", "until cancelled", "while connected", "while the WebSocket is open",
    /// "until stopped", "until its queue completes", "until the peer closes"); null when it is not a loop that lives as long as the connection.
    /// </summary>
    private static string? SessionLoopKind(ILoopOperation loop, KnownTypes types)
    {
        if (LongLivedLoops.IsLongLived(loop, types))
        {
            var condition = loop.Condition();
            if (loop is IForEachLoopOperation)
            {
                return "until its queue completes";
            }

            if (condition is null || condition.ConstantValue.HasValue)
            {
                return "endless";
            }

            string? kind = null;
            foreach (var operation in condition.DescendantsAndSelf())
            {
                kind = operation switch
                {
                    IPropertyReferenceOperation { Property.Name: "IsCancellationRequested" } => "until cancelled",
                    IPropertyReferenceOperation { Property.Name: "Connected" } => kind ?? "while connected",
                    IPropertyReferenceOperation { Property.Name: "State" } => kind ?? "while the WebSocket is open",
                    _ => kind,
                };
            }

            return kind ?? "until stopped";
        }

        if (LongLivedLoops.IsReceiveUntilClosed(loop, types) || IsUntilWebSocketCloses(loop, types))
        {
            return "until the peer closes";
        }

        return IsUntilOthersClearAFlag(loop) ? "until stopped" : null;
    }

    private static bool IsSessionLoop(ILoopOperation loop, KnownTypes types) => SessionLoopKind(loop, types) is not null;

    /// <summary>
    /// <c>while (!result.CloseStatus.HasValue)</c>, <c>while (result.CloseStatus == null)</c>, <c>while (result.MessageType != WebSocketMessageType.Close)</c>
    /// on a receive result: the loop runs until the peer sends Close, as long as the WebSocket lives.
    /// </summary>
    private static bool IsUntilWebSocketCloses(ILoopOperation loop, KnownTypes types)
    {
        var condition = loop.Condition()?.WalkDownConversions();
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not
            && not.Operand.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "HasValue", Instance: { } nullable })
        {
            return IsResultMember(nullable, "CloseStatus", types);
        }

        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals or BinaryOperatorKind.Equals } comparison)
        {
            var left = comparison.LeftOperand.WalkDownConversions();
            var right = comparison.RightOperand.WalkDownConversions();
            var isNull = left.ConstantValue is { HasValue: true, Value: null } || right.ConstantValue is { HasValue: true, Value: null };
            var member = left.ConstantValue.HasValue || left is IFieldReferenceOperation ? right : left;
            var other = member == left ? right : left;
            return comparison.OperatorKind == BinaryOperatorKind.Equals
                ? isNull && IsResultMember(member, "CloseStatus", types)
                : IsResultMember(member, "MessageType", types) && other is IFieldReferenceOperation { Field: var field } && field.Is(types.WebSocketMessageTypeClose);
        }

        return false;
    }

    private static bool IsResultMember(IOperation operation, string name, KnownTypes types) =>
        operation.WalkDownConversions() is IPropertyReferenceOperation { Property: var property } && property.Name == name
        && (property.ContainingType.Is(types.WebSocketReceiveResult) || property.ContainingType.Is(types.ValueWebSocketReceiveResult));

    /// <summary>
    /// <c>while (connected)</c> / <c>while (!stop)</c> on a local <c>bool</c> the loop never writes (nor passes by <c>ref</c>): only others
    /// (a timer or event handler that captured it) can end the loop, so it lives as long as the connection. A flag the body itself
    /// clears on an error (<c>ok = Process(...)</c>) bounds the loop and is not this.
    /// </summary>
    private static bool IsUntilOthersClearAFlag(ILoopOperation loop)
    {
        var condition = loop.Condition()?.WalkDownConversions();
        if (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            condition = not.Operand.WalkDownConversions();
        }

        if (condition is not ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_Boolean } flag })
        {
            return false;
        }

        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(flag)
                && (operation.Parent is IAssignmentOperation assignment && assignment.Target == operation
                    || operation.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out }
                    || operation.Parent is IDeconstructionAssignmentOperation or ITupleOperation))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The long-lived loop around <paramref name="loop"/> in the same function that accepts a client in each iteration
    /// (<c>listener.AcceptTcpClient()</c>, <c>socket.Accept()</c>, <c>httpListener.GetContextAsync()</c>...), outside any nested function.
    /// </summary>
    private static ILoopOperation? AcceptLoopAround(ILoopOperation loop, KnownTypes types)
    {
        for (var outer = loop.EnclosingLoop(); outer is not null; outer = outer.EnclosingLoop())
        {
            if (IsAcceptLoop(outer, types, inner: loop))
            {
                return outer;
            }
        }

        return null;
    }

    /// <summary>A loop that lives until stopped and accepts a connection itself (not in a lambda in it, nor in <paramref name="inner"/>).</summary>
    private static bool IsAcceptLoop(ILoopOperation loop, KnownTypes types, ILoopOperation? inner = null)
    {
        if (!LongLivedLoops.IsLongLived(loop, types))
        {
            return false;
        }

        var function = loop.EnclosingFunction();
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation invocation && IsAccept(invocation.TargetMethod, types) && invocation.EnclosingFunction() == function
                && (inner is null || !inner.Syntax.Span.Contains(invocation.Syntax.Span)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>TcpListener.AcceptTcpClient*</c>/<c>AcceptSocket*</c>, <c>Socket.Accept*</c>, <c>HttpListener.GetContext*</c>.</summary>
    private static bool IsAccept(IMethodSymbol method, KnownTypes types) => method.Name switch
    {
        "AcceptTcpClient" or "AcceptTcpClientAsync" or "AcceptSocket" or "AcceptSocketAsync" => method.ContainingType.Is(types.TcpListener),
        "Accept" or "AcceptAsync" => method.ContainingType.IsOrDerivesFrom(types.Socket),
        "GetContext" or "GetContextAsync" => method.ContainingType.Is(types.Get("System.Net.HttpListener")),
        _ => false,
    };

    /// <summary>
    /// The loop returns a value from inside (<c>while (true) { ... if (result.EndOfMessage) return message; }</c>): a helper that
    /// reads one message or one reply, whose caller sees its exceptions; not a loop that lives as long as the connection.
    /// </summary>
    private static bool ReturnsAResult(ILoopOperation loop)
    {
        foreach (var operation in loop.Body.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: not null } returnOperation
                && returnOperation.EnclosingFunction() == loop.EnclosingFunction())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The same-type helpers of one loop: <see cref="HelperIo"/> bound to the loop's type and context.</summary>
    private readonly struct HelperLookup
    {
        private readonly HelperIo cache;
        private readonly INamedTypeSymbol type;
        private readonly IOperation from;
        private readonly Compilation compilation;
        private readonly System.Threading.CancellationToken cancellationToken;

        public HelperLookup(HelperIo cache, INamedTypeSymbol type, IOperation from, Compilation compilation, System.Threading.CancellationToken cancellationToken)
        {
            this.cache = cache;
            this.type = type;
            this.from = from;
            this.compilation = compilation;
            this.cancellationToken = cancellationToken;
        }

        public bool TryGetIo(IMethodSymbol method, KnownTypes types, out (bool IsReceive, ConnectionFamily Families) io) =>
            cache.TryGetIo(method, type, from, compilation, types, cancellationToken, out io);
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

        /// <summary>The loop calls a method of its own type (a candidate helper that may do the I/O); a cheap syntax-free test.</summary>
        /// <summary>
        /// The loop calls a method of its own type whose source body calls something named like connection I/O
        /// (<c>Read*</c>, <c>Receive*</c>, <c>Write*</c>, <c>Send*</c>, <c>Peek*</c>, <c>Flush*</c>: every name <see cref="ConnectionIoCalls"/> knows). Read as syntax: only then is the whole type bound
        /// to learn which helpers really do I/O (a loop that parses a buffer through its own helpers costs nothing more).
        /// </summary>
        public static bool CallsOwnMethod(ILoopOperation loop, INamedTypeSymbol type)
        {
            HashSet<IMethodSymbol>? seen = null;
            foreach (var operation in loop.Descendants())
            {
                if (operation is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } target } && target.ContainingType.OriginalDefinition.Is(type)
                    && (seen ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default)).Add(target.OriginalDefinition)
                    && MayDoIo(target))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool MayDoIo(IMethodSymbol method)
        {
            foreach (var body in SourceBodies.Of(method))
            {
                foreach (var node in body.DescendantNodes())
                {
                    if (node is InvocationExpressionSyntax invocation && InvokedName(invocation.Expression) is { } name
                        && (name.StartsWith("Read", System.StringComparison.Ordinal) || name.StartsWith("Receive", System.StringComparison.Ordinal)
                            || name.StartsWith("Write", System.StringComparison.Ordinal) || name.StartsWith("Send", System.StringComparison.Ordinal)
                            || name.StartsWith("Peek", System.StringComparison.Ordinal) || name.StartsWith("Flush", System.StringComparison.Ordinal)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static string? InvokedName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax name => name.Identifier.ValueText,
            _ => null,
        };

        /// <summary>
        /// The I/O of the loop: its own calls, or with <paramref name="helpers"/>, the same-type methods it calls that do I/O
        /// themselves (the connection is then unknown: the fix only comments).
        /// </summary>
        public static LoopIo? Find(ILoopOperation loop, KnownTypes types, HelperLookup? helpers)
        {
            LoopIo? io = null;
            foreach (var operation in loop.Descendants())
            {
                if (operation is not IInvocationOperation invocation
                    || InnermostLongLivedLoop(invocation, types) != loop
                    || ConnectionErrorCatches.IsInsideCatchingTry(invocation, types))
                {
                    continue;
                }

                ConnectionIoCall call;
                if (helpers is null)
                {
                    if (!ConnectionIoCalls.TryGet(invocation, types, out call))
                    {
                        continue;
                    }
                }
                else
                {
                    if (!helpers.Value.TryGetIo(invocation.TargetMethod, types, out var helperIo))
                    {
                        continue;
                    }

                    call = new ConnectionIoCall(invocation, helperIo.IsReceive, helperIo.Families);
                    io ??= new LoopIo(null);
                    io.connectionIsAmbiguous = true;
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

    /// <summary>The nearest loop around <paramref name="operation"/> in the same function that lives as long as the connection.</summary>
    private static ILoopOperation? InnermostLongLivedLoop(IOperation operation, KnownTypes types)
    {
        for (var loop = operation.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
        {
            if (IsSessionLoop(loop, types))
            {
                return loop;
            }
        }

        return null;
    }

    /// <summary>The call runs in a lambda handed to a thread/task starter, or in an <c>async void</c> function: how, for the message.</summary>
    private static string? HowRunInBackground(IOperation operation, IMethodSymbol? member, KnownTypes types)
    {
        switch (operation.EnclosingFunction())
        {
            case IAnonymousFunctionOperation lambda:
                if (BackgroundWork.IsAsyncVoid(lambda.Symbol))
                {
                    return "is called from an async void lambda in " + Where(operation);
                }

                return BackgroundWork.Starter(lambda, types) is { } starter
                    ? (starter == "a Thread" ? "is started on a Thread in " : "is run by " + starter + " in ") + Where(operation)
                    : null;
            case ILocalFunctionOperation localFunction:
                return BackgroundWork.IsAsyncVoid(localFunction.Symbol) ? "is called from the async void local function " + localFunction.Symbol.Name + "()" : null;
            default:
                return BackgroundWork.IsAsyncVoid(member) ? "is called from the async void method " + member!.Name + "()" : null;
        }
    }

    /// <summary>The member an operation sits in, for messages: <c>Start()</c>, <c>the constructor</c>, <c>the top-level statements</c>.</summary>
    private static string Where(IOperation operation)
    {
        var symbol = operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart);
        while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
        {
            symbol = symbol.ContainingSymbol;
        }

        return symbol switch
        {
            IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => "the constructor",
            IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet, AssociatedSymbol: { } property } => property.Name,
            IMethodSymbol method when method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName => "the top-level statements",
            IMethodSymbol method => method.Name + "()",
            IFieldSymbol or IPropertySymbol => "the initializer of " + symbol.Name,
            _ => "this type",
        };
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

    private static bool SameSymbol(IOperation left, IOperation right) => left.ReferencedSymbol().Is(right.ReferencedSymbol());

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
        CommonForEachStatementSyntax { AwaitKeyword.RawKind: 0 } forEach => forEach.ForEachKeyword.GetLocation(),
        CommonForEachStatementSyntax awaitForEach => Location.Create(
            awaitForEach.SyntaxTree,
            Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(awaitForEach.AwaitKeyword.SpanStart, awaitForEach.ForEachKeyword.Span.End)),
        _ => loop.Syntax.GetLocation(),
    };
}
