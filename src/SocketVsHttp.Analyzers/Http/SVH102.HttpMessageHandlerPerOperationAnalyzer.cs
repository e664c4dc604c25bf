using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH102: a connection-pooling handler built per operation and handed to an HttpClient that is itself per operation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpMessageHandlerPerOperationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH102);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null || (types.HttpClientHandler is null && types.SocketsHttpHandler is null))
            {
                return;
            }

            var handlerTypes = ImmutableArray.Create(types.HttpClientHandler, types.SocketsHttpHandler);
            start.RegisterOperationAction(c => AnalyzeCreation(c, types, handlerTypes), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, KnownTypes types, ImmutableArray<INamedTypeSymbol?> handlerTypes)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsOrDerivesFromAny(handlerTypes))
        {
            return;
        }

        var client = ClientReceiving(creation, types);
        if (client is not null && HttpClientLifetime.PerOperationReason(client, context.ContainingSymbol, types) is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH102, creation.Syntax.GetLocation(), creation.Type!.Name));
        }
    }

    /// <summary>The `new HttpClient(handler)` the handler is handed to: directly, or through a local in the same body.</summary>
    private static IObjectCreationOperation? ClientReceiving(IObjectCreationOperation handler, KnownTypes types)
    {
        var value = handler.WalkUpConversions();
        switch (value.Parent)
        {
            case IArgumentOperation { Parent: IObjectCreationOperation client } when client.Type.IsOrDerivesFrom(types.HttpClient):
                return client;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                foreach (var operation in handler.EnclosingBody().Descendants())
                {
                    if (operation is ILocalReferenceOperation reference && reference.Local.Is(declarator.Symbol) &&
                        reference.WalkUpConversions().Parent is IArgumentOperation { Parent: IObjectCreationOperation client } &&
                        client.Type.IsOrDerivesFrom(types.HttpClient))
                    {
                        return client;
                    }
                }

                return null;
            default:
                return null;
        }
    }
}
