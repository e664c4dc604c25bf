using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Where a local's values come from: its initializer and every plain assignment in the member that declares it.</summary>
internal static class LocalOrigins
{
    /// <summary>
    /// Every value assigned to the referenced local (initializer and <c>=</c> assignments) in the whole member body, lambdas included.
    /// Null when the local is also written some other way (<c>out</c>/<c>ref</c> argument, deconstruction, compound or
    /// <c>??=</c> assignment, pattern declaration), because its origin is then unknown.
    /// </summary>
    public static List<IOperation>? AssignedValues(ILocalReferenceOperation reference)
    {
        var local = reference.Local;
        if (local.IsRef)
        {
            return null;
        }

        var root = reference.MemberRoot();

        var values = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local):
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        values.Add(initializer.Value);
                    }

                    break;
                case ILocalReferenceOperation other when other.Local.Is(local) && IsWrittenOtherwise(other):
                    return null;
                case ISimpleAssignmentOperation assignment when assignment.Target.WalkDownConversions() is ILocalReferenceOperation target && target.Local.Is(local):
                    values.Add(assignment.Value);
                    break;
                case IDeclarationPatternOperation pattern when pattern.DeclaredSymbol.Is(local):
                    return null;
            }
        }

        return values;
    }

    private static bool IsWrittenOtherwise(ILocalReferenceOperation reference)
    {
        var use = reference.WalkUpConversions();
        return use.Parent switch
        {
            IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Out or RefKind.Ref,
            ICompoundAssignmentOperation compound => compound.Target == use,
            ICoalesceAssignmentOperation coalesce => coalesce.Target == use,
            IIncrementOrDecrementOperation => true,
            ITupleOperation tuple => tuple.Parent is IDeconstructionAssignmentOperation,
            _ => false,
        };
    }
}
