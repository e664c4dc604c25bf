using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Connections kept in a collection field of the type (<c>clients.Add(client)</c>): they are closed only if some member
/// takes an element out (a <c>foreach</c>, an indexer, <c>TryRemove(..., out var c)</c>, <c>ForEach(c => ...)</c>) and
/// closes or hands it on. Any use of the collection the rule does not understand (passed on, returned, copied into a local)
/// counts as closing: precision first.
/// </summary>
public sealed partial class ConnectionNeverClosedAnalyzer
{
    /// <summary>Collection shape: an accepted connection kept in a collection field whose elements nothing closes.</summary>
    public const string CollectionShape = "Collection";

    /// <summary><c>clients.Add(client)</c> (also Insert, Enqueue, Push, TryAdd, AddFirst/AddLast) on a collection field of this object.</summary>
    private static IFieldSymbol? CollectionStoredInto(IInvocationOperation call, IArgumentOperation argument) =>
        call.TargetMethod.Name is "Add" or "Insert" or "Enqueue" or "Push" or "TryAdd" or "AddFirst" or "AddLast"
        && argument.Parameter is { RefKind: RefKind.None } parameter && parameter.OriginalDefinition.Type is ITypeParameterSymbol
            ? OwnCollectionField(call.Instance)
            : null;

