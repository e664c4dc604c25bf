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

            start.RegisterSymbolStartAction(
                symbolStart =>
                {
                    var state = new TypeState((INamedTypeSymbol)symbolStart.Symbol);
                    symbolStart.RegisterOperationAction(c => state.OnInvocation(c, types), OperationKind.Invocation);
                    symbolStart.RegisterOperationAction(c => state.OnObjectCreation(c, types), OperationKind.ObjectCreation);
                    symbolStart.RegisterOperationAction(c => state.OnAssignment(c, types), OperationKind.SimpleAssignment);
                    symbolStart.RegisterSymbolEndAction(c => state.Report(c, types));
                },
                SymbolKind.NamedType);
        });
    }

    private sealed class Creation
    {
        public Creation(ISymbol member, IOperation store)
        {
            Member = member;
            Store = store;
        }

        public ISymbol Member { get; }

        /// <summary>The declarator, field initializer or assignment that stores the new connection.</summary>
        public IOperation Store { get; }
    }

    private sealed class Read
    {
        public Read(IInvocationOperation invocation, ISymbol member, AnalyzerOptions options)
        {
            Invocation = invocation;
            Member = member;
            Options = options;
        }

        public IInvocationOperation Invocation { get; }

        public ISymbol Member { get; }

        public AnalyzerOptions Options { get; }
    }

    /// <summary>One type's reads, creations, keep-alive/timeout settings and stream-field values. Thread-safe.</summary>
    private sealed class TypeState
    {
        private readonly INamedTypeSymbol type;
        private readonly object gate = new();
        private readonly List<Read> reads = new();
        private readonly List<IOperation> protectedReceivers = new();
        private readonly List<IObjectCreationOperation> protectedCreations = new();
        private readonly Dictionary<ISymbol, List<Creation>> creations = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IFieldSymbol, List<IOperation>> fieldValues = new(SymbolEqualityComparer.Default);

        public TypeState(INamedTypeSymbol type) => this.type = type;

        public void OnInvocation(OperationAnalysisContext context, KnownTypes types)
        {
            if (!IsOwnCode(context.ContainingSymbol))
            {
                return;
            }

            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (IsKeepAliveCall(invocation, types))
            {
                lock (gate)
                {
                    protectedReceivers.Add(invocation.Instance!);
                }

                return;
            }

            if (IsAccept(method, types))
            {
                AddCreation(invocation, context.ContainingSymbol);
                return;
            }

            if (ConnectionIoCalls.TryGet(invocation, types, out var call)
                && call.IsReceive
                && call.Family != ConnectionFamily.WebSocket
                && IsInLongLivedLoop(invocation, types)
                && !HasTimeoutOrCancellation(invocation, types))
            {
                lock (gate)
                {
                    reads.Add(new Read(invocation, context.ContainingSymbol, context.Options));
                }
            }
        }

        public void OnObjectCreation(OperationAnalysisContext context, KnownTypes types)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!IsOwnCode(context.ContainingSymbol) || !SocketOwners.IsOwnerType(creation.Type, types) || ReceiveCalls.IsKnownDatagramSocket(creation, types))
            {
                return;
            }

            AddCreation(creation, context.ContainingSymbol);
        }

        public void OnAssignment(OperationAnalysisContext context, KnownTypes types)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (!IsOwnCode(context.ContainingSymbol))
            {
                return;
            }

            var target = assignment.Target.WalkDownConversions();
            if (target is IPropertyReferenceOperation property && IsTimeoutProperty(property.Property, types) && IsPositiveTimeout(assignment.Value))
            {
                lock (gate)
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
                }

                return;
            }

            if (target is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field && field.Type.IsOrDerivesFrom(types.Stream))
            {
                AddFieldValue(field.Field.OriginalDefinition, assignment.Value);
            }
        }

        public void Report(SymbolAnalysisContext context, KnownTypes types)
        {
            lock (gate)
            {
                var fieldStreams = fieldValues;
                var protectedOwners = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var receiver in protectedReceivers)
                {
                    var owner = SocketOwners.Find(receiver, types, fieldStreams);
                    if (owner is not null)
                    {
                        protectedOwners.Add(owner);
                    }
                }

                foreach (var created in protectedCreations)
                {
                    var owner = SocketOwners.StoredIn(created, out _);
                    if (owner is not null)
                    {
                        protectedOwners.Add(owner);
                    }
                }

                foreach (var read in reads)
                {
                    var owner = SocketOwners.Find(read.Invocation.Instance, types, fieldStreams);
                    if (owner is null || protectedOwners.Contains(owner) || !creations.TryGetValue(owner, out var ownerCreations))
                    {
                        continue;
                    }

                    Report(context, read, owner, ownerCreations, types);
                }
            }
        }

        private static void Report(SymbolAnalysisContext context, Read read, ISymbol owner, List<Creation> ownerCreations, KnownTypes types)
        {
            var ownerType = owner switch
            {
                ILocalSymbol local => local.Type,
                IFieldSymbol field => field.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            var isTcpClient = ownerType.IsOrDerivesFrom(types.TcpClient);
            var tree = read.Invocation.Syntax.SyntaxTree;
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties.Add(IsTcpClientProperty, isTcpClient ? "true" : "false");
            properties.Add(KeepAliveTimeProperty, RuleOptions.GetInt(read.Options, tree, Descriptors.SVH205, KeepAliveTimeKey, 30).ToString(System.Globalization.CultureInfo.InvariantCulture));
            properties.Add(KeepAliveIntervalProperty, RuleOptions.GetInt(read.Options, tree, Descriptors.SVH205, KeepAliveIntervalKey, 5).ToString(System.Globalization.CultureInfo.InvariantCulture));

            // The fix needs the one creation, as a statement of its own, in the same member as the read.
            Location[]? additional = null;
            if (ownerCreations.Count == 1
                && ownerCreations[0].Member.Is(read.Member)
                && CreationStatement(ownerCreations[0].Store, out var ownerText) is { } statement)
            {
                additional = new[] { statement.GetLocation() };
                properties.Add(OwnerProperty, ownerText);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SVH205,
                read.Invocation.Syntax.GetLocation(),
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

        private bool IsOwnCode(ISymbol symbol) =>
            symbol.ContainingType is { } containing && containing.OriginalDefinition.Is(type.OriginalDefinition);

        private void AddCreation(IOperation created, ISymbol member)
        {
            var owner = SocketOwners.StoredIn(created, out var store);
            if (owner is null || store is null)
            {
                return;
            }

            lock (gate)
            {
                if (!creations.TryGetValue(owner, out var list))
                {
                    list = new List<Creation>();
                    creations.Add(owner, list);
                }

                list.Add(new Creation(member, store));
            }
        }

        private void AddFieldValue(IFieldSymbol field, IOperation value)
        {
            lock (gate)
            {
                if (!fieldValues.TryGetValue(field, out var list))
                {
                    list = new List<IOperation>();
                    fieldValues.Add(field, list);
                }

                list.Add(value);
            }
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
