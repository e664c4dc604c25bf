using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    private sealed partial class Search
    {
        /// <summary>
        /// <c>var t = new Thread(new ParameterizedThreadStart(Handle)); t.Start(client);</c>: the connection reaches
        /// <c>Handle(object state)</c> of this compilation as its state, and the handler casts it back into a local
        /// (<c>var tcp = (TcpClient)state;</c>). The reads of that local in a long-lived loop are the connection's; null when
        /// the thread or the handler cannot be seen, <see cref="Protected"/> when the handler gives it keep-alive or a timeout.
        /// </summary>
        private string? ThreadStartHandOff(IOperation thread)
        {
            if (thread.WalkDownConversions() is not ILocalReferenceOperation threadLocal
                || LocalOrigins.AssignedValues(threadLocal) is not { Count: 1 } values
                || values[0].WalkDownConversions() is not IObjectCreationOperation { Arguments.Length: > 0 } creation
                || !creation.Type.Is(types.Thread)
                || creation.Arguments[0].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var handler } }
                || handler.Parameters.Length != 1
                || handler.Parameters[0].Type.SpecialType != SpecialType.System_Object
                || handler.ContainingType is not { } callee
                || !SymbolEqualityComparer.Default.Equals(callee.ContainingAssembly, compilation.Assembly)
                || handler.DeclaringSyntaxReferences.IsEmpty
                || !hasLoops(callee))
            {
                return null;
            }

            var state = handler.Parameters[0].OriginalDefinition;
            if (bodies.GetOrAdd(handler.OriginalDefinition, BindBody) is not { } root)
            {
                return null;
            }

            var facts = Facts(callee);
            string? name = null;
            foreach (var operation in root.Descendants())
            {
                // TcpClient tcp = (TcpClient)state; / var socket = state as Socket;
                if (operation is IVariableDeclaratorOperation { Initializer.Value: IConversionOperation cast, Symbol: var local }
                    && cast.WalkDownConversions() is IParameterReferenceOperation reference
                    && reference.Parameter.OriginalDefinition.Is(state)
                    && SocketOwners.IsOwnerType(local.Type, types))
                {
                    if (facts.ProtectedOwners.Contains(local))
                    {
                        return Protected;
                    }

                    var before = reads.Count;
                    facts.AddReadsOf(local, created, types, reads);
                    if (reads.Count > before)
                    {
                        name ??= callee.Name + "." + local.Name;
                    }
                }
            }

            return name;
        }
    }
}
