using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketVsHttp.Shared;

/// <summary>
/// The operation trees of every member body and initializer a type declares (all partial declarations, nested types
/// excluded), built only when asked. Rules that need a type-wide fact ("is this socket given keep-alive anywhere in the
/// type?") ask when a candidate turns up, instead of tracking every type of the compilation with symbol-start actions:
/// a type without a candidate costs nothing. Generated parts of a partial type are included: nothing is reported there, but
/// what they do (create, configure, call) is part of the type.
/// </summary>
internal static class TypeBodies
{
    /// <summary>
    /// The root operations (method bodies, accessor bodies, initializers, top-level statements) of <paramref name="type"/>.
    /// <paramref name="from"/> is the operation being analyzed: its semantic model is reused for its own tree, so the
    /// operations returned there are the very instances the driver hands to callbacks.
    /// </summary>
    public static ImmutableArray<IOperation> Of(INamedTypeSymbol type, IOperation from, Compilation compilation, CancellationToken cancellationToken)
    {
        var roots = ImmutableArray.CreateBuilder<IOperation>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            var node = reference.GetSyntax(cancellationToken);
            var model = ModelFor(node.SyntaxTree, from, compilation);
            switch (node)
            {
                case TypeDeclarationSyntax declaration:
                    if (declaration.ParameterList is not null)
                    {
                        // A primary constructor: its base-type arguments.
                        Add(declaration, model, roots, cancellationToken);
                    }

                    foreach (var member in declaration.Members)
                    {
                        AddMember(member, model, roots, cancellationToken);
                    }

                    break;
                case CompilationUnitSyntax unit:
                    // Top-level statements: the compilation unit is the body of <Main>$.
                    Add(unit, model, roots, cancellationToken);
                    break;
            }
        }

        return roots.ToImmutable();
    }

    private static void AddMember(MemberDeclarationSyntax member, SemanticModel model, ImmutableArray<IOperation>.Builder roots, CancellationToken cancellationToken)
    {
        switch (member)
        {
            case BaseMethodDeclarationSyntax method:
                Add(method, model, roots, cancellationToken);
                break;
            case BasePropertyDeclarationSyntax property:
                if (property.AccessorList is { } accessors)
                {
                    foreach (var accessor in accessors.Accessors)
                    {
                        Add(accessor, model, roots, cancellationToken);
                    }
                }

                var arrow = property switch
                {
                    PropertyDeclarationSyntax p => p.ExpressionBody,
                    IndexerDeclarationSyntax i => i.ExpressionBody,
                    _ => null,
                };
                if (arrow is not null)
                {
                    Add(arrow, model, roots, cancellationToken);
                }

                if (property is PropertyDeclarationSyntax { Initializer: { } propertyInitializer })
                {
                    Add(propertyInitializer, model, roots, cancellationToken);
                }

                break;
            case BaseFieldDeclarationSyntax field:
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Initializer is { } initializer)
                    {
                        Add(initializer, model, roots, cancellationToken);
                    }
                }

                break;
        }
    }

    private static void Add(SyntaxNode node, SemanticModel model, ImmutableArray<IOperation>.Builder roots, CancellationToken cancellationToken)
    {
        if (model.GetOperation(node, cancellationToken) is { } operation)
        {
            roots.Add(operation);
        }
    }

    /// <summary>The semantic model of <paramref name="tree"/>: the one <paramref name="from"/> came from when it is that tree's, else a new one.</summary>
    internal static SemanticModel ModelFor(SyntaxTree tree, IOperation from, Compilation compilation)
    {
        if (from.SemanticModel is { } model && model.SyntaxTree == tree)
        {
            return model;
        }

        // Only for the other parts of a partial type, and only once a candidate was found in it.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
    }
}

/// <summary>
/// Facts about a type, computed once per type from <see cref="TypeBodies"/> the first time a rule asks, then reused.
/// One instance per rule and compilation (create it in the compilation-start action).
/// </summary>
internal sealed class TypeFactsCache<TFacts>
    where TFacts : class
{
    private readonly ConcurrentDictionary<INamedTypeSymbol, TFacts> cache = new(SymbolEqualityComparer.Default);
    private readonly Func<INamedTypeSymbol, ImmutableArray<IOperation>, TFacts> compute;

    public TypeFactsCache(Func<INamedTypeSymbol, ImmutableArray<IOperation>, TFacts> compute) => this.compute = compute;

    public TFacts Get(INamedTypeSymbol type, IOperation from, Compilation compilation, CancellationToken cancellationToken)
    {
        var key = type.OriginalDefinition;
        if (cache.TryGetValue(key, out var facts))
        {
            return facts;
        }

        // Computing twice under a race gives the same facts; a cancelled computation stores nothing.
        return cache.GetOrAdd(key, compute(key, TypeBodies.Of(key, from, compilation, cancellationToken)));
    }
}
