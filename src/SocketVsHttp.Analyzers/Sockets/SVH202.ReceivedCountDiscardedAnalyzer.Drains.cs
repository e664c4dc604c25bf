using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A discarded read whose bytes nobody looks at, in a loop that runs while data is queued: a drain
/// (<c>while (client.Available &gt; 0) stream.Read(scratch, 0, scratch.Length);</c> to swallow acknowledgements). How many
/// bytes each read returns does not matter: the loop reads until nothing is queued and none of the bytes is used. A single
/// read that skips a fixed number of bytes is not a drain (a short read leaves some of them in the stream). Found in the
/// real-world suite (a DCC file sender that drains the receiver's ACKs into the buffer it then refills from the file).
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    /// <summary>
    /// The nearest loop around the read tests <c>Available</c> (Socket, TcpClient) or <c>DataAvailable</c> (NetworkStream)
    /// in its condition; after the read, the first use of its buffer (skipping other discarded reads into it) is another
    /// read that overwrites it, or, for a local buffer, there is no use at all; and no loop around the read looks at the
    /// buffer before the read (which would see this read's bytes on the next pass).
    /// </summary>
    private static bool IsDrain(IInvocationOperation read, KnownTypes types)
    {
        if (BufferArgument(read) is not { } bufferArgument || read.EnclosingLoop() is not { } drainLoop || !RunsWhileDataQueued(drainLoop, types))
        {
            return false;
        }

        var buffer = ReceiveBuffers.SymbolsOf(bufferArgument.Value);
        if (buffer.Count == 0)
        {
            return false;
        }

        var body = read.EnclosingBody();
        for (var loop = read.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
        {
            foreach (var operation in loop.Descendants())
            {
                if (operation.Syntax.SpanStart < read.Syntax.SpanStart && IsBufferReference(operation, buffer)
                    && !IsOverwritingRead(operation, types))
                {
                    return false;
                }
            }
        }

        var after = new List<IOperation>();
        foreach (var operation in body.Descendants())
        {
            if (operation.Syntax.SpanStart > read.Syntax.Span.End && IsBufferReference(operation, buffer))
            {
                after.Add(operation);
            }
        }

        after.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        foreach (var reference in after)
        {
            if (ReaderOf(reference) is { } other && SocketCallFacts.DiscardingStatement(other, types) is not null)
            {
                continue; // another drain read into the same buffer
            }

            return IsOverwritingRead(reference, types);
        }

        foreach (var symbol in buffer)
        {
            if (symbol is not ILocalSymbol)
            {
                return false; // a field or parameter may be read elsewhere
            }
        }

        return true;
    }

    private static bool RunsWhileDataQueued(ILoopOperation loop, KnownTypes types)
    {
        var condition = loop.Condition();
        if (condition is null)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property: { } property }
                && ((property.Name == "Available" && (property.ContainingType.IsOrDerivesFrom(types.Socket) || property.ContainingType.IsOrDerivesFrom(types.TcpClient)))
                    || (property.Name == "DataAvailable" && property.ContainingType.IsOrDerivesFrom(types.NetworkStream))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A reference to the buffer that may look at its bytes (<c>buffer.Length</c> does not).</summary>
    private static bool IsBufferReference(IOperation operation, HashSet<ISymbol> buffer) =>
        operation.ReferencedSymbol() is { } symbol && buffer.Contains(symbol)
        && operation.Parent is not IPropertyReferenceOperation { Property.Name: "Length" };

    /// <summary>The reference is the buffer argument of a receive or stream read (of any stream): it is written, not read.</summary>
    private static bool IsOverwritingRead(IOperation reference, KnownTypes types) => ReaderOf(reference) is { } read
        && (SocketCallFacts.IsSocketReceive(read.TargetMethod, types) || read.TargetMethod.ContainingType.IsOrDerivesFrom(types.Stream))
        && read.TargetMethod.Name is "Read" or "ReadAsync" or "Receive" or "ReceiveAsync" or "ReadExactly" or "ReadExactlyAsync";

    /// <summary>The call whose first (buffer) argument is exactly <paramref name="reference"/>, or null.</summary>
    private static IInvocationOperation? ReaderOf(IOperation reference)
    {
        var value = reference.WalkUpConversions();
        return value.Parent is IArgumentOperation { Parameter.Ordinal: 0, Parent: IInvocationOperation call } ? call : null;
    }
}
