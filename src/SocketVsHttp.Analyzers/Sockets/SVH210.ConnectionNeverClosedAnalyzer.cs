using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH210: a connection that no path closes. Three shapes, each reported where the connection is born:
/// <list type="bullet">
/// <item>an accepted <c>Socket</c>/<c>TcpClient</c> that neither the accepting method nor the same-type handler it is
/// passed to ever closes, disposes or hands on (reported at the accept, the handler as additional location);</item>
/// <item>a <c>Socket</c>/<c>TcpClient</c>/<c>NetworkStream</c> created into a private instance field of a type that is not
/// disposable and never closes or hands on that field (or a stream, reader or writer over it);</item>
/// <item>a socket created into a local, connected inside a <c>try</c> whose <c>catch</c> moves on without closing it (the
/// method never closes it: a socket it closes on the success path only is SVH208's).</item>
/// </list>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ConnectionNeverClosedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which shape was found (<see cref="AcceptShape"/>, <see cref="FieldShape"/>, <see cref="CatchShape"/>).</summary>
    public const string ShapeKey = "Shape";

    public const string AcceptShape = "Accept";
    public const string FieldShape = "Field";
    public const string CatchShape = "Catch";

    /// <summary>
    /// Accept shape, the fix that fits: <see cref="UsingLocalFix"/> (the accepting method owns it in a local: first additional
    /// location is that local's declarator) or <see cref="UsingHandlerFix"/> (one handler owns it: first additional location is
    /// the handler's parameter). Absent: no fix.
    /// </summary>
    public const string FixKey = "Fix";

    public const string UsingLocalFix = "UsingLocal";
    public const string UsingHandlerFix = "UsingHandler";

    /// <summary>Field shape: the names of every never-closed connection field of the type, comma-separated, declaration order.</summary>
    public const string FieldsKey = "Fields";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH210);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.TcpClient is null)
            {
                return;
            }

            var compilation = start.Compilation;
            var reach = new FieldReach(compilation, start.CancellationToken);
            var facts = new TypeFactsCache<TypeFacts>((type, roots) => TypeFacts.Compute(type, roots, types, compilation, reach));
            var derived = new DerivedTypes(compilation);
            start.RegisterOperationAction(c => AnalyzeCreation(c, types, facts, derived), OperationKind.ObjectCreation);
            start.RegisterOperationAction(c => AnalyzeAccept(c, types, facts, derived), OperationKind.Invocation);
        });
    }

    /// <summary>
    /// The program's entry point (Main, top-level statements), outside any loop: it runs once and the process ends right
    /// after, which closes every handle. The real-world suite labelled such console demos correct; an accept or connect
    /// in a loop of Main still leaks one handle per pass and is reported.
    /// </summary>
    private static bool IsOneShotProgramStep(OperationAnalysisContext context, IOperation operation) =>
        operation.IsOneShotStartUp(context.ContainingSymbol, context.Compilation, context.CancellationToken);

    private static void AnalyzeAccept(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<TypeFacts> cache, DerivedTypes derived)
    {
        var accept = (IInvocationOperation)context.Operation;
        if (!IsAccept(accept, types) || context.ContainingSymbol.ContainingType is not { } type || IsOneShotProgramStep(context, accept))
        {
            return;
        }

        if (SocketOwners.StoredIn(accept, out _) is IFieldSymbol field)
        {
            ReportField(context, accept, field, type, cache, derived, types);
            return;
        }

        var facts = cache.Get(type, accept, context.Compilation, context.CancellationToken);
        var walk = new OwnershipWalk(types, facts.Methods, relateOwnFields: true);
        walk.Follow(accept);
        if (walk.Released)
        {
            ReportDroppedOnFallThrough(context, accept, facts, types);
            return;
        }

        if (walk.RelatedCollections.Count > 0)
        {
            // Kept in collections of this type (and maybe fields): reported when nothing ever closes their elements.
            if (CollectionsNeverCloseElements(walk.RelatedCollections, type, facts) && FieldsNeverClosed(walk.RelatedFields, type, facts))
            {
                var kept = walk.Handlers.Count > 0
                    ? $"The connection accepted here is kept in '{walk.RelatedCollections[0].Name}' and handed to '{walk.Handlers[0].Name}'; nothing in '{type.Name}' closes or disposes it"
                    : $"The connection accepted here is kept in '{walk.RelatedCollections[0].Name}'; nothing in '{type.Name}' closes or disposes its elements";
                Report(context, accept, CollectionShape, kept);
            }

            return;
        }

        if (walk.RelatedFields.Count > 0)
        {
            // Kept in fields of this object: whether they are ever closed decides.
            ReportHeldInFields(context, accept, walk.RelatedFields, type, facts);
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ShapeKey, AcceptShape);
        var additional = new List<Location>();
        string message;
        if (walk.Handlers.Count == 0)
        {
            message = "The connection accepted here is never closed or disposed";
            if (!walk.CapturedAtStart && SocketOwners.StoredIn(accept, out var store) is ILocalSymbol && store is IVariableDeclaratorOperation declarator)
            {
                properties = properties.Add(FixKey, UsingLocalFix);
                additional.Add(declarator.Syntax.GetLocation());
            }
        }
        else
        {
            var handler = walk.Handlers[0];
            message = $"The connection accepted here is handed to '{handler.Name}', which never closes or disposes it";
            // The handler closes what every caller gives it once fixed: offered only when this accept is its one caller.
            if (walk.Handlers.Count == 1 && !walk.CapturedInHandler && facts.Methods.UsesOf(handler) == 1
                && walk.HandlerParameter is { } parameter && parameter.Locations.Length == 1)
            {
                properties = properties.Add(FixKey, UsingHandlerFix);
                additional.Add(parameter.Locations[0]);
            }
            else if (handler.Locations.Length > 0)
            {
                additional.Add(handler.Locations[0]);
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH210, accept.Syntax.GetLocation(), additional, properties, message));
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<TypeFacts> cache, DerivedTypes derived)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        var isSocket = SocketOwners.IsOwnerType(creation.Type, types);
        if ((!isSocket && !OwnsItsSocket(creation, types)) || context.ContainingSymbol.ContainingType is not { } type)
        {
            return;
        }

        switch (SocketOwners.StoredIn(creation, out var store))
        {
            case IFieldSymbol field:
                // Cheap checks first: the type's facts are computed only for a private field assigned inside a try.
                if (isSocket && field.DeclaredAccessibility == Accessibility.Private && field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition)
                    && EnclosingTryWithCatches(creation) is not null
                    && ReportFieldCatch(context, creation, field, cache.Get(type, creation, context.Compilation, context.CancellationToken), types))
                {
                    return;
                }

                if (isSocket && field.DeclaredAccessibility == Accessibility.Private && field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition)
                    && EnclosingTryWithCatches(creation) is null
                    && (ReportCallerRetry(context, creation, field, cache.Get(type, creation, context.Compilation, context.CancellationToken), types)
                        || ReportClosedOnOneFailurePath(context, creation, field, cache.Get(type, creation, context.Compilation, context.CancellationToken), types)))
                {
                    return;
                }

                ReportField(context, creation, field, type, cache, derived, types);
                break;
            case ILocalSymbol local when !local.IsRef && !(store is IVariableDeclaratorOperation declarator && UsingDeclarations.IsUsingDeclared(declarator)):
                if (isSocket && store is IVariableDeclaratorOperation placeholder && OverwrittenBeforeUse(placeholder, local) is { } overwrite)
                {
                    Report(context, creation, OverwrittenShape,
                        $"The {creation.Type!.Name} created here is never used or closed: '{local.Name}' is overwritten by {Describe(overwrite.Value)} first");
                    return;
                }

                if (isSocket && AnalyzeConnectInTry(context, creation, local, types, cache, type))
                {
                    return;
                }

                // Created into a local, then kept in fields of this object (var client = new TcpClient(...); _stream = client.GetStream();).
                var facts = cache.Get(type, creation, context.Compilation, context.CancellationToken);
                if (facts.Disposable)
                {
                    return;
                }

                var walk = new OwnershipWalk(types, facts.Methods, relateOwnFields: true);
                walk.Follow(creation);
                if (!walk.Released && walk.RelatedFields.Count > 0 && walk.RelatedCollections.Count == 0)
                {
                    ReportHeldInFields(context, creation, walk.RelatedFields, type, facts);
                }

                break;
        }
    }

    /// <summary>A socket, a client, or a NetworkStream created with <c>ownsSocket: true</c> (one without it holds no handle of its own).</summary>
    private static bool OwnsItsSocket(IObjectCreationOperation creation, KnownTypes types)
    {
        if (!creation.Type.IsOrDerivesFrom(types.NetworkStream))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "ownsSocket")
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: true };
            }
        }

        return false;
    }

    private static void ReportField(
        OperationAnalysisContext context, IOperation value, IFieldSymbol field, INamedTypeSymbol type, TypeFactsCache<TypeFacts> cache, DerivedTypes derived, KnownTypes types)
    {
        if (field.IsStatic)
        {
            ReportStaticFieldInLoop(context, value, field, type, cache);
            return;
        }

        if (!field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition))
        {
            ReportInheritedField(context, value, field, type, cache, derived, types);
            return;
        }

        var facts = cache.Get(type, value, context.Compilation, context.CancellationToken);
        if (facts.Disposable || !facts.IsNeverClosed(field))
        {
            return;
        }

        var message = $"'{field.Name}' is never closed: nothing in '{type.Name}' closes or disposes it, and '{type.Name}' is not IDisposable";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH210, value.Syntax.GetLocation(), FieldProperties(facts, new[] { field }), message));
    }

    /// <summary>The connection ends up only in fields of this object: reported when none of them is ever closed or handed on.</summary>
    private static void ReportHeldInFields(OperationAnalysisContext context, IOperation value, List<IFieldSymbol> fields, INamedTypeSymbol type, TypeFacts facts)
    {
        if (facts.Disposable)
        {
            return;
        }

        foreach (var field in fields)
        {
            if (!field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition) || !facts.IsNeverClosed(field))
            {
                return;
            }
        }

        var message = $"'{fields[0].Name}' holds this connection and is never closed: nothing in '{type.Name}' closes or disposes it, and '{type.Name}' is not IDisposable";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH210, value.Syntax.GetLocation(), FieldProperties(facts, fields), message));
    }

    private static bool FieldsNeverClosed(List<IFieldSymbol> fields, INamedTypeSymbol type, TypeFacts facts)
    {
        foreach (var field in fields)
        {
            if (!field.ContainingType.OriginalDefinition.Is(type.OriginalDefinition) || !facts.IsNeverClosed(field))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The field shape's properties: every never-closed connection field of the type, plus the fields named here.</summary>
    private static ImmutableDictionary<string, string?> FieldProperties(TypeFacts facts, IEnumerable<IFieldSymbol> holders)
    {
        var names = new List<string>();
        foreach (var field in facts.NeverClosedFields)
        {
            names.Add(field.Name);
        }

        foreach (var field in holders)
        {
            if (!names.Contains(field.Name))
            {
                names.Add(field.Name);
            }
        }

        return ImmutableDictionary<string, string?>.Empty.Add(ShapeKey, FieldShape).Add(FieldsKey, string.Join(",", names));
    }

    /// <summary>A stream, reader or writer: what wraps a connection (disposing it closes the connection underneath).</summary>
    private static bool IsStreamOrWrapper(ITypeSymbol type, KnownTypes types) =>
        type.IsOrDerivesFrom(types.Stream) || type.IsOrDerivesFrom(types.TextReader) || type.IsOrDerivesFrom(types.TextWriter)
        || type.IsOrDerivesFrom(types.BinaryReader) || type.IsOrDerivesFrom(types.BinaryWriter);

    private static bool IsAccept(IInvocationOperation invocation, KnownTypes types)
    {
        var name = invocation.TargetMethod.Name;
        if (name is "EndAccept" or "EndAcceptTcpClient" or "EndAcceptSocket")
        {
            // The Begin/End pattern: the End call returns the accepted connection.
            var receiver = invocation.TargetMethod.ContainingType;
            if (!receiver.IsOrDerivesFrom(types.TcpListener) && !receiver.IsOrDerivesFrom(types.Socket))
            {
                return false;
            }
        }
        else if (name is not ("Accept" or "AcceptAsync" or "AcceptTcpClient" or "AcceptTcpClientAsync" or "AcceptSocket" or "AcceptSocketAsync")
            || TcpCallKinds.Classify(invocation, types) != TcpCallKind.Accept)
        {
            return false;
        }

        // The accepted connection itself (or a task of it), not AcceptAsync(SocketAsyncEventArgs)'s bool.
        var returned = invocation.TargetMethod.ReturnType;
        if (returned is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic
            && (generic.OriginalDefinition.Is(types.Task1) || generic.OriginalDefinition.Is(types.ValueTask1)))
        {
            returned = generic.TypeArguments[0];
        }

        return SocketOwners.IsOwnerType(returned, types);
    }
}
