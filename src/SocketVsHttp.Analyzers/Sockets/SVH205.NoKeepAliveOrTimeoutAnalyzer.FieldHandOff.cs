using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class NoKeepAliveOrTimeoutAnalyzer
{
    private sealed partial class Search
    {
        /// <summary>
        /// The connection in <paramref name="local"/> stored into a field of another object (<c>slots[i].TcpClient = client;</c>)
        /// whose type, declared in this compilation, reads that field in a long-lived loop or a callback chain. Adds those
        /// reads; false when that type gives the field keep-alive or a timeout.
        /// </summary>
        private bool FollowFieldStores(IOperation root, ILocalSymbol local, INamedTypeSymbol type)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
                {
                    continue;
                }

                var use = reference.WalkUpConversions();
                if (use.Parent is not ISimpleAssignmentOperation assignment
                    || assignment.Value != use
                    || assignment.Target.WalkDownConversions() is not IFieldReferenceOperation { Instance: { } instance } field
                    || instance is IInstanceReferenceOperation
                    || !SocketOwners.IsOwnerType(field.Type, types)
                    || field.Field.ContainingType?.OriginalDefinition is not { } holder
                    || holder.Is(type.OriginalDefinition)
                    || !SymbolEqualityComparer.Default.Equals(holder.ContainingAssembly, compilation.Assembly)
                    || holder.DeclaringSyntaxReferences.IsEmpty
                    || !hasLoops(holder))
                {
                    continue;
                }

                var facts = Facts(holder);
                var stored = field.Field.OriginalDefinition;
                if (facts.ProtectedOwners.Contains(stored))
                {
                    return false;
                }

                facts.AddReadsOf(stored, created, types, reads);
            }

            return true;
        }
    }
}
