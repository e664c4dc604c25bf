using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH206: a <c>TcpClient</c>/<c>Socket</c> created, connected, used for exactly one send and closed, either per loop
/// iteration or in a method whose job is to send the one message it is given (the send's data comes from a parameter).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ConnectionPerMessageAnalyzer : DiagnosticAnalyzer
{
    private const int AddressFamilyInterNetwork = 2;
    private const int AddressFamilyInterNetworkV6 = 23;
    private const int SocketTypeStream = 1;
    private const int ProtocolTypeTcp = 6;
    private const int Unknown = -1;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH206);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.TcpClient is null)
            {
                return;
            }

            var bodies = new TypeFactsCache<TypeMethods>((_, roots) => TypeMethods.From(roots));
            start.RegisterOperationAction(c => AnalyzeCreation(c, types, bodies), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeFieldConnect(c, types, bodies), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<TypeMethods> bodies)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not { TypeKind: TypeKind.Class, SpecialType: SpecialType.None })
        {
            return;
        }

        string display;
        bool constructorConnects;
        if (creation.Type.IsOrDerivesFrom(types.TcpClient))
        {
            display = "TcpClient";
            constructorConnects = creation.Constructor is { Parameters.Length: 2 } constructor
                && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String
                && constructor.Parameters[1].Type.SpecialType == SpecialType.System_Int32;
        }
        else if (creation.Type.IsOrDerivesFrom(types.Socket) && IsTcpSocket(creation, types))
        {
            display = "Socket";
            constructorConnects = false;
        }
        else
        {
            return;
        }

        if (StoredInField(creation) is { } field)
        {
            if (!AnalyzeFieldCreationInLoop(context, creation, field, display, constructorConnects, types, bodies))
            {
                AnalyzeFieldCreation(context, creation, field, display, constructorConnects, types, bodies);
            }

            return;
        }

        var usage = ConnectionUsage.Collect(creation, types, HelpersFor(context, creation, bodies));
        var loop = creation.EnclosingLoop();

        if (usage is null || !(usage.Connects || constructorConnects) || usage.Serves || usage.Sends.Count != 1 || usage.RepeatsSendOrReceive)
        {
            return;
        }

        // In a loop that neither stops early nor waits, the connection made on one pass is replaced on the next: one per
        // message whether or not it is closed. Everywhere else the close shows the connection's life ends with the message.
        var perMessage = loop is not null && !ExitsEarly(loop) && !Waits(loop, types);
        if (!perMessage && !usage.Closes)
        {
            return;
        }

        if (!perMessage)
        {
            perMessage = !IsEntryPoint(creation, context.ContainingSymbol) && usage.SendsGivenData(usage.Sends[0], creation.EnclosingBody());
        }

        if (!perMessage && loop is null)
        {
            perMessage = RecursesForTheNextMessage(creation, usage.Sends[0], context.ContainingSymbol, types);
        }

        if (perMessage)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH206, creation.Syntax.GetLocation(), display));
        }
    }

    /// <summary>
    /// A stream socket over IPv4/IPv6 or a TCP socket; UDP (no handshake, no TIME_WAIT), Unix domain sockets and
    /// sockets whose kind cannot be seen stay silent.
    /// </summary>
    private static bool IsTcpSocket(IObjectCreationOperation creation, KnownTypes types)
    {
        int? addressFamily = null;
        int? socketType = null;
        int? protocol = null;
        foreach (var argument in creation.Arguments)
        {
            var type = argument.Parameter?.Type;
            var constant = argument.Value.ConstantValue is { HasValue: true, Value: int value } ? value : (int?)null;
            if (type.Is(types.AddressFamily))
            {
                addressFamily = constant ?? Unknown;
            }
            else if (type.Is(types.SocketType))
            {
                socketType = constant ?? Unknown;
            }
            else if (type.Is(types.ProtocolType))
            {
                protocol = constant ?? Unknown;
            }
        }

        if (protocol == ProtocolTypeTcp)
        {
            return addressFamily is null or AddressFamilyInterNetwork or AddressFamilyInterNetworkV6 or Unknown;
        }

        return socketType == SocketTypeStream && addressFamily is AddressFamilyInterNetwork or AddressFamilyInterNetworkV6;
    }

    /// <summary>
    /// Recursion as a loop: the method connects, sends one message it produced itself (read from input, not given) and then
    /// calls itself (not from a catch: that is a retry) for the next one, e.g. <c>void Chat() { ... socket.Send(read);
    /// if (more) Chat(); socket.Close(); }</c>. A method that waits (Sleep, Delay) between calls is a periodic probe.
    /// </summary>
    private static bool RecursesForTheNextMessage(IOperation creation, IInvocationOperation send, ISymbol containingSymbol, KnownTypes types)
    {
        if (creation.EnclosingFunction() is not null || containingSymbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
        {
            return false;
        }

        var body = creation.EnclosingBody();
        var recurses = false;
        foreach (var operation in body.Descendants())
        {
            if (operation is not IInvocationOperation { TargetMethod: { } target } call)
            {
                continue;
            }

            if ((target.Name == "Sleep" && target.ContainingType.Is(types.Thread)) || (target.Name == "Delay" && target.ContainingType.Is(types.Task)))
            {
                return false;
            }

            if (target.OriginalDefinition.Is(method.OriginalDefinition) && call.EnclosingFunction() is null
                && call.Instance?.WalkDownConversions() is null or IInstanceReferenceOperation
                && call.Syntax.SpanStart > send.Syntax.SpanStart && call.FirstAncestor<ICatchClauseOperation>() is null)
            {
                recurses = true;
            }
        }

        return recurses;
    }

    /// <summary>A loop that can stop early (retry until sent, search) is not one connection per message.</summary>
    private static bool ExitsEarly(ILoopOperation loop)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break } branch when branch.Target.Is(loop.ExitLabel):
                    return true;
                case IReturnOperation { Kind: OperationKind.Return } when operation.EnclosingFunction() == loop.EnclosingFunction():
                    return true;
            }
        }

        return false;
    }

    /// <summary>A loop that sleeps between rounds (a periodic probe or report) pays the handshake rarely.</summary>
    private static bool Waits(ILoopOperation loop, KnownTypes types)
    {
        foreach (var operation in loop.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { } method }
                && ((method.Name == "Sleep" && method.ContainingType.Is(types.Thread)) || (method.Name == "Delay" && method.ContainingType.Is(types.Task))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEntryPoint(IOperation creation, ISymbol containingSymbol) =>
        creation.EnclosingFunction() is null
        && containingSymbol is IMethodSymbol { IsStatic: true } method
        && (method.Name == "Main" || method.Name == HttpClientLifetime.TopLevelProgramName);

    /// <summary>The data the one send writes comes from a parameter (directly or through locals computed from it).</summary>
    private static bool SendsParameterData(IInvocationOperation send, IOperation body)
    {
        foreach (var argument in send.Arguments)
        {
            if (argument.Parameter is { } parameter && IsPayloadParameter(parameter)
                && !TcpCallKinds.IsReceiverOf(argument.Value, send) && FlowsFromParameter(argument.Value, body, depth: 3))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>byte[], string, object (not an async state), or a generic buffer of bytes (Memory/Span/ArraySegment/IList of segments).</summary>
    private static bool IsPayloadParameter(IParameterSymbol parameter)
    {
        switch (parameter.Type)
        {
            case IArrayTypeSymbol:
                return true;
            case { SpecialType: SpecialType.System_String }:
                return true;
            case { SpecialType: SpecialType.System_Object }:
                return parameter.Name != "state";
            case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } buffer:
                return IsByteOrSegmentOfBytes(buffer.TypeArguments[0]);
            default:
                return false;
        }
    }

    private static bool IsByteOrSegmentOfBytes(ITypeSymbol element) =>
        element.SpecialType == SpecialType.System_Byte
        || (element is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } segment && segment.TypeArguments[0].SpecialType == SpecialType.System_Byte);

    private static bool FlowsFromParameter(IOperation value, IOperation body, int depth)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IParameterReferenceOperation:
                    return true;
                case ILocalReferenceOperation local when depth > 0 && LocalFlowsFromParameter(local.Local, body, depth - 1):
                    return true;
            }
        }

        return false;
    }

    private static bool LocalFlowsFromParameter(ILocalSymbol local, IOperation body, int depth)
    {
        foreach (var operation in body.Descendants())
        {
            var assigned = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when target.Local.Is(local) => assignment.Value,
                _ => null,
            };
            if (assigned is not null && FlowsFromParameter(assigned, body, depth))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What the code does with one connection: follows the creation through locals, <c>GetStream()</c>, <c>Client</c>
    /// and the streams, readers and writers wrapped around it. Null when the connection escapes (field, return,
    /// argument, closure): then its lifetime is not this code's to judge.
    /// </summary>
    private sealed partial class ConnectionUsage
    {
        private readonly KnownTypes types;
        private readonly List<ILocalReferenceOperation> localReferences = new();
        private readonly HashSet<ILocalSymbol> locals = new(SymbolEqualityComparer.Default);
        private IOperation? function;
        private ILoopOperation? loop;
        private bool escapes;

        private ConnectionUsage(IOperation creation, KnownTypes types, HelperBodies? helpers)
        {
            this.types = types;
            this.helpers = helpers;
            function = creation.EnclosingFunction();
            loop = creation.EnclosingLoop();
        }

        public bool Connects { get; private set; }

        public bool Closes { get; private set; }

        /// <summary>The code accepts connections (a server or proxy) in the same body.</summary>
        public bool Serves { get; private set; }

        /// <summary>A send or receive sits in a loop of its own (several messages or a read loop: a session).</summary>
        public bool RepeatsSendOrReceive { get; private set; }

        public List<IInvocationOperation> Sends { get; } = new();

        /// <summary>The connection is closed by <c>using</c> or in a <c>finally</c>: on every path out of the method.</summary>
        public bool ClosesOnEveryPath { get; private set; }

        public static ConnectionUsage? Collect(IObjectCreationOperation creation, KnownTypes types, HelperBodies? helpers)
        {
            var usage = new ConnectionUsage(creation, types, helpers);
            foreach (var operation in creation.EnclosingBody().Descendants())
            {
                switch (operation)
                {
                    case ILocalReferenceOperation reference:
                        usage.localReferences.Add(reference);
                        break;
                    case IInvocationOperation invocation when TcpCallKinds.Classify(invocation, types) == TcpCallKind.Accept:
                        usage.Serves = true;
                        break;
                }
            }

            usage.Visit(creation);

            // Handed to a same-type helper that only writes to it: still this method's connection, if nothing can leave
            // it open when the helper throws.
            return usage.escapes || (usage.passedToHelper && !usage.ClosesOnEveryPath) ? null : usage;
        }

        private void Visit(IOperation value)
        {
            if (escapes)
            {
                return;
            }

            var use = value.WalkUpConversions();
            switch (use.Parent)
            {
                case IInvocationOperation invocation when TcpCallKinds.IsReceiverOf(use, invocation):
                    OnCall(invocation);
                    break;
                case IArgumentOperation { Parent: IInvocationOperation invocation } when TcpCallKinds.IsReceiverOf(use, invocation):
                    OnCall(invocation);
                    break;
                case IArgumentOperation { Parent: IObjectCreationOperation wrapper } when IsWrapper(wrapper.Type):
                    Visit(wrapper);
                    break;
                case IPropertyReferenceOperation property when property.Instance == use:
                    if (property.Property.Name == "Client" && property.Property.ContainingType.IsOrDerivesFrom(types.TcpClient)
                        && !(property.Parent is ISimpleAssignmentOperation setter && setter.Target == property))
                    {
                        Visit(property);
                    }

                    break;
                case IArgumentOperation { Parent: IInvocationOperation call } argument when IsSameTypeHelper(call):
                    VisitHelper(call, argument);
                    break;
                case IReturnOperation when helperDepth > 0:
                    // The helper returns the connection or its stream: follow it at the call site.
                    helperReturns = true;
                    break;
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    if (UsingDeclarations.IsUsingDeclared(declarator))
                    {
                        Closes = true;
                        ClosesOnEveryPath |= helperDepth == 0;
                    }

                    AddLocal(declarator.Symbol);
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Value == use && assignment.Target is ILocalReferenceOperation target:
                    AddLocal(target.Local);
                    break;
                case IUsingOperation usingOperation:
                    Closes = true;
                    closeSites.Add(usingOperation);
                    ClosesOnEveryPath |= helperDepth == 0;
                    break;
                case IConditionalAccessOperation access when access.Operation == use:
                    foreach (var inner in access.WhenNotNull.DescendantsAndSelf())
                    {
                        if (inner is IConditionalAccessInstanceOperation instance)
                        {
                            Visit(instance);
                            break;
                        }
                    }

                    break;
                case IIsPatternOperation isPattern when !DeclaresVariable(isPattern.Pattern):
                    break;
                case IBinaryOperation:
                    break;
                default:
                    escapes = true;
                    break;
            }
        }

        private void OnCall(IInvocationOperation invocation)
        {
            switch (TcpCallKinds.Classify(invocation, types))
            {
                case TcpCallKind.Connect:
                    Connects = true;
                    connectSites.Add(invocation);
                    break;
                case TcpCallKind.Close:
                    Closes = true;
                    closeSites.Add(invocation);
                    ClosesOnEveryPath |= helperDepth == 0 && InFinally(invocation);
                    break;
                case TcpCallKind.Send:
                    Sends.Add(invocation);
                    if (helperDepth > 0 && currentHelperCall is not null)
                    {
                        helperSendSites[invocation] = currentHelperCall;
                    }

                    RepeatsSendOrReceive |= invocation.EnclosingLoop() != loop && !IsSendAllLoop(invocation, loop);
                    break;
                case TcpCallKind.Receive:
                    receives = true;
                    RepeatsSendOrReceive |= invocation.EnclosingLoop() != loop;
                    break;
                case TcpCallKind.GetStream:
                    Visit(invocation);
                    break;
                case TcpCallKind.Accept:
                    Serves = true;
                    break;
            }
        }

        private void AddLocal(ILocalSymbol local)
        {
            if (!locals.Add(local))
            {
                return;
            }

            // By index: following a reference into a same-type helper appends that helper's local references.
            for (var i = 0; i < localReferences.Count; i++)
            {
                var reference = localReferences[i];
                if (!reference.Local.Is(local)
                    || (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                    || reference.Parent is IVariableDeclaratorOperation)
                {
                    continue;
                }

                if (reference.EnclosingFunction() != function)
                {
                    // Captured by a lambda or local function: the connection may outlive this code.
                    escapes = true;
                    return;
                }

                Visit(reference);
            }
        }

        /// <summary>`client is TcpClient c`: the pattern names the connection again (an alias the rule does not follow).</summary>
        private static bool DeclaresVariable(IPatternOperation pattern)
        {
            foreach (var operation in pattern.DescendantsAndSelf())
            {
                if (operation is IDeclarationPatternOperation { DeclaredSymbol: not null } or IRecursivePatternOperation { DeclaredSymbol: not null }
                    or IListPatternOperation { DeclaredSymbol: not null })
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsWrapper(ITypeSymbol? type) =>
            type.IsOrDerivesFrom(types.Stream) || type.IsOrDerivesFrom(types.TextWriter) || type.IsOrDerivesFrom(types.TextReader)
            || type.IsOrDerivesFrom(types.BinaryWriter) || type.IsOrDerivesFrom(types.BinaryReader);
    }
}
