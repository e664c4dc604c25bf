using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH202: <c>Socket.Receive/ReceiveAsync</c> or <c>Read/ReadAsync</c> on a NetworkStream/SslStream whose byte count is
/// thrown away (a statement, an awaited statement, or <c>_ = ...</c>): the code assumes the buffer was filled.
/// Receives on sockets the same type creates as datagram (UDP) sockets are left alone: a datagram arrives whole.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ReceivedCountDiscardedAnalyzer : DiagnosticAnalyzer
{
    private const int SocketTypeStream = 1;
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

            start.RegisterSymbolStartAction(symbolStart => AnalyzeType(symbolStart, types), SymbolKind.NamedType);
        });
    }

    /// <summary>Per type: datagram sockets are only known once the whole type was seen, so socket findings wait for its end.</summary>
    private static void AnalyzeType(SymbolStartAnalysisContext symbolStart, KnownTypes types)
    {
        var datagramSockets = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        var socketFindings = new ConcurrentQueue<(Diagnostic Diagnostic, ISymbol? Socket)>();

        symbolStart.RegisterOperationAction(
            context =>
            {
                var invocation = (IInvocationOperation)context.Operation;
                var method = invocation.TargetMethod;
                if (SocketCallFacts.IsZeroByteRead(invocation))
                {
                    return;
                }

                if (SocketCallFacts.IsSocketReceive(method, types))
                {
                    var receiver = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    if (IsUdpClientSocket(receiver, types) || SocketCallFacts.DiscardingStatement(invocation, types) is null)
                    {
                        return;
                    }

                    socketFindings.Enqueue((Create(invocation, "Socket." + method.Name), SocketCallFacts.ReceiverSymbol(receiver)));
                }
                else if (SocketCallFacts.IsStreamRead(method, types)
                         && SocketCallFacts.DiscardingStatement(invocation, types) is not null
                         && SocketCallFacts.IsNetworkStream(invocation.Instance, types))
                {
                    var streamType = invocation.Instance!.WalkDownConversions().Type;
                    var typeName = streamType.IsOrDerivesFrom(types.SslStream) ? "SslStream" : streamType.IsOrDerivesFrom(types.NetworkStream) ? "NetworkStream" : "Stream";
                    context.ReportDiagnostic(Create(invocation, typeName + "." + method.Name));
                }
            },
            OperationKind.Invocation);

        symbolStart.RegisterOperationAction(
            context =>
            {
                var creation = (IObjectCreationOperation)context.Operation;
                if (creation.Type.IsOrDerivesFrom(types.Socket) && IsDatagramCreation(creation, types) && SocketCallFacts.StoredInto(creation) is { } stored)
                {
                    datagramSockets.TryAdd(stored.OriginalDefinition, true);
                }
            },
            OperationKind.ObjectCreation);

        symbolStart.RegisterSymbolEndAction(context =>
        {
            foreach (var (diagnostic, socket) in socketFindings)
            {
                if (socket is null || !datagramSockets.ContainsKey(socket))
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        });
    }

    private static Diagnostic Create(IInvocationOperation invocation, string name) =>
        Diagnostic.Create(Descriptors.SVH202, invocation.Syntax.GetLocation(), name);

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
