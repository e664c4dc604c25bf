using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH108: an HttpClient from IHttpClientFactory.CreateClient stored in a static field or property, directly or through a
/// local: the factory never gets to rotate its handler, so the client keeps its connections (and DNS answers) forever.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class FactoryHttpClientCapturedAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH108);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null || types.IHttpClientFactory is null)
            {
                return;
            }

            start.RegisterOperationAction(
                ctx => AnalyzeStore(ctx, types),
                OperationKind.FieldInitializer,
                OperationKind.PropertyInitializer,
                OperationKind.SimpleAssignment,
                OperationKind.CoalesceAssignment);
        });
    }

    private static void AnalyzeStore(OperationAnalysisContext context, KnownTypes types)
    {
        IOperation value;
        ISymbol? member;
        switch (context.Operation)
        {
            case IFieldInitializerOperation fieldInitializer:
                value = fieldInitializer.Value;
                member = fieldInitializer.InitializedFields.Length > 0 && fieldInitializer.InitializedFields[0].IsStatic
                    ? fieldInitializer.InitializedFields[0]
                    : null;
                break;
            case IPropertyInitializerOperation propertyInitializer:
                value = propertyInitializer.Value;
                member = propertyInitializer.InitializedProperties.Length > 0 && propertyInitializer.InitializedProperties[0].IsStatic
                    ? propertyInitializer.InitializedProperties[0]
                    : null;
                break;
            case IAssignmentOperation assignment:
                value = assignment.Value;
                member = StaticStorage.StaticMember(assignment.Target);
                break;
            default:
                return;
        }

        if (member is null)
        {
            return;
        }

        var stored = value.WalkDownConversions();
        if (IsCreateClient(stored, types) || (stored is ILocalReferenceOperation local && HoldsOnlyFactoryClients(local, types)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH108, stored.Syntax.GetLocation(), member.Name));
        }
    }

    /// <summary><c>IHttpClientFactory.CreateClient(name)</c>, the <c>CreateClient()</c> extension, or an implementation's own CreateClient.</summary>
    private static bool IsCreateClient(IOperation operation, KnownTypes types)
    {
        if (operation is not IInvocationOperation invocation)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        if (method.Name != "CreateClient" || !method.ReturnType.IsOrDerivesFrom(types.HttpClient))
        {
            return false;
        }

        if (method.IsExtensionMethod)
        {
            return method.ContainingType.Is(types.HttpClientFactoryExtensions) ||
                (method.Parameters.Length > 0 && method.Parameters[0].Type.IsAssignableTo(types.IHttpClientFactory));
        }

        return method.ContainingType.IsAssignableTo(types.IHttpClientFactory);
    }

    private static bool HoldsOnlyFactoryClients(ILocalReferenceOperation local, KnownTypes types)
    {
        var values = LocalOrigins.AssignedValues(local);
        if (values is not { Count: > 0 })
        {
            return false;
        }

        foreach (var value in values)
        {
            if (!IsCreateClient(value.WalkDownConversions(), types))
            {
                return false;
            }
        }

        return true;
    }
}
