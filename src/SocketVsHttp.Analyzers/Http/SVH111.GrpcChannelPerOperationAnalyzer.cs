using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH111: <c>GrpcChannel.ForAddress(...)</c> per call, per loop iteration, disposed at the end of the method, or in a
/// per-request type. The lifetime is SVH101's (<see cref="ConnectionOwnerLifetime"/>); a compilation without
/// Grpc.Net.Client registers nothing.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GrpcChannelPerOperationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH111);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var channel = types.GrpcChannel;
            if (channel is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeCall(c, channel, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeCall(OperationAnalysisContext context, INamedTypeSymbol channel, KnownTypes types)
    {
        var call = (IInvocationOperation)context.Operation;
        if (call.TargetMethod is not { Name: "ForAddress", IsStatic: true } method || !method.ContainingType.Is(channel))
        {
            return;
        }

        var reason = ConnectionOwnerLifetime.PerOperationReason(call, context.ContainingSymbol, types, channel.ContainingAssembly);
        if (reason is null)
        {
            return;
        }

        // ForAddress only parses the address and options; it connects on the first call, so a static field cannot fail to initialize.
        var share = ConnectionOwnerLifetime.ShareKind(call, connects: false);
        var properties = share is null
            ? ImmutableDictionary<string, string?>.Empty
            : ImmutableDictionary<string, string?>.Empty.Add(ConnectionOwnerLifetime.ShareProperty, share);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH111, call.Syntax.GetLocation(), properties, reason));
    }
}
