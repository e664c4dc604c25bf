using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH110: <c>new WebClient()</c> and <c>WebRequest.Create</c>/<c>CreateHttp</c>/<c>CreateDefault</c> (also spelled
/// <c>HttpWebRequest.Create</c>) on targets where HttpClient exists. Requests known to be for another scheme (ftp, file) are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LegacyWebClientAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH110);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null)
            {
                return; // .NET Framework before 4.5: nothing better to move to
            }

            // What the legacy API really costs on this target (measured by the harness on .NET 10: with default settings a
            // WebClient reuses one cached HttpClient; with credentials, a proxy, cookies or a certificate callback it does not).
            var cost = TargetRuntimes.IsNetCore(start.Compilation, types) ? NetCoreCost : FrameworkCost;
            var webClient = types.WebClient;
            if (webClient is not null)
            {
                start.RegisterOperationAction(c => AnalyzeCreation(c, webClient, cost), OperationKind.ObjectCreation);
            }

            var webRequest = types.WebRequest;
            if (webRequest is not null)
            {
                start.RegisterOperationAction(c => AnalyzeInvocation(c, webRequest, types, cost), OperationKind.Invocation);
            }
        });
    }

    private const string NetCoreCost = "blocks the calling thread, and a request with credentials, a proxy, cookies or a certificate callback builds its own HttpClient and connections";

    private const string FrameworkCost = "is a legacy API whose synchronous calls block the calling thread";

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol webClient, string cost)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type.IsOrDerivesFrom(webClient))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH110, creation.Syntax.GetLocation(), creation.Type!.Name, cost));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol webRequest, KnownTypes types, string cost)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (!method.IsStatic || !method.ContainingType.Is(webRequest))
        {
            return;
        }

        switch (method.Name)
        {
            case "CreateHttp":
                break;
            case "Create" or "CreateDefault":
                if (IsKnownNonHttp(invocation, types))
                {
                    return;
                }

                break;
            default:
                return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH110, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name, cost));
    }

    /// <summary>A constant ftp:/file: address, or a result cast to FtpWebRequest/FileWebRequest.</summary>
    private static bool IsKnownNonHttp(IInvocationOperation invocation, KnownTypes types)
    {
        for (var current = invocation.Parent; current is IConversionOperation or IParenthesizedOperation; current = current.Parent)
        {
            if (current is IConversionOperation conversion && (conversion.Type.Is(types.FtpWebRequest) || conversion.Type.Is(types.FileWebRequest)))
            {
                return true;
            }
        }

        if (invocation.Arguments.Length == 0)
        {
            return false;
        }

        var address = invocation.Arguments[0].Value.WalkDownConversions();
        if (address is IObjectCreationOperation { Arguments.Length: > 0 } uriCreation && uriCreation.Type.Is(types.Uri))
        {
            address = uriCreation.Arguments[0].Value.WalkDownConversions();
        }

        return address.ConstantValue is { HasValue: true, Value: string text }
            && Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed)
            && !string.Equals(parsed.Scheme, "http", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(parsed.Scheme, "https", StringComparison.OrdinalIgnoreCase);
    }
}
