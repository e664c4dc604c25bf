using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>What a local variable holds: every value written to it in the member that declares it.</summary>
internal static class LocalValues
{
    /// <summary>
    /// Adds to <paramref name="values"/> the declaration initializer and every plain assignment to <paramref name="local"/> found in the
    /// member <paramref name="anyOperationInMember"/> belongs to. False when the local is also written some other way
    /// (ref/out argument, compound or deconstruction assignment) or when no value was found: its content is then unknown.
    /// </summary>
    public static bool TryGetWrittenValues(ILocalSymbol local, IOperation anyOperationInMember, List<IOperation> values)
    {
        var root = anyOperationInMember;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local):
                    var initializer = declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        values.Add(initializer.Value.WalkDownConversions());
                    }

                    break;
                case ILocalReferenceOperation reference when reference.Local.Is(local):
                    if (!IsPlainRead(reference, values))
                    {
                        return false;
                    }

                    break;
            }
        }

        return values.Count > 0;
    }

    private static bool IsPlainRead(ILocalReferenceOperation reference, List<IOperation> values)
    {
        var outer = reference.WalkUpConversions();
        switch (outer.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == outer:
                values.Add(assignment.Value.WalkDownConversions());
                return true;
            case IAssignmentOperation assignment when assignment.Target == outer:
                return false;
            case IArgumentOperation { Parameter: { RefKind: RefKind.Ref or RefKind.Out } }:
                return false;
            case ITupleOperation or IDeclarationExpressionOperation:
                return false;
            default:
                return !reference.IsDeclaration;
        }
    }
}
