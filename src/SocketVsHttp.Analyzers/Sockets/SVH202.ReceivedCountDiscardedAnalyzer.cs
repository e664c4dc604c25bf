using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH202: <c>Socket.Receive/ReceiveAsync</c> or <c>Read/ReadAsync</c> on a NetworkStream/SslStream whose byte count is
/// thrown away (a statement, an awaited statement, or <c>_ = ...</c>): the code assumes the buffer was filled.
/// Receives on sockets the same type creates as datagram (UDP) sockets are left alone: a datagram arrives whole. The type's
/// datagram sockets are collected only when a discarded socket receive turns up in it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ReceivedCountDiscardedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>
    /// Diagnostic property set when the count is kept (compared with 0, logged, copied, resized, stored): the fixer's rewrite
    /// must return the count. Its value is <see cref="CountUnreadValue"/> when the count is stored in a local nothing reads.
    /// </summary>
    public const string CountKeptProperty = "CountKept";

    /// <summary>The <see cref="CountKeptProperty"/> value of a count stored in a local that nothing reads: no code tests it for 0.</summary>
    public const string CountUnreadValue = "unread";

    private const string NeverRead = "', which is never read";

    private const int SocketTypeStream = 1;

    private static readonly ImmutableDictionary<string, string?> CountKept =
        ImmutableDictionary<string, string?>.Empty.Add(CountKeptProperty, "true");
    private static readonly ImmutableDictionary<string, string?> CountUnread =
        ImmutableDictionary<string, string?>.Empty.Add(CountKeptProperty, CountUnreadValue);
    private const int ProtocolTypeUdp = 17;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH202);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.NetworkStream is null && types.SslStream is null)
            {
                return;
            }

            var datagramSockets = new TypeFactsCache<HashSet<ISymbol>>((_, roots) => DatagramSockets(roots, types));
            var streamFields = new TypeFactsCache<HashSet<ISymbol>>((_, roots) => NetworkStreamFields(roots, types));
            var constructorStreams = new ConstructorStreams(types, streamFields);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, types, datagramSockets, streamFields, constructorStreams), OperationKind.Invocation);
            start.RegisterOperationAction(constructorStreams.OnCreation, OperationKind.ObjectCreation);
            start.RegisterCompilationEndAction(constructorStreams.OnEnd);
        });
    }

    private static void AnalyzeInvocation(
        OperationAnalysisContext context,
        KnownTypes types,
        TypeFactsCache<HashSet<ISymbol>> datagramSockets,
        TypeFactsCache<HashSet<ISymbol>> streamFields,
        ConstructorStreams constructorStreams)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (SocketCallFacts.IsSocketReceive(method, types))
        {
            var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
            if (SocketCallFacts.IsZeroByteRead(invocation) || IsUdpClientSocket(receiver, types) || AsksForWhatIsQueued(invocation, types)
                || HowCountIsLost(invocation, types) is not { } how || (how == Discarded && IsDrain(invocation, types)))
            {
                return;
            }

            // Only a socket the same type creates as a datagram socket is left alone; the type is walked only now (for a
            // local or parameter, only the member body that holds it).
            if (SocketCallFacts.ReceiverSymbol(receiver) is { } socket
                && context.ContainingSymbol.EnclosingType() is { } type
                && (socket is ILocalSymbol or IParameterSymbol
                    ? DatagramSockets(ImmutableArray.Create(invocation.MemberRoot()), types)
                    : datagramSockets.Get(type, invocation, context.Compilation, context.CancellationToken)).Contains(socket))
            {
                return;
            }

            context.ReportDiagnostic(Create(invocation, "Socket." + method.Name, how));
        }
        else if (SocketCallFacts.IsStreamRead(method, types)
                 && !SocketCallFacts.IsZeroByteRead(invocation)
                 && HowCountIsLost(invocation, types) is { } lost)
        {
            var network = ReceiveCalls.IsNetworkStream(invocation.Instance, types)
                || IsNetworkStreamMember(invocation.Instance, types, streamFields, context.Compilation, context.CancellationToken);
            if ((!network && !ConstructorStreams.IsPrivateStreamField(invocation.Instance, types))
                || (lost == Discarded && (Ca2022Speaks(context, invocation.Syntax.SyntaxTree) || IsDrain(invocation, types))))
            {
                return;
            }

            var streamType = invocation.Instance!.WalkDownConversions().Type;
            var typeName = streamType.IsOrDerivesFrom(types.SslStream) ? "SslStream" : streamType.IsOrDerivesFrom(types.NetworkStream) ? "NetworkStream" : "Stream";
            if (network)
            {
                context.ReportDiagnostic(Create(invocation, typeName + "." + method.Name, lost));
            }
            else
            {
                // A stream field fed by the type's constructors: reported at compilation end when some creation passes a network stream.
                constructorStreams.TryDefer(invocation, typeName + "." + method.Name, lost, context.Compilation, context.CancellationToken);
            }
        }
    }

    /// <summary>The sockets a type's own member bodies create as datagram sockets (keyed by original definition).</summary>
    private static HashSet<ISymbol> DatagramSockets(ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var sockets = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var root in roots)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IObjectCreationOperation creation
                    && creation.Type.IsOrDerivesFrom(types.Socket)
                    && IsDatagramCreation(creation, types)
                    && SocketCallFacts.StoredInto(creation) is { } stored)
                {
                    sockets.Add(stored.OriginalDefinition);
                }
            }
        }

        return sockets;
    }

    /// <summary>Discarded, or kept but only compared with 0, logged or used for a side copy before the buffer is used whole; null when the count is used.</summary>
    private static string? HowCountIsLost(IInvocationOperation invocation, KnownTypes types) =>
        SocketCallFacts.DiscardingStatement(invocation, types) is not null ? Discarded
        : StoredInUnreadLocal(invocation) is { } local ? $"stored in '{local.Name}{NeverRead}"
        : CountOnlyIncidentalBeforeParse(invocation, types);

    /// <summary>
    /// <c>int n = s.Read(...)</c> (or <c>n = await s.ReadAsync(...)</c>) into a local that nothing in the member ever reads:
    /// the count is as lost as if it were discarded (the real-world suite labelled four such reads).
    /// </summary>
    private static ILocalSymbol? StoredInUnreadLocal(IInvocationOperation read)
    {
        IOperation current = read;
        while (current.Parent is IAwaitOperation or IConversionOperation or IParenthesizedOperation
               || (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent!;
        }

        var local = current.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current
                && assignment.Parent is IExpressionStatementOperation => target.Local,
            _ => null,
        };
        if (local is null || local.IsRef)
        {
            return null;
        }

        foreach (var operation in read.MemberRoot().Descendants())
        {
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(local)
                && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference && assignment.Parent is IExpressionStatementOperation))
            {
                return null; // read somewhere (or written in a way that may read it: compound assignment, ref, out)
            }
        }

        return local;
    }

    /// <summary>A kept count carries <see cref="CountKeptProperty"/>: ReadExactly and the receive loop replace a discarded call only.</summary>
    private static Diagnostic Create(IInvocationOperation invocation, string name, string how) =>
        Diagnostic.Create(
            Descriptors.SVH202,
            invocation.Syntax.GetLocation(),
            how == Discarded ? null : how.EndsWith(NeverRead, System.StringComparison.Ordinal) ? CountUnread : CountKept,
            name,
            how);

    /// <summary><c>new Socket(..., SocketType.Dgram, ...)</c> or <c>ProtocolType.Udp</c>: message boundaries are kept.</summary>
    private static bool IsDatagramCreation(IObjectCreationOperation creation, KnownTypes types)
    {
        foreach (var argument in creation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (!value.ConstantValue.HasValue || value.ConstantValue.Value is not int constant)
            {
                continue;
            }

            if (value.Type.Is(types.SocketType) && constant != SocketTypeStream)
            {
                return true;
            }

            if (value.Type.Is(types.ProtocolType) && constant == ProtocolTypeUdp)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>udpClient.Client.Receive(...)</c>: a UDP socket.</summary>
    private static bool IsUdpClientSocket(IOperation? receiver, KnownTypes types) =>
        receiver?.WalkDownConversions() is IPropertyReferenceOperation { Instance: { } owner } && owner.Type.IsOrDerivesFrom(types.UdpClient);
}
