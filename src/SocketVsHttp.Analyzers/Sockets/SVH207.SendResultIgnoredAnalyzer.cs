using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH207: the count from <c>Socket.Send(...)</c> is thrown away on a socket that the same type makes non-blocking
/// (<c>Blocking = false</c>, and never sets it back) or gives a send timeout (<c>SendTimeout</c> / <c>SetSocketOption</c>).
/// A blocking socket without a timeout sends everything before Send returns, so it is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SendResultIgnoredAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set when the socket is non-blocking (the fix then waits for room before each Send).</summary>
    public const string NonBlockingProperty = "NonBlocking";

    /// <summary>.editorconfig key: also report sockets that only have a send timeout (default true).</summary>
    public const string IncludeSendTimeoutOption = "include_send_timeout";

    private const int SocketOptionLevelSocket = 0xffff;
    private const int SocketOptionNameSendTimeout = 0x1005;

    private static readonly ImmutableDictionary<string, string?> NonBlocking =
        ImmutableDictionary<string, string?>.Empty.Add(NonBlockingProperty, "true");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH207);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null)
            {
                return;
            }

            start.RegisterSymbolStartAction(symbolStart => AnalyzeType(symbolStart, types), SymbolKind.NamedType);
        });
    }

    /// <summary>Per type: the socket's mode may be set anywhere in it, so findings wait for the type's end.</summary>
    private static void AnalyzeType(SymbolStartAnalysisContext symbolStart, KnownTypes types)
    {
        var modes = new ConcurrentDictionary<ISymbol, Mode>(SymbolEqualityComparer.Default);
        var sends = new ConcurrentQueue<(IInvocationOperation Send, ISymbol Socket)>();

        void Record(ISymbol? socket, Mode mode)
        {
            if (socket is not null)
            {
                modes.AddOrUpdate(socket.OriginalDefinition, mode, (_, existing) => existing | mode);
            }
        }

        symbolStart.RegisterOperationAction(
            context =>
            {
                var invocation = (IInvocationOperation)context.Operation;
                var method = invocation.TargetMethod;
                if (SocketCallFacts.IsSocketSend(method, types))
                {
                    if (SocketCallFacts.DiscardingStatement(invocation, types) is not null && SocketCallFacts.ReceiverSymbol(invocation.Instance) is { } socket)
                    {
                        sends.Enqueue((invocation, socket.OriginalDefinition));
                    }
                }
                else if (method.Name == "SetSocketOption" && method.ContainingType.IsOrDerivesFrom(types.Socket) && SetsSendTimeout(invocation))
                {
                    Record(SocketCallFacts.ReceiverSymbol(invocation.Instance), Mode.SendTimeout);
                }
            },
            OperationKind.Invocation);

        symbolStart.RegisterOperationAction(
            context =>
            {
                var assignment = (ISimpleAssignmentOperation)context.Operation;
                if (assignment.Target is not IPropertyReferenceOperation property || !property.Property.ContainingType.IsOrDerivesFrom(types.Socket))
                {
                    return;
                }

                var socket = property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                    && assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation }
                        ? SocketCallFacts.StoredInto(creation)
                        : SocketCallFacts.ReceiverSymbol(property.Instance);
                var value = assignment.Value.WalkDownConversions().ConstantValue;
                switch (property.Property.Name)
                {
                    case "Blocking":
                        Record(socket, value.HasValue && value.Value is false ? Mode.NonBlocking : Mode.Blocking);
                        break;
                    case "SendTimeout":
                        // A constant 0 or -1 means "no timeout"; anything else (incl. a configured value) counts as one.
                        if (!value.HasValue || value.Value is not int timeout || timeout > 0)
                        {
                            Record(socket, Mode.SendTimeout);
                        }

                        break;
                }
            },
            OperationKind.SimpleAssignment);

        symbolStart.RegisterSymbolEndAction(context =>
        {
            foreach (var (send, socket) in sends)
            {
                if (!modes.TryGetValue(socket, out var mode))
                {
                    continue;
                }

                // Set back to blocking somewhere (e.g. only non-blocking while connecting): its mode at the Send is unknown.
                var nonBlocking = (mode & Mode.NonBlocking) != 0 && (mode & Mode.Blocking) == 0;
                var timed = (mode & Mode.SendTimeout) != 0
                    && RuleOptions.GetBool(context.Options, send.Syntax.SyntaxTree, Descriptors.SVH207, IncludeSendTimeoutOption, defaultValue: true);
                if (nonBlocking || timed)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.SVH207,
                        send.Syntax.GetLocation(),
                        nonBlocking ? NonBlocking : null,
                        "Socket.Send"));
                }
            }
        });
    }

    /// <summary><c>SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.SendTimeout, value)</c> with a value that may be &gt; 0.</summary>
    private static bool SetsSendTimeout(IInvocationOperation invocation)
    {
        if (invocation.Arguments.Length != 3 || invocation.TargetMethod.Parameters[2].Type.SpecialType != SpecialType.System_Int32)
        {
            return false;
        }

        int? level = null, name = null;
        IOperation? value = null;
        foreach (var argument in invocation.Arguments)
        {
            var constant = argument.Value.WalkDownConversions().ConstantValue;
            switch (argument.Parameter?.Ordinal)
            {
                case 0:
                    level = constant.HasValue && constant.Value is int l ? l : null;
                    break;
                case 1:
                    name = constant.HasValue && constant.Value is int n ? n : null;
                    break;
                case 2:
                    value = argument.Value.WalkDownConversions();
                    break;
            }
        }

        if (level != SocketOptionLevelSocket || name != SocketOptionNameSendTimeout || value is null)
        {
            return false;
        }

        return !value.ConstantValue.HasValue || value.ConstantValue.Value is not int timeout || timeout > 0;
    }

    [System.Flags]
    private enum Mode
    {
        NonBlocking = 1,
        Blocking = 2,
        SendTimeout = 4,
    }
}
