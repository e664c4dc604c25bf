using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>The shared client a write goes to, and how the code reached it (the diagnostic's wording).</summary>
internal sealed class SharedClientOrigin
{
    public SharedClientOrigin(ISymbol holder, string description)
    {
        Holder = holder;
        Description = description;
    }

    /// <summary>The field, auto-property or captured primary-constructor parameter that holds the client.</summary>
    public ISymbol Holder { get; }

    /// <summary>What was seen, quoted: <c>'_client'</c>, <c>'client' (from GetClient(), the shared field '_client')</c>.</summary>
    public string Description { get; }
}

/// <summary>
/// Follows the client expression of a write back to the field that holds it: directly (<c>_client</c>, an inherited
/// field or auto-property), through a getter that returns that field (<c>GetClient()</c>, <c>Client => _client</c>,
/// <c>_client ??= new HttpClient()</c>), or through a local whose every assignment is one of those
/// (<c>var c = _client;</c>, <c>var client = GetClient();</c>). Anything else (a client created here, a factory's
/// client, a getter that makes a new client per call, a local written some other way) has no shared origin.
/// One instance per compilation; what each getter returns is computed once.
/// </summary>
internal sealed class SharedClientOrigins
{
    private readonly Compilation compilation;
    private readonly KnownTypes types;
    private readonly ConcurrentDictionary<ISymbol, ISymbol?> returnedHolders = new(SymbolEqualityComparer.Default);

    public SharedClientOrigins(Compilation compilation, KnownTypes types)
    {
        this.compilation = compilation;
        this.types = types;
    }

    /// <summary>Where <paramref name="receiver"/> (the client a write goes through, in <paramref name="writer"/>) comes from, or null.</summary>
    public SharedClientOrigin? Resolve(IOperation receiver, ISymbol writer, CancellationToken cancellationToken)
    {
        var client = receiver.WalkDownConversions();
        if (client is ILocalReferenceOperation local)
        {
            return ThroughLocal(local, cancellationToken);
        }

        if (Direct(client) is { } holder)
        {
            return new SharedClientOrigin(holder, Quote(HolderText(holder)) + Inherited(holder, writer.EnclosingType()));
        }

        return GetterOf(client) is { } getter && ReturnedHolder(getter, client, cancellationToken) is { } returned
            ? new SharedClientOrigin(returned, Quote(CallText(getter)) + " (" + Shared(returned) + ")")
            : null;
    }

    /// <summary>A local assigned only from shared-client reads of one holder.</summary>
    private SharedClientOrigin? ThroughLocal(ILocalReferenceOperation local, CancellationToken cancellationToken)
    {
        var values = LocalOrigins.AssignedValues(local);
        if (values is null || values.Count == 0)
        {
            return null;
        }

        ISymbol? holder = null;
        string? from = null;
        foreach (var value in values)
        {
            var client = value.WalkDownConversions();
            ISymbol? found;
            string? via;
            if (Direct(client) is { } direct)
            {
                found = direct;
                via = null;
            }
            else if (GetterOf(client) is { } getter && ReturnedHolder(getter, client, cancellationToken) is { } returned)
            {
                found = returned;
                via = CallText(getter);
            }
            else
            {
                return null;
            }

            if (holder is not null && !holder.Is(found))
            {
                return null;
            }

            holder = found;
            from ??= via;
        }

        var origin = from is null ? Shared(holder!) : "from " + from + ", " + Shared(holder!);
        return new SharedClientOrigin(holder!, Quote(local.Local.Name) + " (" + origin + ")");
    }

    /// <summary>
    /// The holder <paramref name="client"/> reads: a field, auto-property or captured primary-constructor parameter, or
    /// the <c>Value</c> of a <c>Lazy&lt;HttpClient&gt;</c> held in one (the Lazy field is then the holder).
    /// </summary>
    private ISymbol? Direct(IOperation client)
    {
        if (SharedClientMutation.ReferencedSymbol(client) is { } holder)
        {
            return holder;
        }

        return client is IPropertyReferenceOperation { Property.Name: "Value", Instance: { } lazy } value &&
            types.Lazy1 is { } lazyType && value.Property.ContainingType.OriginalDefinition.Is(lazyType)
                ? SharedClientMutation.ReferencedSymbol(lazy)
                : null;
    }

    /// <summary>The method or computed property whose value <paramref name="client"/> is (<c>await GetClientAsync()</c> included).</summary>
    private static ISymbol? GetterOf(IOperation client) => client switch
    {
        IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary, ReturnsByRef: false, ReturnsByRefReadonly: false } method } => method,
        IPropertyReferenceOperation { Arguments.Length: 0, Property: { GetMethod: not null } property } => property,
        IAwaitOperation { Operation: var awaited } when awaited.WalkDownConversions() is IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary, IsAsync: true } asyncMethod } => asyncMethod,
        _ => null,
    };

    /// <summary>
    /// The one holder every top-level <c>return</c> of <paramref name="getter"/> returns (a field or auto-property, also as
    /// <c>_f ??= new ...</c> or <c>_f ?? (_f = new ...)</c>), when the getter never replaces it unconditionally; else null.
    /// Only getters in source, with one declaration, that no override can replace.
    /// </summary>
    private ISymbol? ReturnedHolder(ISymbol getter, IOperation from, CancellationToken cancellationToken)
    {
        var key = getter.OriginalDefinition;
        if (returnedHolders.TryGetValue(key, out var known))
        {
            return known;
        }

        var holder = ComputeReturnedHolder(key, from, cancellationToken);
        returnedHolders.TryAdd(key, holder);
        return holder;
    }

    private ISymbol? ComputeReturnedHolder(ISymbol getter, IOperation from, CancellationToken cancellationToken)
    {
        if (getter.IsAbstract || getter.IsExtern || (getter.IsVirtual || getter.IsOverride) && !getter.IsSealed && !getter.ContainingType.IsSealed)
        {
            return null;
        }

        var body = getter is IPropertySymbol property ? property.GetMethod : getter;
        if (body is null || body.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        // A getter in a referenced project's source (the IDE hands it over as a compilation reference) is not read.
        var declaration = body.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (declaration is not (MethodDeclarationSyntax or AccessorDeclarationSyntax or ArrowExpressionClauseSyntax) ||
            !compilation.ContainsSyntaxTree(declaration.SyntaxTree))
        {
            return null;
        }

        var model = TypeBodies.ModelFor(declaration.SyntaxTree, from, compilation);
        if (model.GetOperation(declaration, cancellationToken) is not { } root)
        {
            return null;
        }

        ISymbol? holder = null;
        foreach (var operation in root.Descendants())
        {
            if (operation is not IReturnOperation { Kind: OperationKind.Return } returned || returned.EnclosingFunction() is not null)
            {
                continue;
            }

            if (returned.ReturnedValue is not { } value || ReturnedField(value) is not { } found || holder is not null && !holder.Is(found))
            {
                return null;
            }

            holder = found;
        }

        return holder is not null && !ReplacedEveryCall(root, holder) ? holder : null;
    }

    private ISymbol? ReturnedField(IOperation value)
    {
        switch (value.WalkDownConversions())
        {
            case ICoalesceAssignmentOperation coalesceAssignment:
                return SharedClientMutation.ReferencedSymbol(coalesceAssignment.Target);
            case ICoalesceOperation { WhenNull: var whenNull } coalesce
                when SharedClientMutation.ReferencedSymbol(coalesce.Value) is { } read &&
                     whenNull.WalkDownConversions() is ISimpleAssignmentOperation assignment &&
                     SharedClientMutation.ReferencedSymbol(assignment.Target).Is(read):
                return read;
            case var other:
                return Direct(other);
        }
    }

    /// <summary>The getter assigns the holder outside any condition: each call makes a new client (SVH101's business).</summary>
    private static bool ReplacedEveryCall(IOperation root, ISymbol holder)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation assignment &&
                SharedClientMutation.ReferencedSymbol(assignment.Target).Is(holder) &&
                assignment.FirstAncestor<IConditionalOperation>() is null &&
                assignment.FirstAncestor<ICoalesceOperation>() is null)
            {
                return true;
            }
        }

        return false;
    }

    private static string CallText(ISymbol getter) => getter is IMethodSymbol ? getter.Name + "()" : getter.Name;

    private string Shared(ISymbol holder) => holder switch
    {
        IFieldSymbol => "the shared field " + Quote(HolderText(holder)),
        IPropertySymbol => "the shared property " + Quote(HolderText(holder)),
        _ => "the captured parameter " + Quote(holder.Name),
    };

    /// <summary>The holder's name; <c>_lazy.Value</c> for a Lazy one.</summary>
    private string HolderText(ISymbol holder)
    {
        var type = holder switch
        {
            IFieldSymbol field => field.Type,
            IPropertySymbol property => property.Type,
            _ => null,
        };
        return types.Lazy1 is { } lazyType && type?.OriginalDefinition.Is(lazyType) == true ? holder.Name + ".Value" : holder.Name;
    }

    /// <summary>" (declared in the base class 'Base')" when the holder belongs to a base class of the type that writes it.</summary>
    private static string Inherited(ISymbol holder, INamedTypeSymbol? writer) =>
        writer is not null && holder.ContainingType is { } declaring && !writer.OriginalDefinition.Is(declaring.OriginalDefinition) &&
        writer.IsOrDerivesFrom(declaring.OriginalDefinition)
            ? " (declared in the base class " + Quote(declaring.Name) + ")"
            : string.Empty;

    private static string Quote(string text) => "'" + text + "'";
}
