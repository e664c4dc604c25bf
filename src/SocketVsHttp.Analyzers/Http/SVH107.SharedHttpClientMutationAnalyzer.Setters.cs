using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// A wrapper's property setter that passes its value on to the shared client (<c>set { _client.Timeout = value; }</c>)
/// exposes the client's own configuration property, with the same contract: set it before the first request. Such a
/// setter is judged by its callers in the compilation: when every assignment of the property (directly, or through an
/// interface property it implements) is construction-time configuration, the write is construction too. Construction
/// time is an object initializer (<c>new Wrapper(...) { Timeout = t }</c>), a statement of the run that directly follows
/// the wrapper's creation into a local (<c>var w = new Wrapper(); w.Timeout = t;</c>), or a constructor.
/// A setter with no caller in the compilation stays reported: nothing shows how it is used, and another assembly may set
/// it at any time. The callers seen here are taken as the property's contract: a public setter that this compilation only
/// uses as construction-time configuration is treated as such.
/// One instance per compilation; the callers of each property are searched once, only when such a setter writes.
/// </summary>
internal sealed class PassThroughSetters
{
    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<IPropertySymbol, bool> onlyConstructionTime = new(SymbolEqualityComparer.Default);

    public PassThroughSetters(Compilation compilation) => this.compilation = compilation;

    /// <summary>True when <paramref name="write"/> is in a setter that passes its value to the client and no caller sets the property late.</summary>
    public bool IsConstructionTimeSetter(IOperation write, ISymbol writer, CancellationToken cancellationToken)
    {
        if (writer is not IMethodSymbol { MethodKind: MethodKind.PropertySet, AssociatedSymbol: IPropertySymbol property } setter ||
            setter.Parameters.Length == 0 ||
            write.EnclosingLoop() is not null ||
            !UsesValue(write, setter.Parameters[setter.Parameters.Length - 1]))
        {
            return false;
        }

        var key = property.OriginalDefinition;
        if (onlyConstructionTime.TryGetValue(key, out var known))
        {
            return known;
        }

        return onlyConstructionTime.GetOrAdd(key, AllCallersConstructionTime(key, cancellationToken));
    }

    private static bool UsesValue(IOperation write, IParameterSymbol value)
    {
        foreach (var operation in write.DescendantsAndSelf())
        {
            if (operation is IParameterReferenceOperation reference && reference.Parameter.Is(value))
            {
                return true;
            }
        }

        return false;
    }

    private bool AllCallersConstructionTime(IPropertySymbol property, CancellationToken cancellationToken)
    {
        var callers = 0;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot(cancellationToken);
            SemanticModel? model = null;
            foreach (var node in root.DescendantNodes())
            {
                if (node is not AssignmentExpressionSyntax assignment || NameOf(assignment.Left) != property.Name)
                {
                    continue;
                }

#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
                model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                var info = model.GetSymbolInfo(assignment.Left, cancellationToken);
                var assigned = info.Symbol as IPropertySymbol;
                if (assigned is null)
                {
                    // A caller that does not bind but may be this property: judged late (the write stays reported).
                    foreach (var candidate in info.CandidateSymbols)
                    {
                        if (candidate is IPropertySymbol candidateProperty && Matches(candidateProperty, property))
                        {
                            return false;
                        }
                    }

                    continue;
                }

                if (!Matches(assigned, property) || IsInside(assignment, property))
                {
                    continue;
                }

                if (!IsConstructionTime(assignment, model, cancellationToken))
                {
                    return false;
                }

                callers++;
            }
        }

        return callers > 0;
    }

    private static string? NameOf(ExpressionSyntax left) => left switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax { Name: { } name } => name.Identifier.ValueText,
        MemberBindingExpressionSyntax { Name: { } bound } => bound.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The property itself, an interface property it implements, or a property it overrides.</summary>
    private static bool Matches(IPropertySymbol assigned, IPropertySymbol property)
    {
        var target = assigned.OriginalDefinition;
        if (target.Is(property))
        {
            return true;
        }

        if (target.ContainingType?.TypeKind == TypeKind.Interface)
        {
            return property.ContainingType.FindImplementationForInterfaceMember(target) is IPropertySymbol implementation &&
                   implementation.OriginalDefinition.Is(property);
        }

        for (var overridden = property.OverriddenProperty; overridden is not null; overridden = overridden.OverriddenProperty)
        {
            if (overridden.OriginalDefinition.Is(target))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An assignment inside the property's own declaration (the setter writing a backing field of the same name).</summary>
    private static bool IsInside(SyntaxNode node, IPropertySymbol property)
    {
        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == node.SyntaxTree && reference.Span.Contains(node.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConstructionTime(AssignmentExpressionSyntax assignment, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return false;
        }

        // new Wrapper(...) { Timeout = t }
        if (assignment.Parent is InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression } initializer &&
            initializer.Parent is BaseObjectCreationExpressionSyntax)
        {
            return true;
        }

        if (assignment.Parent is not ExpressionStatementSyntax statement)
        {
            return false;
        }

        // A constructor configuring itself or an object it holds.
        if (model.GetEnclosingSymbol(assignment.SpanStart, cancellationToken) is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor })
        {
            return assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax };
        }

        // var w = new Wrapper(...); [w.Other = ...;] w.Timeout = t;
        return assignment.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } &&
               model.GetSymbolInfo(receiver, cancellationToken).Symbol is ILocalSymbol local &&
               FollowsCreation(statement, local, model, cancellationToken);
    }

    private static bool FollowsCreation(ExpressionStatementSyntax statement, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (statement.Parent is not BlockSyntax block)
        {
            return false;
        }

        for (var index = block.Statements.IndexOf(statement) - 1; index >= 0; index--)
        {
            switch (block.Statements[index])
            {
                case LocalDeclarationStatementSyntax declaration:
                    foreach (var variable in declaration.Declaration.Variables)
                    {
                        if (variable.Identifier.ValueText == local.Name &&
                            model.GetDeclaredSymbol(variable, cancellationToken) is { } declared && declared.Is(local))
                        {
                            return variable.Initializer?.Value is BaseObjectCreationExpressionSyntax;
                        }
                    }

                    return false;
                case ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax previous }:
                    if (previous.Left is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name)
                    {
                        // w = new Wrapper(...);
                        return previous.Right is BaseObjectCreationExpressionSyntax;
                    }

                    if (previous.Left is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax configured } &&
                        configured.Identifier.ValueText == local.Name)
                    {
                        // Another configuration statement of the same run.
                        continue;
                    }

                    return false;
                default:
                    return false;
            }
        }

        return false;
    }
}
