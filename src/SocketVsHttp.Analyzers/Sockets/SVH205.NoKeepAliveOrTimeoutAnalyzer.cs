using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH205: a TCP socket / TcpClient that the type creates (or accepts) is read in a long-lived loop, and nothing in the type
/// sets keep-alive (<c>SocketOptionName.KeepAlive</c>, <c>TcpKeepAlive*</c>, <c>IOControlCode.KeepAliveValues</c>) or a receive
/// timeout on it, and the read itself gets no cancellation token or <c>WaitAsync</c> timeout: a half-open connection hangs it forever.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoKeepAliveOrTimeoutAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "true" when the owner is a TcpClient (options go on <c>client.Client</c>).</summary>
    public const string IsTcpClientProperty = "IsTcpClient";

    /// <summary>Diagnostic property: the owner as written at its creation (<c>client</c>, <c>_socket</c>, <c>this.socket</c>).</summary>
    public const string OwnerProperty = "Owner";

    public const string KeepAliveTimeProperty = "KeepAliveTime";
    public const string KeepAliveIntervalProperty = "KeepAliveInterval";

    public const string KeepAliveTimeKey = "keepalive_time_seconds";
    public const string KeepAliveIntervalKey = "keepalive_interval_seconds";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH205);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null || types.SocketOptionName is null)
            {
                return;
            }

            var connections = new TypeFactsCache<TypeConnections>((_, roots) => TypeConnections.Collect(roots, types));
            start.RegisterOperationAction(c => AnalyzeRead(c, types, connections), OperationKind.Invocation);
        });
    }

    /// <summary>A candidate read (cheap checks first); only then the type's connections are collected.</summary>
    private static void AnalyzeRead(OperationAnalysisContext context, KnownTypes types, TypeFactsCache<TypeConnections> connections)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (!IsReadName(invocation.TargetMethod.Name)
            || context.ContainingSymbol.ContainingType is not { } type
            || !ConnectionIoCalls.TryGet(invocation, types, out var call)
            || !call.IsReceive
            || call.Family == ConnectionFamily.WebSocket
            || !IsInLongLivedLoop(invocation, types)
            || HasTimeoutOrCancellation(invocation, types))
        {
            return;
        }

        var facts = LocalConnections(invocation, types) ?? connections.Get(type, invocation, context.Compilation, context.CancellationToken);
        var owner = SocketOwners.Find(invocation.Instance, types, facts.FieldValues);
        if (owner is null || facts.ProtectedOwners.Contains(owner) || !facts.Creations.TryGetValue(owner, out var ownerStores))
        {
            return;
        }

        Report(context, invocation, owner, ownerStores, types);
    }

    /// <summary>
    /// For a connection held in a local, the facts of the member body that declares it: its creation and the keep-alive or
    /// timeout set on it can only be there, unless the body also stores a stream in a field (code elsewhere could then
    /// reach the local's connection through that field). Null when the whole type must be walked.
    /// </summary>
    private static TypeConnections? LocalConnections(IInvocationOperation read, KnownTypes types)
    {
        if (SocketOwners.Find(read.Instance, types, fieldValues: null) is not ILocalSymbol)
        {
            return null;
        }

        var facts = TypeConnections.Collect(ImmutableArray.Create(read.MemberRoot()), types);
        return facts.FieldValues.Count == 0 ? facts : null;
    }

    /// <summary>The names <see cref="ConnectionIoCalls"/> accepts as receives (a string test before any symbol walk).</summary>
    private static bool IsReadName(string name) =>
        name is "Receive" or "ReceiveAsync" or "Read" or "ReadAsync" or "ReadExactly" or "ReadExactlyAsync" or "ReadAtLeast" or "ReadAtLeastAsync";

    private static void Report(OperationAnalysisContext context, IInvocationOperation read, ISymbol owner, List<IOperation> ownerStores, KnownTypes types)
    {
        var ownerType = owner switch
        {
            ILocalSymbol local => local.Type,
            IFieldSymbol field => field.Type,
            IParameterSymbol parameter => parameter.Type,
            _ => null,
        };
        var isTcpClient = ownerType.IsOrDerivesFrom(types.TcpClient);
        var tree = read.Syntax.SyntaxTree;
        var properties = ImmutableDictionary.CreateBuilder<string, string?>();
        properties.Add(IsTcpClientProperty, isTcpClient ? "true" : "false");
        properties.Add(KeepAliveTimeProperty, RuleOptions.GetInt(context.Options, tree, Descriptors.SVH205, KeepAliveTimeKey, 30).ToString(System.Globalization.CultureInfo.InvariantCulture));
        properties.Add(KeepAliveIntervalProperty, RuleOptions.GetInt(context.Options, tree, Descriptors.SVH205, KeepAliveIntervalKey, 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The fix needs the one creation, as a statement of its own, in the same member as the read.
        Location[]? additional = null;
        if (ownerStores.Count == 1
            && InSameMember(ownerStores[0], read)
            && CreationStatement(ownerStores[0], out var ownerText) is { } statement)
        {
            additional = new[] { statement.GetLocation() };
            properties.Add(OwnerProperty, ownerText);
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.SVH205,
            read.Syntax.GetLocation(),
            additional,
            properties.ToImmutable(),
            owner.Name));
    }

    /// <summary>The statement to insert after, and the owner as written there: <c>var s = new Socket(...);</c> or <c>_s = new Socket(...);</c>.</summary>
    private static SyntaxNode? CreationStatement(IOperation store, out string ownerText)
    {
        ownerText = string.Empty;
        switch (store.Syntax)
        {
            case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: LocalDeclarationStatementSyntax statement } } declarator:
                ownerText = declarator.Identifier.ValueText;
                return statement;
            case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment
                when assignment.Left is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }:
                ownerText = assignment.Left.WithoutTrivia().ToString();
                return statement;
            default:
                return null;
        }
    }

    /// <summary>Same member body or initializer (a lambda or local function belongs to its member).</summary>
    private static bool InSameMember(IOperation first, IOperation second) => first.MemberRoot().Syntax == second.MemberRoot().Syntax;

    /// <summary>One type's created/accepted connections, the ones given keep-alive or a timeout, and its stream-field values. Immutable once collected.</summary>
    private sealed class TypeConnections
    {
        private TypeConnections(Dictionary<ISymbol, List<IOperation>> creations, HashSet<ISymbol> protectedOwners, Dictionary<IFieldSymbol, List<IOperation>> fieldValues)
        {
            Creations = creations;
            ProtectedOwners = protectedOwners;
            FieldValues = fieldValues;
        }

        /// <summary>Per owner, the declarators, field initializers or assignments that store a new connection in it.</summary>
        public Dictionary<ISymbol, List<IOperation>> Creations { get; }

        public HashSet<ISymbol> ProtectedOwners { get; }

        public Dictionary<IFieldSymbol, List<IOperation>> FieldValues { get; }

        public static TypeConnections Collect(ImmutableArray<IOperation> roots, KnownTypes types)
        {
            var creations = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var fieldValues = new Dictionary<IFieldSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
            var protectedReceivers = new List<IOperation>();
            var protectedCreations = new List<IObjectCreationOperation>();
            foreach (var root in roots)
            {
                foreach (var operation in root.Descendants())
                {
                    switch (operation)
                    {
                        case IInvocationOperation invocation when IsKeepAliveCall(invocation, types):
                            protectedReceivers.Add(invocation.Instance!);
                            break;
                        case IInvocationOperation invocation when IsAccept(invocation.TargetMethod, types):
                            AddCreation(creations, invocation);
                            break;
                        case IObjectCreationOperation creation when SocketOwners.IsOwnerType(creation.Type, types) && !ReceiveCalls.IsKnownDatagramSocket(creation, types):
                            AddCreation(creations, creation);
                            break;
                        case ISimpleAssignmentOperation assignment:
                            AddAssignment(assignment, types, fieldValues, protectedReceivers, protectedCreations);
                            break;
                    }
                }
            }

            var protectedOwners = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var receiver in protectedReceivers)
            {
                if (SocketOwners.Find(receiver, types, fieldValues) is { } owner)
                {
                    protectedOwners.Add(owner);
                }
            }

            foreach (var created in protectedCreations)
            {
                if (SocketOwners.StoredIn(created, out _) is { } owner)
                {
                    protectedOwners.Add(owner);
                }
            }

            return new TypeConnections(creations, protectedOwners, fieldValues);
        }

        /// <summary>A positive receive/read timeout (on a receiver or in an object initializer), or a value stored in a stream field.</summary>
        private static void AddAssignment(
            ISimpleAssignmentOperation assignment,
            KnownTypes types,
            Dictionary<IFieldSymbol, List<IOperation>> fieldValues,
            List<IOperation> protectedReceivers,
            List<IObjectCreationOperation> protectedCreations)
        {
            var target = assignment.Target.WalkDownConversions();
            if (target is IPropertyReferenceOperation property && IsTimeoutProperty(property.Property, types) && IsPositiveTimeout(assignment.Value))
            {
                if (property.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                    && assignment.Parent is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation created })
                {
                    // new TcpClient { ReceiveTimeout = 5000 }
                    protectedCreations.Add(created);
                }
                else if (property.Instance is not null)
                {
                    protectedReceivers.Add(property.Instance);
                }

                return;
            }

            if (target is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field && field.Type.IsOrDerivesFrom(types.Stream))
            {
                Add(fieldValues, field.Field.OriginalDefinition, assignment.Value);
            }
        }

        private static void AddCreation(Dictionary<ISymbol, List<IOperation>> creations, IOperation created)
        {
            var owner = SocketOwners.StoredIn(created, out var store);
            if (owner is not null && store is not null)
            {
                Add(creations, owner, store);
            }
        }

        private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> lists, TKey key, TValue value)
            where TKey : notnull
        {
            if (!lists.TryGetValue(key, out var list))
            {
                list = new List<TValue>();
                lists.Add(key, list);
            }

            list.Add(value);
        }
    }

    /// <summary><c>SetSocketOption(..., KeepAlive / TcpKeepAlive*, ...)</c> (not with false/0) or <c>IOControl(IOControlCode.KeepAliveValues, ...)</c>.</summary>
    private static bool IsKeepAliveCall(IInvocationOperation invocation, KnownTypes types)
    {
        var method = invocation.TargetMethod;
        if (invocation.Instance is null || !method.ContainingType.IsOrDerivesFrom(types.Socket) || method.Name is not ("SetSocketOption" or "IOControl"))
        {
            return false;
        }

        var isKeepAlive = false;
        IOperation? lastValue = null;
        foreach (var argument in invocation.Arguments)
        {
            var value = argument.Value.WalkDownConversions();
            if (value is IFieldReferenceOperation field
                && ((field.Field.ContainingType.Is(types.SocketOptionName) && field.Field.Name.StartsWith("KeepAlive", System.StringComparison.Ordinal))
                    || (field.Field.ContainingType.Is(types.SocketOptionName) && field.Field.Name.StartsWith("TcpKeepAlive", System.StringComparison.Ordinal))
                    || (field.Field.ContainingType.Is(types.IOControlCode) && field.Field.Name == "KeepAliveValues")))
            {
                isKeepAlive = true;
            }

            if (argument.Parameter?.Ordinal == method.Parameters.Length - 1)
            {
                lastValue = value;
            }
        }

        // SetSocketOption(Socket, KeepAlive, false) turns it off.
        return isKeepAlive
            && !(method.Name == "SetSocketOption" && lastValue is { ConstantValue: { HasValue: true, Value: false or 0 } });
    }

    private static bool IsAccept(IMethodSymbol method, KnownTypes types) =>
        (method.ContainingType.IsOrDerivesFrom(types.TcpListener) && method.Name is "AcceptSocket" or "AcceptSocketAsync" or "AcceptTcpClient" or "AcceptTcpClientAsync")
        || (method.ContainingType.IsOrDerivesFrom(types.Socket) && method.Name is "Accept" or "AcceptAsync" && !method.ReturnsVoid && method.ReturnType.SpecialType != SpecialType.System_Boolean);

    private static bool IsTimeoutProperty(IPropertySymbol property, KnownTypes types) => property.Name switch
    {
        "ReceiveTimeout" => property.ContainingType.IsOrDerivesFrom(types.Socket) || property.ContainingType.IsOrDerivesFrom(types.TcpClient),
        "ReadTimeout" => property.ContainingType.IsOrDerivesFrom(types.Stream),
        _ => false,
    };

    /// <summary>Anything but a constant &lt;= 0 (0 and -1 mean "wait forever").</summary>
    private static bool IsPositiveTimeout(IOperation value) =>
        !(value.ConstantValue.HasValue && value.ConstantValue.Value is int milliseconds && milliseconds <= 0);

    private static bool IsInLongLivedLoop(IOperation operation, KnownTypes types)
    {
        for (var loop = operation.EnclosingLoop(); loop is not null; loop = loop.EnclosingLoop())
        {
            if (LongLivedLoops.IsLongLived(loop, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>CancellationToken</c> argument that is not <c>default</c>/<c>CancellationToken.None</c>, or <c>.WaitAsync(...)</c> on the result.</summary>
    private static bool HasTimeoutOrCancellation(IInvocationOperation invocation, KnownTypes types)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue
                && argument.Parameter is { } parameter
                && parameter.Type.Is(types.CancellationToken)
                && !IsNoToken(argument.Value))
            {
                return true;
            }
        }

        // stream.ReadAsync(buffer).AsTask().WaitAsync(timeout), socket.ReceiveAsync(...).WaitAsync(ct)
        IOperation current = invocation;
        for (var step = 0; step < 2; step++)
        {
            var use = current.WalkUpConversions();
            if (use.Parent is not IInvocationOperation next || next.Instance != use)
            {
                return false;
            }

            if (next.TargetMethod.Name == "WaitAsync")
            {
                return true;
            }

            if (next.TargetMethod.Name != "AsTask")
            {
                return false;
            }

            current = next;
        }

        return false;
    }

    private static bool IsNoToken(IOperation value)
    {
        var operation = value.WalkDownConversions();
        return operation switch
        {
            IDefaultValueOperation => true,
            IPropertyReferenceOperation { Property.Name: "None" } => true,
            IObjectCreationOperation { Arguments.Length: 0 } => true,
            _ => false,
        };
    }
}
