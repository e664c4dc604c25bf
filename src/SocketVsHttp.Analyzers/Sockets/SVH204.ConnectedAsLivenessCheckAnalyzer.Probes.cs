using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Code that reads <c>Connected</c> but does not rely on it, found in the real-world suite (tests/RealWorld, labelled
/// correct): the read is a first filter before a real probe; the method detects the close itself from a read's count;
/// or the loop's own read helper closes the connection when the peer has gone, which ends the loop.
/// </summary>
public sealed partial class ConnectedAsLivenessCheckAnalyzer
{
    /// <summary>
    /// The member that reads <c>Connected</c> also probes the peer: <c>Poll(...)</c>, <c>Available</c>, or a
    /// <c>Receive</c> with <c>SocketFlags.Peek</c>, in its own body or in a same-type method its condition calls
    /// (<c>if (client.Connected &amp;&amp; PollSocket())</c>). Then <c>Connected</c> only skips the probe for a
    /// connection already known dead.
    /// </summary>
    private static bool ProbesNearby(IOperation read, IOperation condition, KnownTypes types)
    {
        foreach (var operation in read.MemberRoot().Descendants())
        {
            if (IsProbe(operation, types))
            {
                return true;
            }
        }

        // A same-type method called in the condition whose body polls (syntax of that body: its operations belong to
        // another member and are not bound here).
        var type = ContainingTypeOf(read);
        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation { TargetMethod: { } callee } && callee.ContainingType.Is(type)
                && SourceBodies.Of(callee).Any(body => SourceBodies.Mentions(body, "Poll", "Available")))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsProbe(IOperation operation, KnownTypes types) => operation switch
    {
        IInvocationOperation { TargetMethod.Name: "Poll" } poll => IsConnectionMember(poll.TargetMethod, types),
        IPropertyReferenceOperation { Property.Name: "Available" } available => IsConnectionMember(available.Property, types),
        IInvocationOperation { TargetMethod.Name: "Receive" or "ReceiveAsync" } receive => IsConnectionMember(receive.TargetMethod, types) && receive.Arguments.Any(a =>
            a.Value.WalkDownConversions() is IFieldReferenceOperation { Field.Name: "Peek" } peek && peek.Field.ContainingType.Is(types.SocketFlags)),
        _ => false,
    };

    private static bool IsConnectionMember(ISymbol member, KnownTypes types) =>
        member.ContainingType.IsOrDerivesFrom(types.Socket) || member.ContainingType.IsOrDerivesFrom(types.TcpClient);

    /// <summary>
    /// A loop on <c>connection.Connected</c> whose body hands the connection to a method of the type (or a base type) that closes it
    /// (<c>Close</c>, <c>Dispose</c>, <c>Shutdown</c> on that parameter): the read helper closes the connection when the
    /// peer has gone, and the closed connection ends the loop.
    /// </summary>
    private static bool BodyHelperClosesIt(ILoopOperation loop, IOperation connection, KnownTypes types)
    {
        foreach (var operation in loop.Body.Descendants())
        {
            // A method of this type or of a base type written in source (a server base class's read helper).
            if (operation is not IInvocationOperation call || !ContainingTypeOf(loop).IsOrDerivesFrom(call.TargetMethod.ContainingType))
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && SameConnection.AreSame(argument.Value, connection, types)
                    && SourceBodies.Of(call.TargetMethod).Any(body => SourceBodies.AccessesOn(body, parameter.Name, "Close", "Dispose", "Shutdown")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static INamedTypeSymbol? ContainingTypeOf(IOperation operation) =>
        operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart)?.ContainingType;
}
