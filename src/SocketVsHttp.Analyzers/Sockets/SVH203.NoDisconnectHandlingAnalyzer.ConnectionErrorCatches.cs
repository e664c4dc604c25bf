using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

// ConnectionErrorCatches: used by this rule only, so it lives beside it.
public sealed partial class NoDisconnectHandlingAnalyzer
{
    /// <summary>
    /// "Is this code inside a try whose catch sees a dropped connection?" A catch counts when its type is <c>SocketException</c>,
    /// <c>IOException</c>, <c>WebSocketException</c>, <c>ObjectDisposedException</c> or a base of one of them (<c>Exception</c>,
    /// <c>SystemException</c>, <c>catch</c> without a type); a <c>when</c> filter is accepted as it is (precision first).
    /// </summary>
    internal static class ConnectionErrorCatches
    {
        /// <summary>
        /// True when <paramref name="operation"/> sits in the body of such a try, anywhere up to the member's root (lambda
        /// boundaries are crossed: a try around an awaited <c>Task.Run</c> counts), except the boundary of a lambda started where
        /// its exceptions do not come back (<c>new Thread(() => ...)</c>, a dropped <c>Task.Run</c>: see
        /// <see cref="BackgroundWork.IsStartedUnobserved"/>): a try around the start does not see them. Catch and finally blocks do
        /// not cover themselves.
        /// </summary>
        public static bool IsInsideCatchingTry(IOperation operation, KnownTypes types)
        {
            var child = operation;
            for (var current = operation.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is ITryOperation tryOperation && child == tryOperation.Body && CatchesConnectionErrors(tryOperation, types))
                {
                    return true;
                }

                if (current is IAnonymousFunctionOperation lambda && BackgroundWork.IsStartedUnobserved(lambda, types))
                {
                    return false;
                }
            }

            return false;
        }

        public static bool CatchesConnectionErrors(ITryOperation tryOperation, KnownTypes types)
        {
            foreach (var clause in tryOperation.Catches)
            {
                if (IsConnectionErrorCatch(clause.ExceptionType, types))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConnectionErrorCatch(ITypeSymbol? caught, KnownTypes types)
        {
            if (caught is null || caught.TypeKind == TypeKind.Error)
            {
                // Unknown type in broken code: stay silent.
                return true;
            }

            if (caught is not INamedTypeSymbol named)
            {
                return false;
            }

            return types.SocketException.IsOrDerivesFrom(named)
                || types.IOException.IsOrDerivesFrom(named)
                || types.WebSocketException.IsOrDerivesFrom(named)
                || types.ObjectDisposedException.IsOrDerivesFrom(named);
        }
    }
}
