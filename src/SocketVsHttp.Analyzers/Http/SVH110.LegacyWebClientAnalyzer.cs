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

            var webClient = types.WebClient;
            if (webClient is not null)
            {
                start.RegisterOperationAction(c => AnalyzeCreation(c, webClient), OperationKind.ObjectCreation);
            }

            var webRequest = types.WebRequest;
            if (webRequest is not null)
            {
                start.RegisterOperationAction(c => AnalyzeInvocation(c, webRequest, types), OperationKind.Invocation);
            }
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, INamedTypeSymbol webClient)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (creation.Type.IsOrDerivesFrom(webClient))
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH110, creation.Syntax.GetLocation(), creation.Type!.Name));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol webRequest, KnownTypes types)
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

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH110, invocation.Syntax.GetLocation(), method.ContainingType.Name + "." + method.Name));
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
