using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// A connection stored in a <c>protected</c> field declared in a base class of the same compilation
/// (<c>class DccChat : DccConnection { ... Connection = listener.AcceptTcpClient(); }</c>): the types that can close it are
/// the base and the types derived from it, all of them in view. Reported when none of them closes, disposes or hands on the
/// field (nor a private stream, reader or writer field built over it) and none is <c>IDisposable</c>. Silent when a type
/// of the hierarchy can be derived from outside the assembly (a public, unsealed type with an accessible constructor in a
/// library: a subclass elsewhere may close it) or declares nested types (they can reach the field; not followed).
/// </summary>
public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>Inherited-field shape: a base type's protected connection field that nothing in the hierarchy closes (no fix).</summary>
    public const string InheritedFieldShape = "InheritedField";

    /// <summary>The compilation's source types by base type, built once, the first time an inherited connection field is met.</summary>
    private sealed class DerivedTypes
    {
        private readonly Compilation compilation;
        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>? byBase;

        public DerivedTypes(Compilation compilation) => this.compilation = compilation;

        /// <summary><paramref name="root"/> and every type of the compilation that derives from it, directly or not.</summary>
        public List<INamedTypeSymbol> HierarchyOf(INamedTypeSymbol root)
        {
            var index = LazyInitializer.EnsureInitialized(ref byBase, Build)!;
            var result = new List<INamedTypeSymbol> { root };
            for (var i = 0; i < result.Count && result.Count < 64; i++)
            {
                if (index.TryGetValue(result[i], out var derived))
                {
                    result.AddRange(derived);
                }
            }

            return result;
        }

        private Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> Build()
        {
            var index = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
            var pending = new Stack<INamespaceOrTypeSymbol>();
            pending.Push(compilation.Assembly.GlobalNamespace);
            while (pending.Count > 0)
            {
                var current = pending.Pop();
                if (current is INamespaceSymbol ns)
                {
                    foreach (var member in ns.GetNamespaceMembers())
                    {
                        pending.Push(member);
                    }
                }

                foreach (var type in current.GetTypeMembers())
                {
                    pending.Push(type);
                    if (type.BaseType is { SpecialType: SpecialType.None } baseType)
                    {
                        var key = baseType.OriginalDefinition;
                        if (!index.TryGetValue(key, out var list))
                        {
                            index[key] = list = new List<INamedTypeSymbol>();
                        }

                        list.Add(type);
                    }
                }
            }

            return index;
        }
    }

    /// <summary>A protected instance field of a source base class of <paramref name="type"/> that no type of the hierarchy closes.</summary>
    private static void ReportInheritedField(
        OperationAnalysisContext context, IOperation value, IFieldSymbol field, INamedTypeSymbol type, TypeFactsCache<TypeFacts> cache, DerivedTypes derived, KnownTypes types)
    {
        var declaring = field.ContainingType.OriginalDefinition;
        if (field.IsStatic || field.DeclaredAccessibility is not (Accessibility.Protected or Accessibility.ProtectedAndInternal)
            || declaring.TypeKind != TypeKind.Class || declaring.DeclaringSyntaxReferences.Length == 0 || !DerivesFrom(type, declaring))
        {
            return;
        }

        var exe = context.Compilation.Options.OutputKind is OutputKind.ConsoleApplication or OutputKind.WindowsApplication;
        var hierarchy = derived.HierarchyOf(declaring);
        if (hierarchy.Count >= 64)
        {
            return;
        }

        foreach (var member in hierarchy)
        {
            if (member.DeclaringSyntaxReferences.Length == 0 || (!exe && IsExternallyDerivable(member)))
            {
                return;
            }

            var facts = cache.Get(member, value, context.Compilation, context.CancellationToken);
            if (facts.Disposable || TypeFacts.FieldReleased(field, facts.Roots, facts.Methods, types, out var walk) || NestedTypesMention(member, field, value, context, cache, types))
            {
                return;
            }

            foreach (var related in walk.RelatedFields)
            {
                // A stream, reader or writer over it, kept in a private field of the same type that is never closed either.
                if (!related.ContainingType.OriginalDefinition.Is(member.OriginalDefinition) || !facts.IsNeverClosed(related))
                {
                    return;
                }
            }
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeKey, InheritedFieldShape);
        var message = $"'{field.Name}' is never closed: nothing in '{declaring.Name}' or the types derived from it closes or disposes it, and none of them is IDisposable";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH210, value.Syntax.GetLocation(), properties, message));
    }

    /// <summary>A nested type (at any depth) that reads or writes the field: it reaches it through another instance, which is not followed.</summary>
    private static bool NestedTypesMention(INamedTypeSymbol type, IFieldSymbol field, IOperation from, OperationAnalysisContext context, TypeFactsCache<TypeFacts> cache, KnownTypes types)
    {
        foreach (var nested in type.GetTypeMembers())
        {
            var facts = cache.Get(nested, from, context.Compilation, context.CancellationToken);
            if (TypeFacts.FieldReleased(field, facts.Roots, facts.Methods, types, out var walk) || walk.RelatedFields.Count > 0
                || NestedTypesMention(nested, field, from, context, cache, types))
            {
                return true;
            }
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition.Is(baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A type another assembly can derive from: unsealed, visible outside, with a constructor a subclass can call.</summary>
    private static bool IsExternallyDerivable(INamedTypeSymbol type)
    {
        if (type.IsSealed || type.IsStatic)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
            {
                return false;
            }
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (constructor.DeclaredAccessibility is Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)
            {
                return true;
            }
        }

        return false;
    }
}
