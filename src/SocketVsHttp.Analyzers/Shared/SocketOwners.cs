using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>
/// "Which socket is this?" Maps a socket, TcpClient or network-stream expression to the local, parameter or field that
/// owns the connection: <c>socket</c>, <c>client</c> for <c>client.Client</c> / <c>client.GetStream()</c>, the socket of
/// <c>new NetworkStream(socket)</c>, the inner stream of <c>new SslStream(inner)</c>, and stream locals/fields through
/// their assigned values (all of them must agree). Null when the owner is not a plain local/parameter/field.
/// </summary>
internal static class SocketOwners
{
    private const int MaxDepth = 4;

    /// <param name="fieldValues">Values assigned to stream fields in the type (null: fields are not followed).</param>
    public static ISymbol? Find(IOperation? expression, KnownTypes types, IReadOnlyDictionary<IFieldSymbol, List<IOperation>>? fieldValues) =>
        Find(expression, types, fieldValues, 0);

    /// <summary>True for <c>Socket</c> / <c>TcpClient</c> (or derived) types: the owners this helper returns.</summary>
    public static bool IsOwnerType(ITypeSymbol? type, KnownTypes types) =>
        type.IsOrDerivesFrom(types.Socket) || type.IsOrDerivesFrom(types.TcpClient);

    /// <summary>
    /// The local or field a new connection is stored in: <c>var s = new Socket(...)</c>, <c>_client = new TcpClient()</c>,
    /// <c>var c = await listener.AcceptTcpClientAsync()</c>, field initializers. Null when it goes elsewhere.
    /// </summary>
    public static ISymbol? StoredIn(IOperation value, out IOperation? store)
    {
        store = null;
        var current = value.WalkUpConversions();
        if (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configureAwait && configureAwait.Instance == current)
        {
            current = configureAwait.WalkUpConversions();
        }

        if (current.Parent is IAwaitOperation awaited)
        {
            current = awaited.WalkUpConversions();
        }

        switch (current.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                store = declarator;
                return declarator.Symbol;
            case IFieldInitializerOperation fieldInitializer when fieldInitializer.InitializedFields.Length == 1:
                store = fieldInitializer;
                return fieldInitializer.InitializedFields[0].OriginalDefinition;
            case ISimpleAssignmentOperation assignment when assignment.Value == current:
                store = assignment;
                return assignment.Target.WalkDownConversions() switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static ISymbol? Find(IOperation? expression, KnownTypes types, IReadOnlyDictionary<IFieldSymbol, List<IOperation>>? fieldValues, int depth)
    {
        if (expression is null || depth > MaxDepth)
        {
            return null;
        }

        var value = expression.WalkDownConversions();
        switch (value)
        {
            case IInvocationOperation { TargetMethod.Name: "GetStream" } getStream when getStream.TargetMethod.ContainingType.IsOrDerivesFrom(types.TcpClient):
                return PlainSymbol(getStream.Instance);
            case IPropertyReferenceOperation { Property.Name: "Client" } client when client.Property.ContainingType.IsOrDerivesFrom(types.TcpClient):
                return PlainSymbol(client.Instance);
            case IObjectCreationOperation creation when creation.Arguments.Length > 0
                && (creation.Type.IsOrDerivesFrom(types.NetworkStream) || creation.Type.IsOrDerivesFrom(types.SslStream)):
                return Find(FirstArgument(creation), types, fieldValues, depth + 1);
            case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation when IsOwnerType(value.Type, types):
                return PlainSymbol(value);
            case ILocalReferenceOperation local when value.Type.IsOrDerivesFrom(types.Stream):
                return Agree(LocalOrigins.AssignedValues(local), types, fieldValues, depth);
            case IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field when value.Type.IsOrDerivesFrom(types.Stream) && fieldValues is not null:
                return fieldValues.TryGetValue(field.Field.OriginalDefinition, out var assigned) ? Agree(assigned, types, fieldValues, depth) : null;
            default:
                return null;
        }
    }

    private static IOperation? FirstArgument(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static ISymbol? Agree(List<IOperation>? values, KnownTypes types, IReadOnlyDictionary<IFieldSymbol, List<IOperation>>? fieldValues, int depth)
    {
        if (values is null || values.Count == 0)
        {
            return null;
        }

        ISymbol? owner = null;
        foreach (var assigned in values)
        {
            var found = Find(assigned, types, fieldValues, depth + 1);
            if (found is null || (owner is not null && !owner.Is(found)))
            {
                return null;
            }

            owner = found;
        }

        return owner;
    }

    private static ISymbol? PlainSymbol(IOperation? operation) => operation?.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
        _ => null,
    };
}
