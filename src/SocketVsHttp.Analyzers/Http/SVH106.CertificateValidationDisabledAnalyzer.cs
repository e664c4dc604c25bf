using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH106: a server certificate validation callback that returns true whatever it is given,
/// and any use of HttpClientHandler.DangerousAcceptAnyServerCertificateValidator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class CertificateValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fix removes the callback (see <see cref="FixKinds"/>).</summary>
    public const string FixKindProperty = "FixKind";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH106);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var sinks = CallbackSinks.Create(KnownTypes.For(start.Compilation));
            if (sinks is null)
            {
                return;
            }

            start.RegisterOperationAction(c => AnalyzeDelegateCreation(c, sinks), OperationKind.DelegateCreation);
            if (sinks.MayHaveDangerousAcceptAny)
            {
                start.RegisterOperationAction(c => AnalyzePropertyReference(c, sinks), OperationKind.PropertyReference);
            }
        });
    }

    private static void AnalyzeDelegateCreation(OperationAnalysisContext context, CallbackSinks sinks)
    {
        var creation = (IDelegateCreationOperation)context.Operation;
        var description = sinks.Describe(creation.WalkUpConversions()) ?? DescribeThroughLocals(creation.WalkUpConversions(), sinks, depth: 0);
        // A callback with syntax errors is still being typed: its body's extent (and so what it returns) is a guess.
        if (description is null || creation.Target.Syntax.ContainsDiagnostics)
        {
            return;
        }

        if (!AlwaysReturnsTrue(creation.Target))
        {
            // return _settings.AcceptInvalid; installed only under if (_settings.AcceptInvalid): true wherever it runs.
            if (!ReturnsTheFlagThatGuardsIt(creation) || IsServerSideType(creation))
            {
                return;
            }

            description = (description.Value.Text, FixKinds.None);
        }

        if (description.Value.FixKind == FixKinds.RemoveArgument && IsServerSideSslStream(creation.WalkUpConversions().Parent?.Parent))
        {
            return; // on a server the callback validates optional client certificates
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixKindProperty, description.Value.FixKind);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH106, creation.Target.Syntax.GetLocation(), properties, description.Value.Text));
    }

    private static void AnalyzePropertyReference(OperationAnalysisContext context, CallbackSinks sinks)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (reference.Property.Name != DangerousAcceptAnyName || !reference.Property.Is(sinks.DangerousAcceptAny))
        {
            return;
        }

        // Only the assignment to ServerCertificateCustomValidationCallback can be removed by the fix.
        var fixKind = sinks.Describe(reference.WalkUpConversions())?.FixKind ?? FixKinds.None;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(FixKindProperty, fixKind);
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH106, reference.Syntax.GetLocation(), properties, "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator"));
    }

    /// <summary>
    /// A callback stored in a local that reaches a sink in the same member: passed as it is (<c>cb = (...) => true; new
    /// SslStream(stream, false, cb)</c>), copied to another local, or called by a forwarding callback that reaches one
    /// (<c>outer = (s, c, ch, e) => cb(this, c, ch, e)</c>). An always-true value on any path of the local is enough:
    /// an "ignore certificate errors" branch is still a finding. The fix cannot remove a value that a local shares.
    /// </summary>
    private static (string Text, string FixKind)? DescribeThroughLocals(IOperation value, CallbackSinks sinks, int depth)
    {
        if (depth > 2 || StoredLocal(value) is not { } local)
        {
            return null;
        }

        foreach (var operation in value.MemberRoot().Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local) || reference.IsDeclaration)
            {
                continue;
            }

            var use = reference.WalkUpConversions();
            if (use.Parent is ISimpleAssignmentOperation write && write.Target == use)
            {
                continue;
            }

            var reached = ClientSink(use, sinks) ?? DescribeThroughLocals(use, sinks, depth + 1);
            if (reached is null && use.Parent is IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } call
                && call.Instance == use && ForwardingCallback(call) is { } forwarder)
            {
                reached = ClientSink(forwarder, sinks) ?? DescribeThroughLocals(forwarder, sinks, depth + 1);
            }

            if (reached is { } found)
            {
                return (found.Text, FixKinds.None);
            }
        }

        return null;
    }

    /// <summary>The sink <paramref name="value"/> is handed to, unless it is the callback of an SslStream the member authenticates as a server.</summary>
    private static (string Text, string FixKind)? ClientSink(IOperation value, CallbackSinks sinks) =>
        sinks.Describe(value) is { } sink && !(sink.FixKind == FixKinds.RemoveArgument && IsServerSideSslStream(value.Parent?.Parent)) ? sink : null;

    /// <summary>The local that <paramref name="value"/> is stored in (its initializer, or the value of an assignment to it).</summary>
    private static ILocalSymbol? StoredLocal(IOperation value) => value.Parent switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
        _ => null,
    };

    /// <summary>
    /// For a delegate call that a callback returns (<c>return inner(this, cert, chain, errors);</c> or an expression body),
    /// that callback's delegate creation (walked up its conversions) when every return of it is such a call.
    /// </summary>
    private static IOperation? ForwardingCallback(IInvocationOperation call)
    {
        if (call.WalkUpConversions().Parent is not IReturnOperation { Kind: OperationKind.Return } ||
            call.EnclosingFunction() is not IAnonymousFunctionOperation lambda || lambda.Parent is not IDelegateCreationOperation creation)
        {
            return null;
        }

        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is IReturnOperation { Kind: OperationKind.Return } returned && returned.EnclosingFunction() == lambda
                && returned.ReturnedValue?.WalkDownConversions() is not IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke })
            {
                return null;
            }
        }

        return creation.WalkUpConversions();
    }

    /// <summary>An SslStream stored in a local that the same body authenticates as a server.</summary>
    private static bool IsServerSideSslStream(IOperation? sslStreamCreation)
    {
        if (sslStreamCreation?.WalkUpConversions().Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            return false;
        }

        foreach (var operation in declarator.EnclosingBody().Descendants())
        {
            if (operation is IInvocationOperation { Instance: ILocalReferenceOperation instance } invocation
                && instance.Local.Is(declarator.Symbol)
                && invocation.TargetMethod.Name.StartsWith("AuthenticateAsServer", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the callback's every path returns the constant true (lambdas, anonymous methods, method groups into source).</summary>
    private static bool AlwaysReturnsTrue(IOperation target)
    {
        switch (target)
        {
            case IAnonymousFunctionOperation lambda:
                return BodyAlwaysReturnsTrue(lambda.Body);
            case IMethodReferenceOperation methodReference:
                return MethodAlwaysReturnsTrue(methodReference.Method);
            default:
                return false;
        }
    }

    private static bool BodyAlwaysReturnsTrue(IBlockOperation? body)
    {
        if (body is null)
        {
            return false;
        }

        var returns = 0;
        foreach (var operation in body.Descendants())
        {
            switch (operation)
            {
                case IThrowOperation:
                    return false; // throwing rejects the certificate: the callback decides something
                case IReturnOperation { Kind: OperationKind.Return } returnOperation:
                    if (returnOperation.EnclosingFunction() != body.Parent)
                    {
                        continue; // a nested lambda's return
                    }

                    if (returnOperation.ReturnedValue?.ConstantValue is not { HasValue: true, Value: true })
                    {
                        return false;
                    }

                    returns++;
                    break;
            }
        }

        return returns > 0;
    }

    /// <summary>A method group into source: its declaration (any file) returns the literal true on every path.</summary>
    private static bool MethodAlwaysReturnsTrue(IMethodSymbol method)
    {
        if (method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern || method.IsPartialDefinition)
        {
            return false;
        }

        var references = method.DeclaringSyntaxReferences;
        if (references.Length != 1)
        {
            return false;
        }

        var declaration = references[0].GetSyntax();
        switch (declaration)
        {
            case MethodDeclarationSyntax m:
                return SyntaxAlwaysReturnsTrue(m.ExpressionBody?.Expression, m.Body);
            case LocalFunctionStatementSyntax f:
                return SyntaxAlwaysReturnsTrue(f.ExpressionBody?.Expression, f.Body);
            default:
                return false;
        }
    }

    private static bool SyntaxAlwaysReturnsTrue(ExpressionSyntax? expressionBody, BlockSyntax? block)
    {
        if (expressionBody is not null)
        {
            return IsTrueLiteral(expressionBody);
        }

        if (block is null)
        {
            return false;
        }

        var returns = 0;
        foreach (var node in block.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case ThrowStatementSyntax or ThrowExpressionSyntax:
                    return false;
                case ReturnStatementSyntax returnStatement:
                    if (!IsTrueLiteral(returnStatement.Expression))
                    {
                        return false;
                    }

                    returns++;
                    break;
            }
        }

        return returns > 0;
    }

    private static bool IsTrueLiteral(ExpressionSyntax? expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression is not null && expression.IsKind(SyntaxKind.TrueLiteralExpression);
    }

    /// <summary>How the fix takes a callback out.</summary>
    public static class FixKinds
    {
        /// <summary>Remove the assignment statement or the object-initializer member.</summary>
        public const string RemoveAssignment = "RemoveAssignment";

        /// <summary>Remove the SslStream constructor argument (or pass null where an overload without it does not exist).</summary>
        public const string RemoveArgument = "RemoveArgument";

        public const string None = "None";
    }

    private const string DangerousAcceptAnyName = "DangerousAcceptAnyServerCertificateValidator";
    private const string HandlerCallbackName = "ServerCertificateCustomValidationCallback";
    private const string SslOptionsCallbackName = "RemoteCertificateValidationCallback";
    private const string ServerCallbackName = "ServerCertificateValidationCallback";

    /// <summary>
    /// The properties and parameters a server certificate validation callback is handed to. The properties are looked up
    /// (a member load of each framework type) only when a property of one of their names turns up.
    /// </summary>
    private sealed class CallbackSinks
    {
        private readonly KnownTypes types;

        private CallbackSinks(KnownTypes types) => this.types = types;

        /// <summary>False when HttpClientHandler is missing, so DangerousAcceptAnyServerCertificateValidator cannot exist.</summary>
        public bool MayHaveDangerousAcceptAny => types.HttpClientHandler is not null;

        public IPropertySymbol? DangerousAcceptAny => types.HandlerDangerousAcceptAny;

        public static CallbackSinks? Create(KnownTypes types) =>
            types.HttpClientHandler is null && types.SslClientAuthenticationOptions is null && types.ServicePointManager is null
            && types.HttpWebRequest is null && types.SslStream is null && types.WinHttpHandler is null && types.ClientWebSocketOptions is null
                ? null
                : new CallbackSinks(types);

        /// <summary>What receives <paramref name="value"/> (already walked up its conversions), or null when it is no certificate callback sink.</summary>
        public (string Text, string FixKind)? Describe(IOperation value)
        {
            switch (value.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Value == value:
                    return DescribeProperty(assignment.Target, FixKinds.RemoveAssignment);
                case ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add } compound when compound.Value == value:
                    return DescribeProperty(compound.Target, FixKinds.RemoveAssignment);
                case IArgumentOperation argument when IsSslStreamCallbackParameter(argument.Parameter):
                    return ("This SslStream RemoteCertificateValidationCallback", FixKinds.RemoveArgument);
                default:
                    return null;
            }
        }

        private (string Text, string FixKind)? DescribeProperty(IOperation target, string fixKind)
        {
            if (target is not IPropertyReferenceOperation reference)
            {
                return null;
            }

            if (reference.Property.Name is not (HandlerCallbackName or SslOptionsCallbackName or ServerCallbackName))
            {
                return null;
            }

            var property = reference.Property.OriginalDefinition;
            if (property.Is(types.HandlerCertificateCallback))
            {
                return ("This ServerCertificateCustomValidationCallback", fixKind);
            }

            if (property.Is(types.SslOptionsCertificateCallback))
            {
                return ("This RemoteCertificateValidationCallback", fixKind);
            }

            if (property.Is(types.ServicePointCertificateCallback))
            {
                return ("This ServicePointManager.ServerCertificateValidationCallback", fixKind);
            }

            if (property.Is(types.HttpWebRequestCertificateCallback))
            {
                return ("This HttpWebRequest.ServerCertificateValidationCallback", fixKind);
            }

            // The other handlers' callbacks: .NET Framework's WebRequestHandler (System.Net.Http.WebRequest.dll), the
            // WinHttpHandler package, and ClientWebSocket's options. Matched by their declaring type: each declares the
            // property itself, and a derived handler's write still binds to it.
            var declaringType = property.ContainingType;
            if (property.Name == ServerCallbackName && declaringType.Is(types.WebRequestHandler))
            {
                return ("This WebRequestHandler.ServerCertificateValidationCallback", fixKind);
            }

            if (property.Name == ServerCallbackName && declaringType.Is(types.WinHttpHandler))
            {
                return ("This WinHttpHandler.ServerCertificateValidationCallback", fixKind);
            }

            if (property.Name == SslOptionsCallbackName && declaringType.Is(types.ClientWebSocketOptions))
            {
                return ("This ClientWebSocketOptions.RemoteCertificateValidationCallback", fixKind);
            }

            return null;
        }

        private bool IsSslStreamCallbackParameter(IParameterSymbol? parameter) =>
            parameter is { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor }
            && constructor.ContainingType.Is(types.SslStream)
            && parameter.Type.Is(types.RemoteCertificateValidationCallback);
    }
}
