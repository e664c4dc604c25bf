using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH207: the count from <c>Socket.Send(...)</c> is thrown away on a socket that the same type makes non-blocking
/// (<c>Blocking = false</c>, and never sets it back) or gives a send timeout (<c>SendTimeout</c> / <c>SetSocketOption</c>).
/// A blocking socket without a timeout sends everything before Send returns, so it is left alone. The type's socket modes
/// are collected only when a discarded Send count turns up in it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class SendResultIgnoredAnalyzer : DiagnosticAnalyzer
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

            var modes = new TypeFactsCache<Dictionary<ISymbol, Mode>>((_, roots) => SocketModes(roots, types));
            start.RegisterOperationAction(context => AnalyzeInvocation(context, types, modes), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<Dictionary<ISymbol, Mode>> modes)
    {
        var send = (IInvocationOperation)context.Operation;
        if (!SocketCallFacts.IsSocketSend(send.TargetMethod, types)
            || SocketCallFacts.DiscardingStatement(send, types) is null
            || context.ContainingSymbol.EnclosingType() is not { } type)
        {
            return;
        }

        var socket = SocketCallFacts.ReceiverSymbol(send.Instance);
        var collection = ElementCollection(send.Instance, types);
        if (socket is null && collection is null)
        {
            return;
        }

        // The socket's mode may be set anywhere in the type: its member bodies are walked only now, once per type (for a
        // local or parameter, only the member body that holds it). An element of a collection takes the collection's mode.
        if (!TryGetMode(socket, out var mode) && !TryGetMode(collection, out mode))
        {
            return;
        }

        // Set back to blocking somewhere (e.g. only non-blocking while connecting), or a collection that also holds sockets
        // added without that mode: its mode at the Send is unknown.
        var partlyAdded = (mode & Mode.AddedOther) != 0 && (mode & Mode.ElementsSet) == 0;
        var nonBlocking = (mode & Mode.NonBlocking) != 0 && (mode & Mode.Blocking) == 0 && !partlyAdded;
        var timed = (mode & Mode.SendTimeout) != 0 && !partlyAdded
            && RuleOptions.GetBool(context.Options, send.Syntax.SyntaxTree, Descriptors.SVH207, IncludeSendTimeoutOption, defaultValue: false);
        if (nonBlocking || timed)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SVH207,
                send.Syntax.GetLocation(),
                nonBlocking ? NonBlocking : null,
                "Socket.Send"));
        }

        bool TryGetMode(ISymbol? variable, out Mode found)
        {
            found = 0;
            if (variable is null)
            {
                return false;
            }

            var socketModes = variable is ILocalSymbol or IParameterSymbol
                ? SocketModes(ImmutableArray.Create(send.MemberRoot()), types)
                : modes.Get(type, send, context.Compilation, context.CancellationToken);
            return socketModes.TryGetValue(variable.OriginalDefinition, out found);
        }
    }

    /// <summary>The modes a type's own member bodies give its sockets (keyed by original definition).</summary>
    private static Dictionary<ISymbol, Mode> SocketModes(ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var modes = new Dictionary<ISymbol, Mode>(SymbolEqualityComparer.Default);
        var additions = new List<(ISymbol Socket, ISymbol Collection)>();
        foreach (var root in roots)
        {
            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case not IConversionOperation when operation.Type.IsOrDerivesFrom(types.Socket) && AddedTo(operation, types) is { } collection:
                        if (SocketCallFacts.ReceiverSymbol(operation) is { } added)
                        {
                            additions.Add((added, collection));
                        }
                        else if (!(operation is IObjectCreationOperation { Initializer: { } initializer } && SetsMode(initializer)))
                        {
                            // e.g. clients.Add(listener.Accept()): a socket whose mode is never set.
                            Record(modes, collection, Mode.AddedOther);
                        }

                        break;
                    case IInvocationOperation invocation
                        when invocation.TargetMethod is { Name: "SetSocketOption" } method && method.ContainingType.IsOrDerivesFrom(types.Socket) && SetsSendTimeout(invocation):
                        Record(modes, SocketCallFacts.ReceiverSymbol(invocation.Instance), Mode.SendTimeout);
                        break;
                    case ISimpleAssignmentOperation assignment:
                        RecordAssignment(modes, assignment, types);
                        break;
                }
            }
        }

        RecordAdditions(modes, additions);
        return modes;
    }

    /// <summary><c>socket.Blocking = ...</c> / <c>socket.SendTimeout = ...</c>, also in an object initializer.</summary>
    private static void RecordAssignment(Dictionary<ISymbol, Mode> modes, ISimpleAssignmentOperation assignment, KnownTypes types)
    {
        if (assignment.Target is not IPropertyReferenceOperation property || !property.Property.ContainingType.IsOrDerivesFrom(types.Socket))
        {
            return;
        }

        ISymbol? socket;
        ISymbol? elements = null;
        if (property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
            && assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
        {
            // new Socket(...) { Blocking = false } stored in a variable, or added straight to a collection.
            socket = SocketCallFacts.StoredInto(creation) ?? AddedTo(creation, types);
        }
        else
        {
            socket = SocketCallFacts.ReceiverSymbol(property.Instance);
            elements = ElementCollection(property.Instance, types);
        }

        var value = assignment.Value.WalkDownConversions().ConstantValue;
        Mode mode;
        switch (property.Property.Name)
        {
            case "Blocking":
                mode = value.HasValue && value.Value is false ? Mode.NonBlocking : Mode.Blocking;
                break;
            case "SendTimeout":
                // A constant 0 or -1 means "no timeout"; anything else (incl. a configured value) counts as one.
                if (value.HasValue && value.Value is int timeout && timeout <= 0)
                {
                    return;
                }

                mode = Mode.SendTimeout;
                break;
            default:
                return;
        }

        Record(modes, socket, mode);
        Record(modes, elements, mode | Mode.ElementsSet);
    }

    private static void Record(Dictionary<ISymbol, Mode> modes, ISymbol? socket, Mode mode)
    {
        if (socket is not null)
        {
            var key = socket.OriginalDefinition;
            modes[key] = modes.TryGetValue(key, out var existing) ? existing | mode : mode;
        }
    }

    /// <summary>The type whose member bodies hold the analyzed operation (the member's type; nested types are their own).</summary>
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

        /// <summary>A collection holds a socket added without any mode (its elements' mode is not known).</summary>
        AddedOther = 8,

        /// <summary>The mode was set on a collection's elements (foreach variable, indexer), so it holds for every element.</summary>
        ElementsSet = 16,
    }
}