    /// <summary>A field of this object or type (not of another instance) whose type is a System.Collections.Generic/Concurrent collection.</summary>
    private static IFieldSymbol? OwnCollectionField(IOperation? instance) =>
        instance?.WalkDownConversions() is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } reference
        && IsFrameworkCollection(reference.Field.Type)
            ? reference.Field.OriginalDefinition
            : null;

    private static bool IsFrameworkCollection(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { IsGenericType: true } named)
        {
            return false;
        }

        var ns = named.OriginalDefinition.ContainingNamespace;
        return ns is { Name: "Generic" or "Concurrent", ContainingNamespace: { Name: "Collections", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
    }

    /// <summary>
    /// Judges the collection fields an accepted connection was put in: reported (true) when each is a private field of
    /// <paramref name="type"/> and no member of the type ever takes an element out and closes or hands it on.
    /// </summary>
    private static bool CollectionsNeverCloseElements(List<IFieldSymbol> collections, INamedTypeSymbol type, TypeFacts facts)
    {
        foreach (var collection in collections)
        {
            if (collection.DeclaredAccessibility != Accessibility.Private || !collection.ContainingType.OriginalDefinition.Is(type.OriginalDefinition)
                || !facts.CollectionNeverClosesElements(collection))
            {
                return false;
            }
        }

        return collections.Count > 0;
    }

    /// <summary>Every use of a collection field in the type, each asked whether it keeps the elements where they are.</summary>
    private sealed class CollectionUses
    {
        private readonly KnownTypes types;
        private readonly TypeMethods methods;

        public CollectionUses(KnownTypes types, TypeMethods methods)
        {
            this.types = types;
            this.methods = methods;
        }

        public bool NeverClosesElements(IFieldSymbol collection, IEnumerable<IOperation> roots)
        {
            foreach (var root in roots)
            {
                foreach (var operation in root.Descendants())
                {
                    if (operation is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } reference
                        && reference.Field.OriginalDefinition.Is(collection) && !KeepsElements(reference))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private bool KeepsElements(IOperation reference)
        {
            var use = reference.WalkUpConversions();
            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    // clients = new List<TcpClient>(): a fresh collection (the old elements are dropped, not closed).
                    return assignment.Value.WalkDownConversions() is IObjectCreationOperation or ILiteralOperation { ConstantValue.HasValue: true };
                case ILockOperation:
                    return true;
                case IPropertyReferenceOperation property when property.Instance == use:
                    if (property.Property.IsIndexer)
                    {
                        return property.Parent is ISimpleAssignmentOperation store && store.Target == property || ElementStays(property);
                    }

                    return property.Property.Name switch
                    {
                        "Count" or "IsEmpty" => true,
                        "Values" => EnumeratedElementsStay(property),
                        _ => false,
                    };
                case IInvocationOperation invocation when invocation.Instance == use:
                    return CallKeepsElements(invocation);
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    return ArgumentKeepsElements(call, argument);
                case IForEachLoopOperation loop when loop.Collection == use || loop.Collection.WalkDownConversions() == reference:
                    return LoopElementsStay(loop);
                default:
                    return false;
            }
        }

        private bool CallKeepsElements(IInvocationOperation invocation)
        {
            switch (invocation.TargetMethod.Name)
            {
                case "Add" or "Insert" or "Enqueue" or "Push" or "TryAdd" or "AddFirst" or "AddLast" or "Contains" or "ContainsKey"
                    or "ContainsValue" or "IndexOf" or "Clear" or "Remove" or "RemoveAt" or "RemoveAll" or "ForEach" or "Exists"
                    or "TryGetValue" or "TryRemove" or "TryDequeue" or "TryPop" or "TryTake" or "TryPeek":
                    // Elements that come out (an out argument, a lambda's parameter) are followed; a returned element too.
                    return ArgumentsKeepElements(invocation) && (invocation.Type is not { } returned || !SocketOwners.IsOwnerType(returned, types) || ElementStays(invocation));
                case "Dequeue" or "Pop" or "Peek" or "Take" or "Find" or "ElementAt":
                    return ArgumentsKeepElements(invocation) && ElementStays(invocation);
                case "ToArray" or "ToList":
                    return EnumeratedElementsStay(invocation);
                default:
                    return false;
            }
        }

        /// <summary>LINQ over the field (<c>clients.ToList()</c>, <c>clients.First()</c>) and <c>Parallel.ForEach(clients, c => ...)</c>.</summary>
        private bool ArgumentKeepsElements(IInvocationOperation call, IArgumentOperation argument)
        {
            var method = call.TargetMethod;
            if (method.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
            {
                return method.Name switch
                {
                    "Count" or "Any" or "Contains" => ArgumentsKeepElements(call),
                    "ToList" or "ToArray" => EnumeratedElementsStay(call),
                    "First" or "FirstOrDefault" or "Last" or "LastOrDefault" or "Single" or "SingleOrDefault" or "ElementAt" or "ElementAtOrDefault"
                        => ArgumentsKeepElements(call) && ElementStays(call),
                    _ => false,
                };
            }

            return method.Name is "ForEach" && method.ContainingType is { Name: "Parallel" } && argument.Parameter?.Ordinal == 0 && ArgumentsKeepElements(call);
        }

        /// <summary>Lambdas given the elements (<c>c => c.Close()</c>) and out arguments that receive one.</summary>
        private bool ArgumentsKeepElements(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                var value = argument.Value.WalkDownConversions();
                if (value is IDelegateCreationOperation creation)
                {
                    value = creation.Target;
                }

                switch (value)
                {
                    case IAnonymousFunctionOperation function:
                        foreach (var parameter in function.Symbol.Parameters)
                        {
                            if (!SocketOwners.IsOwnerType(parameter.Type, types) && !IsPlainValue(parameter.Type))
                            {
                                return false;
                            }

                            var walk = new OwnershipWalk(types, methods);
                            walk.FollowParameter(parameter, function.Body);
                            if (walk.Released)
                            {
                                return false;
                            }
                        }

                        break;
                    case IMethodReferenceOperation:
                        return false;
                }

                if (argument.Parameter?.RefKind == RefKind.Out)
                {
                    if (value is not ILocalReferenceOperation and not IDeclarationExpressionOperation)
                    {
                        return false;
                    }

                    var local = value switch
                    {
                        ILocalReferenceOperation reference => reference.Local,
                        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } => declared.Local,
                        _ => null,
                    };
                    if (local is null || (!SocketOwners.IsOwnerType(local.Type, types) && !IsPlainValue(local.Type)))
                    {
                        return false;
                    }

                    var walk = new OwnershipWalk(types, methods);
                    walk.FollowLocal(local, invocation);
                    if (walk.Released)
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>Keys, counts and flags: nothing of the connection.</summary>
        private static bool IsPlainValue(ITypeSymbol type) =>
            type.IsValueType && type is INamedTypeSymbol { IsGenericType: false } || type.SpecialType == SpecialType.System_String;

        /// <summary>An element taken out: kept when it is a connection nothing closes or hands on.</summary>
        private bool ElementStays(IOperation element)
        {
            if (!SocketOwners.IsOwnerType(element.Type, types))
            {
                return false;
            }

            var walk = new OwnershipWalk(types, methods);
            walk.Follow(element);
            return !walk.Released;
        }

        /// <summary>A sequence of the elements: only a <c>foreach</c> over it or <c>Parallel.ForEach</c> is followed.</summary>
        private bool EnumeratedElementsStay(IOperation sequence)
        {
            var use = sequence.WalkUpConversions();
            return use.Parent switch
            {
                IForEachLoopOperation loop => LoopElementsStay(loop),
                IArgumentOperation { Parent: IInvocationOperation call, Parameter.Ordinal: 0 } when call.TargetMethod is { Name: "ForEach", ContainingType.Name: "Parallel" }
                    => ArgumentsKeepElements(call),
                _ => false,
            };
        }

        private bool LoopElementsStay(IForEachLoopOperation loop)
        {
            if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { } variable } || !SocketOwners.IsOwnerType(variable.Type, types))
            {
                // A KeyValuePair, a tuple or a wrapper type: what is done with the connection inside is not followed.
                return false;
            }

            var walk = new OwnershipWalk(types, methods);
            walk.FollowLocal(variable, loop);
            return !walk.Released;
        }
    }
}
