using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A read through a private field declared <c>Stream</c> that the type only ever fills with a network stream
/// (<c>_stream = client.GetStream();</c>), or through a get-only property of the type that returns such a field
/// (<c>public Stream Stream =&gt; _stream;</c>). Found in the real-world suite (a Modbus slave connection). The type's fields
/// are collected once, and only when a read whose count is lost goes through a plain <c>Stream</c> field or property.
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    private static bool IsNetworkStreamMember(IOperation? instance, KnownTypes types, TypeFactsCache<HashSet<ISymbol>> streamFields, Compilation compilation, System.Threading.CancellationToken cancellationToken)
    {
        var field = instance?.WalkDownConversions() switch
        {
            IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } reference => reference.Field,
            IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property: { } property } => ReturnedField(property),
            _ => null,
        };
        if (field is null || field.DeclaredAccessibility != Accessibility.Private || !CanHoldNetworkStream(field.Type, types)
            || field.ContainingType is not { } type)
        {
            return false;
        }

        return streamFields.Get(type, instance!, compilation, cancellationToken).Contains(field.OriginalDefinition);
    }

    /// <summary>The private field a get-only property of source returns (<c>=&gt; _stream</c>, <c>get { return _stream; }</c>, <c>get =&gt; _stream</c>).</summary>
    private static IFieldSymbol? ReturnedField(IPropertySymbol property)
    {
        if (property.SetMethod is not null || property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax() is not PropertyDeclarationSyntax declaration)
        {
            return null;
        }

        var returned = declaration.ExpressionBody?.Expression;
        if (returned is null && declaration.AccessorList?.Accessors is { Count: 1 } accessors)
        {
            returned = accessors[0].ExpressionBody?.Expression
                ?? (accessors[0].Body?.Statements is { Count: 1 } statements && statements[0] is ReturnStatementSyntax ret ? ret.Expression : null);
        }

        var name = returned switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is null)
        {
            return null;
        }

        foreach (var member in property.ContainingType.GetMembers(name))
        {
            if (member is IFieldSymbol field)
            {
                return field;
            }
        }

        return null;
    }

    /// <summary>Stream, AuthenticatedStream...: a declared type a NetworkStream or SslStream converts to (MemoryStream does not).</summary>
    private static bool CanHoldNetworkStream(ITypeSymbol? declared, KnownTypes types) =>
        declared is INamedTypeSymbol named && (types.NetworkStream.IsOrDerivesFrom(named) || types.SslStream.IsOrDerivesFrom(named));

    /// <summary>
    /// The type's stream fields whose every stored value (initializer and <c>=</c> assignments, <c>null</c> aside) is a
    /// NetworkStream or SslStream by its type (<c>client.GetStream()</c>, <c>new SslStream(...)</c>); a field also written
    /// another way (<c>ref</c>/<c>out</c>, <c>??=</c>, deconstruction) is not.
    /// </summary>
    private static HashSet<ISymbol> NetworkStreamFields(ImmutableArray<IOperation> roots, KnownTypes types)
    {
        var values = new Dictionary<ISymbol, bool>(SymbolEqualityComparer.Default);
        void Add(IFieldSymbol field, IOperation value)
        {
            if (!CanHoldNetworkStream(field.Type, types))
            {
                return;
            }

            var key = field.OriginalDefinition;
            var stored = value.WalkDownConversions();
            if (stored.ConstantValue is { HasValue: true, Value: null })
            {
                return;
            }

            var network = stored.Type.IsOrDerivesFrom(types.NetworkStream) || stored.Type.IsOrDerivesFrom(types.SslStream);
            values[key] = network && (!values.TryGetValue(key, out var before) || before);
        }

        foreach (var root in roots)
        {
            if (root is IFieldInitializerOperation initializer)
            {
                foreach (var initialized in initializer.InitializedFields)
                {
                    Add(initialized, initializer.Value);
                }
            }

            foreach (var operation in root.Descendants())
            {
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IFieldReferenceOperation target } assignment:
                        Add(target.Field, assignment.Value);
                        break;
                    case IFieldReferenceOperation reference when CanHoldNetworkStream(reference.Field.Type, types) && IsWrittenOtherwise(reference):
                        values[reference.Field.OriginalDefinition] = false;
                        break;
                }
            }
        }

        var fields = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var pair in values)
        {
            if (pair.Value)
            {
                fields.Add(pair.Key);
            }
        }

        return fields;
    }

    /// <summary>Written other than by a plain <c>=</c>: a ref/out argument, a compound or coalescing assignment, a deconstruction.</summary>
    private static bool IsWrittenOtherwise(IFieldReferenceOperation reference)
    {
        var value = reference.WalkUpConversions();
        return value.Parent switch
        {
            IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } => true,
            ICompoundAssignmentOperation compound => compound.Target == value,
            ICoalesceAssignmentOperation coalesce => coalesce.Target == value,
            ITupleOperation { Parent: IDeconstructionAssignmentOperation } => true,
            _ => false,
        };
    }
}
