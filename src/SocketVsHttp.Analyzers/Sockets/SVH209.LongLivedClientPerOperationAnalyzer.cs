using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH209: a client that owns a long-lived connection (Redis ConnectionMultiplexer, a RabbitMQ connection,
/// CosmosClient, ServiceBusClient, NpgsqlDataSource, and the types of <c>socketvshttp.svh209.additional_types</c>) made
/// per call, per loop iteration, disposed at the end of the method, or in a per-request type. The lifetime is SVH101's
/// (<see cref="ConnectionOwnerLifetime"/>). The clients are resolved once per compilation; none resolved: nothing registered.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class LongLivedClientPerOperationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Option: fully qualified type names (their constructors) or <c>Type.Method</c> factories, separated by commas or spaces.</summary>
    public const string AdditionalTypesOption = "additional_types";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH209);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var clients = Clients.For(start.Compilation, types, start.Options);
            if (clients.Constructors.Count > 0)
            {
                start.RegisterOperationAction(c => AnalyzeCreation(c, clients, types), OperationKind.ObjectCreation);
            }

            if (clients.Factories.Count > 0)
            {
                start.RegisterOperationAction(c => AnalyzeFactoryCall(c, clients, types), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, Clients clients, KnownTypes types)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type is not INamedTypeSymbol type || !clients.Constructors.TryGetValue(type.OriginalDefinition, out var client))
        {
            return;
        }

        Report(context, creation, client, connects: client.Connects, isAsync: false, types);
    }

    private static void AnalyzeFactoryCall(OperationAnalysisContext context, Clients clients, KnownTypes types)
    {
        var call = (IInvocationOperation)context.Operation;
        var method = call.TargetMethod;
        if (!clients.FactoryNames.Contains(method.Name) ||
            !clients.Factories.TryGetValue((method.ContainingType.OriginalDefinition, method.Name), out var client))
        {
            return;
        }

        Report(context, call, client, connects: client.Connects, isAsync: ConnectionOwnerLifetime.IsAsyncFactory(call, types), types);
    }

    private static void Report(OperationAnalysisContext context, IOperation creation, Client client, bool connects, bool isAsync, KnownTypes types)
    {
        var reason = ConnectionOwnerLifetime.PerOperationReason(creation, context.ContainingSymbol, types, client.Library);
        if (reason is null)
        {
            return;
        }

        // An awaited factory has no shared-static form that keeps its meaning (a static cannot await): no fix.
        var share = isAsync ? null : ConnectionOwnerLifetime.ShareKind(creation, connects);
        var properties = share is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(ConnectionOwnerLifetime.ShareProperty, share);
        var name = client.Name.Length > 0 ? client.Name : ReturnedTypeName((IInvocationOperation)creation);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH209, creation.Syntax.GetLocation(), properties, name, reason, client.Owns));
    }

    /// <summary>What a configured factory makes: its return type, or the T of its Task&lt;T&gt;.</summary>
    private static string ReturnedTypeName(IInvocationOperation call) =>
        call.TargetMethod.ReturnType is INamedTypeSymbol { IsGenericType: true, Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task
            ? task.TypeArguments[0].Name
            : call.TargetMethod.ReturnType.Name;
}
