using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Sockets kept in a collection (a server's accepted clients): the mode is set on each socket before it is added
/// (<c>accepted.Blocking = false; clients.Add(accepted);</c>) or on the elements (<c>foreach (var s in clients) s.Blocking = false;</c>,
/// <c>clients[i].Blocking = false</c>), and Send is called on the elements. The collection variable is the key: its mode is
/// what every element was given. One socket added without that mode makes the collection's mode unknown.
/// </summary>
public sealed partial class SendResultIgnoredAnalyzer
{
    /// <summary>
    /// The collection variable whose element <paramref name="instance"/> is: a <c>foreach</c> variable over it (also over
    /// <c>.Values</c>, <c>.ToArray()</c>, <c>.ToList()</c>, and <c>pair.Value</c> of a dictionary's pairs), an indexer or array
    /// element of it. Null for anything else.
    /// </summary>
    private static ISymbol? ElementCollection(IOperation? instance, KnownTypes types)
    {
        switch (instance?.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                return ForEachCollection(local);
            case IPropertyReferenceOperation { Property.Name: "Value", Instance: ILocalReferenceOperation pair } value
                when value.Property.ContainingType.OriginalDefinition.Is(types.KeyValuePair2):
                // foreach (var pair in clientsById) pair.Value.Send(...)
                return ForEachCollection(pair);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection }:
                return CollectionSymbol(collection);
            case IArrayElementReferenceOperation array:
                return CollectionSymbol(array.ArrayReference);
            default:
                return null;
        }
    }

    private static ISymbol? ForEachCollection(ILocalReferenceOperation local)
    {
        for (var current = local.Parent; current is not null; current = current.Parent)
        {
            if (current is IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation declarator } loop
                && declarator.Symbol.Is(local.Local))
            {
                return CollectionSymbol(loop.Collection);
            }
        }

        return null;
    }

    private static ISymbol? CollectionSymbol(IOperation collection)
    {
        var value = collection.WalkDownConversions();
        switch (value)
        {
            case IPropertyReferenceOperation { Property.Name: "Values", Instance: { } owner }:
                return CollectionSymbol(owner);
            case IInvocationOperation { TargetMethod.Name: "ToArray" or "ToList" } copy:
                var source = copy.Instance ?? (copy.Arguments.Length == 1 ? copy.Arguments[0].Value : null);
                return source is null ? null : CollectionSymbol(source);
            default:
                return SocketCallFacts.ReceiverSymbol(value);
        }
    }

    /// <summary>
    /// <c>clients.Add(socket)</c> (also Enqueue, Push, Insert, TryAdd, AddOrUpdate) or <c>clients[key] = socket</c> (also an array element): the collection the
    /// socket value goes into, or null.
    /// </summary>
    private static ISymbol? AddedTo(IOperation socketValue, KnownTypes types)
    {
        var value = socketValue.WalkUpConversions();
        switch (value.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" or "Enqueue" or "Push" or "Insert" or "TryAdd" or "AddOrUpdate" } add }
                when add.Instance is { } collection && !collection.Type.IsOrDerivesFrom(types.Socket):
                return CollectionSymbol(collection);
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } collection } } assignment
                when assignment.Value == value:
                return CollectionSymbol(collection);
            case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation array } assignment when assignment.Value == value:
                return CollectionSymbol(array.ArrayReference);
            default:
                return null;
        }
    }

    /// <summary><c>new Socket(...) { Blocking = ..., SendTimeout = ... }</c>: the initializer gives the socket a mode.</summary>
    private static bool SetsMode(IObjectOrCollectionInitializerOperation initializer)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Blocking" or "SendTimeout" } })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>After a type's walk: each collection takes the mode of the sockets added to it (or becomes unknown).</summary>
    private static void RecordAdditions(Dictionary<ISymbol, Mode> modes, List<(ISymbol Socket, ISymbol Collection)> additions)
    {
        foreach (var (socket, collection) in additions)
        {
            var added = modes.TryGetValue(socket.OriginalDefinition, out var mode) ? mode : 0;
            Record(modes, collection, added == 0 ? Mode.AddedOther : added);
        }
    }
}
