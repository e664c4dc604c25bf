using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

// SameConnection: used by this rule only, so it lives beside it.
public sealed partial class ConnectedAsLivenessCheckAnalyzer
{
    /// <summary>
    /// Whether two expressions denote the same TCP connection: the same local, parameter, field or property (on the same
    /// instance), looking through conversions, <c>?.</c>, <c>TcpClient.Client</c> and <c>TcpClient.GetStream()</c>.
    /// Anything else (calls, indexers, array elements) is never "the same": precision first.
    /// </summary>
    internal static class SameConnection
    {
        public static bool AreSame(IOperation? first, IOperation? second, KnownTypes types)
        {
            if (first is null || second is null)
            {
                return false;
            }

            var a = Normalize(first, types);
            var b = Normalize(second, types);
            switch (a)
            {
                case ILocalReferenceOperation local:
                    return b is ILocalReferenceOperation otherLocal && local.Local.Is(otherLocal.Local);
                case IParameterReferenceOperation parameter:
                    return b is IParameterReferenceOperation otherParameter && parameter.Parameter.Is(otherParameter.Parameter);
                case IFieldReferenceOperation field:
                    return b is IFieldReferenceOperation otherField && field.Field.Is(otherField.Field) && SameInstance(field.Instance, otherField.Instance, types);
                case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                    return b is IPropertyReferenceOperation { Arguments.Length: 0 } otherProperty && property.Property.Is(otherProperty.Property)
                        && SameInstance(property.Instance, otherProperty.Instance, types);
                case IInstanceReferenceOperation:
                    return b is IInstanceReferenceOperation;
                default:
                    return false;
            }
        }

        /// <summary>True when some call in <paramref name="scope"/> of the given kind acts on the same connection as <paramref name="connection"/>.</summary>
        public static bool HasCallOn(IOperation scope, IOperation connection, TcpCallKind kind, KnownTypes types)
        {
            foreach (var operation in scope.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation invocation && TcpCallKinds.Classify(invocation, types) == kind
                    && AreSame(TcpCallKinds.Receiver(invocation), connection, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True when <paramref name="scope"/> mentions the same connection as <paramref name="connection"/> anywhere.</summary>
        public static bool Mentions(IOperation scope, IOperation connection, KnownTypes types)
        {
            foreach (var operation in scope.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                    && AreSame(operation, connection, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool SameInstance(IOperation? first, IOperation? second, KnownTypes types)
        {
            if (first is null || second is null)
            {
                return first is null && second is null;
            }

            return AreSame(first, second, types);
        }

        /// <summary>Strips conversions, <c>x?.</c> receivers, <c>tcpClient.Client</c> and <c>tcpClient.GetStream()</c>.</summary>
        private static IOperation Normalize(IOperation operation, KnownTypes types)
        {
            var current = operation.WalkDownConversions();
            while (true)
            {
                switch (current)
                {
                    case IConditionalAccessInstanceOperation instance when FindConditionalAccess(instance) is { } access:
                        current = access.Operation.WalkDownConversions();
                        continue;
                    case IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner } property
                        when property.Property.ContainingType.IsOrDerivesFrom(types.TcpClient):
                        current = owner.WalkDownConversions();
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "GetStream", Instance: { } owner } invocation
                        when invocation.TargetMethod.ContainingType.IsOrDerivesFrom(types.TcpClient):
                        current = owner.WalkDownConversions();
                        continue;
                    default:
                        return current;
                }
            }
        }

        private static IConditionalAccessOperation? FindConditionalAccess(IConditionalAccessInstanceOperation instance)
        {
            for (var current = instance.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalAccessOperation access && instance.IsDescendantOf(access.WhenNotNull))
                {
                    return access;
                }
            }

            return null;
        }
    }
}
