using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH201: which loop repeats a read on the same connection (accept loops and drains of what is available do not).</summary>
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer
{
    /// <summary>
    /// The loop that repeats the read on the same connection: the nearest repeating loop, skipping loops that drain what is
    /// available (<c>do { ... } while (stream.DataAvailable)</c>, <c>while (socket.Available &gt; 0)</c>: after the close nothing is
    /// available and they end; an outer loop may still repeat them), and none when the connection is new in each iteration
    /// (<c>var handler = listener.Accept();</c> inside an accept loop: a 0 is not read again from the same socket).
    /// </summary>
    internal static ILoopOperation? SameConnectionLoop(IInvocationOperation read, KnownTypes types)
    {
        IOperation from = read;
        while (RepeatingLoop(from) is { } loop)
        {
            if (IsFreshPerIteration(read.Instance, loop, types, 0))
            {
                return null;
            }

            if (!DrainsAvailable(loop, types))
            {
                return loop;
            }

            from = loop;
        }

        return null;
    }

    /// <summary>The loop's condition reads <c>NetworkStream.DataAvailable</c> or <c>Socket.Available</c>/<c>TcpClient.Available</c>.</summary>
    private static bool DrainsAvailable(ILoopOperation loop, KnownTypes types)
    {
        var condition = loop.Condition();
        if (condition is null)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property: var property }
                && ((property.Name == "DataAvailable" && property.ContainingType.IsOrDerivesFrom(types.NetworkStream))
                    || (property.Name == "Available" && (property.ContainingType.IsOrDerivesFrom(types.Socket) || property.ContainingType.IsOrDerivesFrom(types.TcpClient)))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The connection read from is accepted or created anew in each iteration of <paramref name="loop"/>.</summary>
    private static bool IsFreshPerIteration(IOperation? receiver, ILoopOperation loop, KnownTypes types, int depth)
    {
        if (receiver is null || depth > 4)
        {
            return false;
        }

        var value = receiver.WalkDownConversions();
        if (value is IAwaitOperation await)
        {
            value = await.Operation.WalkDownConversions();
        }

        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "Accept" or "AcceptAsync" or "AcceptSocket" or "AcceptSocketAsync" or "AcceptTcpClient" or "AcceptTcpClientAsync" or "EndAccept" or "EndAcceptSocket" or "EndAcceptTcpClient" }:
                return true;
            case IInvocationOperation { TargetMethod.Name: "GetStream" } getStream:
                return IsFreshPerIteration(getStream.Instance, loop, types, depth + 1);
            case IObjectCreationOperation creation when creation.Type.IsOrDerivesFrom(types.Socket) || creation.Type.IsOrDerivesFrom(types.TcpClient):
                return true;
            case IObjectCreationOperation { Arguments.Length: > 0 } wrapper
                when wrapper.Type.IsOrDerivesFrom(types.NetworkStream) || wrapper.Type.IsOrDerivesFrom(types.SslStream) || ReceiveCalls.IsReaderOrWriterType(wrapper.Type, types):
                return IsFreshPerIteration(wrapper.Arguments[0].Value, loop, types, depth + 1);
            case ILocalReferenceOperation local when IsDeclaredIn(local.Local, loop):
                var origins = LocalOrigins.AssignedValues(local);
                if (origins is null || origins.Count == 0)
                {
                    return false;
                }

                foreach (var origin in origins)
                {
                    if (!IsFreshPerIteration(origin, loop, types, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static bool IsDeclaredIn(ILocalSymbol local, ILoopOperation loop)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == loop.Syntax.SyntaxTree && loop.Syntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A loop that waits for the user on every pass (<c>Console.ReadLine()</c>, <c>ReadKey()</c> or <c>Read()</c> as a statement
    /// of its body, not under a condition) and writes to the connection: after the peer closes it neither spins nor runs on
    /// for ever; each pass waits for a key, and the write to the closed connection fails within a pass or two and ends it.
    /// </summary>
    private static bool IsPacedByConsoleAndWrites(ILoopOperation loop)
    {
        if (loop.Body is not IBlockOperation body)
        {
            return false;
        }

        var paced = false;
        foreach (var statement in body.Operations)
        {
            if (statement is IConditionalOperation or ISwitchOperation or ILoopOperation or ITryOperation)
            {
                continue;
            }

            foreach (var operation in statement.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod: { Name: "ReadLine" or "ReadKey" or "Read", ContainingType: { Name: "Console", ContainingNamespace.Name: "System" } } })
                {
                    paced = true;
                }
            }
        }

        if (!paced)
        {
            return false;
        }

        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod: { Name: var name, ContainingType: var type } }
                && (name.StartsWith("Write", System.StringComparison.Ordinal) || name.StartsWith("Send", System.StringComparison.Ordinal))
                && !(type.Name == "Console" && type.ContainingNamespace.Name == "System"))
            {
                return true;
            }
        }

        return false;
    }
}
