using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>
    /// Type-wide facts, computed the first time a candidate turns up in the type: its method bodies (for handlers), whether
    /// it is disposable, and which of its private instance connection fields nothing in the type ever closes or hands on.
    /// </summary>
    private sealed class TypeFacts
    {
        private readonly Dictionary<IFieldSymbol, bool> released = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IFieldSymbol, bool> collections = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IFieldSymbol, bool> staticFields = new(SymbolEqualityComparer.Default);
        private readonly ImmutableArray<IOperation> roots;
        private readonly KnownTypes types;

        private TypeFacts(TypeMethods methods, bool disposable, ImmutableArray<IOperation> roots, KnownTypes types, INamedTypeSymbol type)
        {
            Methods = methods;
            Disposable = disposable;
            this.roots = roots;
            this.types = types;
            foreach (var nested in type.GetTypeMembers())
            {
                // Delegates and enums have no bodies that could reach a field.
                HasNestedTypes |= nested.TypeKind is not (TypeKind.Delegate or TypeKind.Enum);
            }
        }

        public TypeMethods Methods { get; }

        /// <summary>The root operations of the type's members (nested types excluded).</summary>
        public ImmutableArray<IOperation> Roots => roots;

        /// <summary>The type declares nested types: they can reach its private fields, and their bodies are not in <see cref="Roots"/>.</summary>
        public bool HasNestedTypes { get; }

        /// <summary>No member of the type takes an element out of <paramref name="collection"/> and closes or hands it on.</summary>
        public bool CollectionNeverClosesElements(IFieldSymbol collection) =>
            !HasNestedTypes && collections.GetOrAdd(collection.OriginalDefinition, field => new CollectionUses(types, Methods).NeverClosesElements(field, roots));

        /// <summary>
        /// A private static connection field nothing in the type closes, disposes, binds, listens on or hands on (a stream,
        /// reader or writer field over it counts as handing on: not followed).
        /// </summary>
        public bool IsStaticNeverClosed(IFieldSymbol field) =>
            !HasNestedTypes && field.DeclaredAccessibility == Accessibility.Private
            && staticFields.GetOrAdd(field.OriginalDefinition, f => !FieldReleased(f, roots, Methods, types, out _));

        /// <summary>
        /// The type (or a base) implements IDisposable or IAsyncDisposable, so whoever owns an instance can release it; or a
        /// base type does not bind, so it may.
        /// </summary>
        public bool Disposable { get; }

        /// <summary>Connection fields never closed or handed on, in declaration order (the fix disposes them all).</summary>
        public ImmutableArray<IFieldSymbol> NeverClosedFields { get; private set; } = ImmutableArray<IFieldSymbol>.Empty;

        public bool IsNeverClosed(IFieldSymbol field) => released.TryGetValue(field.OriginalDefinition, out var isReleased) && !isReleased;

        public static TypeFacts Compute(INamedTypeSymbol type, ImmutableArray<IOperation> roots, KnownTypes types, Compilation compilation, FieldReach reach)
        {
            var disposable = HasUnknownBase(type)
                || (type.AllInterfaces.Length > 0
                    && (IsAssignable(type, compilation.GetSpecialType(SpecialType.System_IDisposable)) || IsAssignable(type, types.IAsyncDisposable)));
            var facts = new TypeFacts(TypeMethods.Collect(type, roots), disposable, roots, types, type);
            if (disposable || type.TypeKind != TypeKind.Class)
            {
                return facts;
            }

            // Private instance fields of the connection types (and of streams, readers and writers that may wrap them): no
            // other type can close them. A connection field that is not private joins them when no other type can reach it
            // (checked last, and only when the type itself never closes it: see FieldReach).
            var fields = new List<IFieldSymbol>();
            foreach (var member in type.GetMembers())
            {
                if (member is IFieldSymbol { IsStatic: false, IsImplicitlyDeclared: false } field
                    && (field.DeclaredAccessibility == Accessibility.Private
                        ? SocketOwners.IsOwnerType(field.Type, types) || IsStreamOrWrapper(field.Type, types)
                        : SocketOwners.IsOwnerType(field.Type, types)))
                {
                    fields.Add(field);
                }
            }

            if (fields.Count == 0)
            {
                return facts;
            }

            // Follow every read of each field; fields that receive what derives from another (a stream over the client, a
            // reader over the stream) share its fate: closing any of them releases the group.
            var groups = new Dictionary<IFieldSymbol, IFieldSymbol>(SymbolEqualityComparer.Default);
            foreach (var field in fields)
            {
                groups[field] = field;
            }

            IFieldSymbol Find(IFieldSymbol field)
            {
                while (groups.TryGetValue(field, out var parent) && !parent.Is(field))
                {
                    field = parent;
                }

                return field;
            }

            var releasedFields = new List<IFieldSymbol>();
            foreach (var field in fields)
            {
                if (FieldReleased(field, roots, facts.Methods, types, out var walk)
                    || (field.DeclaredAccessibility != Accessibility.Private && !reach.OnlyItsTypeReaches(field, CancellationToken.None)))
                {
                    releasedFields.Add(field);
                }

                foreach (var related in walk.RelatedFields)
                {
                    if (groups.ContainsKey(related))
                    {
                        groups[Find(related)] = Find(field);
                    }
                    else
                    {
                        // A field this rule does not follow (another kind, static, visible outside) now holds it.
                        releasedFields.Add(field);
                    }
                }
            }

            var releasedGroups = new HashSet<IFieldSymbol>(SymbolEqualityComparer.Default);
            foreach (var field in releasedFields)
            {
                releasedGroups.Add(Find(field));
            }

            var neverClosed = ImmutableArray.CreateBuilder<IFieldSymbol>();
            foreach (var field in fields)
            {
                var isReleased = releasedGroups.Contains(Find(field));
                facts.released[field] = isReleased;
                if (!isReleased && (SocketOwners.IsOwnerType(field.Type, types) || field.Type.IsOrDerivesFrom(types.NetworkStream)))
                {
                    neverClosed.Add(field);
                }
            }

            facts.NeverClosedFields = neverClosed.ToImmutable();
            return facts;
        }

        /// <summary>
        /// Follows every read of <paramref name="field"/> in <paramref name="roots"/>: true when one closes or hands it on, or
        /// when the type binds or listens on it (a listener for the server's lifetime, not a connection: the real-world
        /// suite labelled one correct). Fields it flows into are listed in the walk's RelatedFields (and RelatedCollections).
        /// </summary>
        public static bool FieldReleased(IFieldSymbol field, IEnumerable<IOperation> roots, TypeMethods methods, KnownTypes types, out OwnershipWalk walk)
        {
            walk = new OwnershipWalk(types, methods, relateOwnFields: true, trackedField: field);
            foreach (var root in roots)
            {
                foreach (var operation in root.Descendants())
                {
                    if (walk.Released)
                    {
                        return true;
                    }

                    if (operation is IFieldReferenceOperation reference && reference.Field.OriginalDefinition.Is(field))
                    {
                        if (reference.Instance is not (null or IInstanceReferenceOperation))
                        {
                            // Another instance's field (other.client.Close()): not followed, so it may be closed there.
                            return true;
                        }

                        if (reference.Parent is IInvocationOperation { TargetMethod.Name: "Bind" or "Listen" } listening && listening.Instance == reference)
                        {
                            return true;
                        }

                        walk.Follow(reference);
                    }
                }
            }

            return walk.Released || walk.RelatedCollections.Count > 0;
        }

        /// <summary>A base type or interface that does not bind (a reference the build cannot see): it may well be disposable.</summary>
        private static bool HasUnknownBase(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current.TypeKind == TypeKind.Error)
                {
                    return true;
                }
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.TypeKind == TypeKind.Error)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsAssignable(INamedTypeSymbol type, INamedTypeSymbol? @interface) =>
            @interface is not null && type.IsAssignableTo(@interface);
    }
}
