using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Finds the static field or property a value is stored in directly (initializer, plain or <c>??=</c> assignment).</summary>
internal static class StaticStorage
{
    /// <summary>The static field/property that <paramref name="value"/> initializes or is assigned to, else null.</summary>
    public static ISymbol? TargetOf(IOperation value)
    {
        var outer = value.WalkUpConversions();
        switch (outer.Parent)
        {
            case IFieldInitializerOperation fieldInitializer:
                foreach (var field in fieldInitializer.InitializedFields)
                {
                    return field.IsStatic ? field : null;
                }

                return null;
            case IPropertyInitializerOperation propertyInitializer:
                foreach (var property in propertyInitializer.InitializedProperties)
                {
                    return property.IsStatic ? property : null;
                }

                return null;
            case ISimpleAssignmentOperation assignment when assignment.Value == outer:
                return StaticMember(assignment.Target);
            case ICoalesceAssignmentOperation coalesceAssignment when coalesceAssignment.Value == outer:
                return StaticMember(coalesceAssignment.Target);
            default:
                return null;
        }
    }

    /// <summary>The static field/property <paramref name="target"/> refers to, else null.</summary>
    public static ISymbol? StaticMember(IOperation target) => target.WalkDownConversions() switch
    {
        IFieldReferenceOperation { Field.IsStatic: true } fieldReference => fieldReference.Field,
        IPropertyReferenceOperation { Property.IsStatic: true } propertyReference => propertyReference.Property,
        _ => null,
    };
}
