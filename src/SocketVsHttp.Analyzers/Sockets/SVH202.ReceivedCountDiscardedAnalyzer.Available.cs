using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A receive that asks for exactly what is already queued: the buffer was allocated as <c>new byte[socket.Available]</c>
/// (or the size argument is <c>socket.Available</c>). A blocking receive then returns all of it, so the count is the
/// buffer's length and nothing is lost by discarding it (the real-world suite labelled this correct code).
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    private static bool AsksForWhatIsQueued(IInvocationOperation read, KnownTypes types)
    {
        foreach (var argument in read.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            var value = argument.Value.WalkDownConversions();
            if (argument.Parameter?.Type.SpecialType == SpecialType.System_Int32 && IsAvailable(value, types))
            {
                return argument.Parameter.Name is "size" or "count";
            }

            if (argument.Parameter?.Type is IArrayTypeSymbol && value is ILocalReferenceOperation local
                && LocalOrigins.AssignedValues(local) is { Count: > 0 } values
                && values.TrueForAll(v => v.WalkDownConversions() is IArrayCreationOperation { DimensionSizes.Length: 1 } array && IsAvailable(array.DimensionSizes[0].WalkDownConversions(), types)))
            {
                // The whole buffer is asked for only when no offset/size argument narrows it (else the size argument decides).
                if (read.Arguments.Length == 1 || read.Arguments[1].Parameter?.Type.SpecialType != SpecialType.System_Int32)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// <c>socket.Available</c>, or a local whose every value is one (<c>int queued = socket.Available; ... Receive(flush, 0, queued, ...)</c>:
    /// a drain of what is left after a timeout asks for no more than is queued).
    /// </summary>
    private static bool IsAvailable(IOperation value, KnownTypes types, bool throughLocal = true) => value switch
    {
        IPropertyReferenceOperation { Property.Name: "Available" } available =>
            available.Property.ContainingType.IsOrDerivesFrom(types.Socket) || available.Property.ContainingType.IsOrDerivesFrom(types.TcpClient),
        ILocalReferenceOperation local when throughLocal => LocalOrigins.AssignedValues(local) is { Count: > 0 } values
            && values.TrueForAll(v => IsAvailable(v.WalkDownConversions(), types, throughLocal: false)),
        _ => false,
    };
}
