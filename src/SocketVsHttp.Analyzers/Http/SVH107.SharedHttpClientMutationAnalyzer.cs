using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH107: BaseAddress / Timeout / MaxResponseContentBufferSize / DefaultRequestHeaders changed on an HttpClient held in a
/// field or property, from code that is not the client's construction: directly, through a local alias or a getter
/// (<see cref="SharedClientOrigins"/>), or by a helper that changes the client it is handed (<see cref="ClientParameterWrites"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SharedHttpClientMutationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SVH107);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpClient is null || types.HttpHeaders is null)
            {
                return;
            }

            var origins = new SharedClientOrigins(start.Compilation, types);
            var helpers = new ClientParameterWrites(start.Compilation, types);
            var setters = new PassThroughSetters(start.Compilation);

            // Invalid: a header Add/Remove whose argument does not bind (see CandidateInvocation).
            start.RegisterOperationAction(c => Analyze(c, types, origins, helpers, setters), OperationKind.SimpleAssignment, OperationKind.Invocation, OperationKind.Invalid);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types, SharedClientOrigins origins, ClientParameterWrites helpers, PassThroughSetters setters)
    {
        IOperation receiver;
        string member;
        if (SharedClientMutation.TryMatch(context.Operation, types, out var match, context.CancellationToken))
        {
            receiver = match.Receiver;
            member = match.Member;
        }
        else if (context.Operation is IInvocationOperation invocation && helpers.TryFind(invocation, context.CancellationToken, out var argument, out var written))
        {
            // _client.SetBearerToken(token), where the helper writes DefaultRequestHeaders.Authorization on its parameter.
            receiver = argument.Value;
            member = written + " (in " + invocation.TargetMethod.Name + ")";
        }
        else
        {
            return;
        }

        if (HasSyntaxErrors(context.Operation.Syntax) ||
            origins.Resolve(receiver, context.ContainingSymbol, context.CancellationToken) is not { } origin ||
            IsConstruction(context, origin.Holder) ||
            setters.IsConstructionTimeSetter(context.Operation, context.ContainingSymbol, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH107, context.Operation.Syntax.GetLocation(), member, origin.Description));
    }

    /// <summary>
    /// Code being typed: the statement that holds the write does not parse. A value or argument that does not bind (a type
    /// from an assembly the build cannot see) does not hide a write that is fully visible.
    /// </summary>
    private static bool HasSyntaxErrors(SyntaxNode write)
    {
        for (var current = write; current is not null; current = current.Parent)
        {
            if (current is StatementSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)
            {
                return current.ContainsDiagnostics;
            }
        }

        return write.ContainsDiagnostics;
    }

    /// <summary>True when the write runs while the client is being built, not per request.</summary>
    private static bool IsConstruction(OperationAnalysisContext context, ISymbol holder)
    {
        switch (context.ContainingSymbol)
        {
            // Field / property initializers.
            case IFieldSymbol or IPropertySymbol:
                return true;
            case IMethodSymbol method:
                if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor &&
                    method.IsStatic == holder.IsStatic &&
                    method.ContainingType.IsOrDerivesFrom(holder.ContainingType))
                {
                    return true;
                }

                // A logging framework's one-time set-up callback, called after the properties are set and before first use:
                // log4net's IOptionHandler.ActivateOptions, NLog's Target.InitializeTarget (matched by name on an override or
                // an interface implementation: the framework's types are often not visible to the analysis).
                if (IsFrameworkInitializer(method) && context.Operation.EnclosingLoop() is null)
                {
                    return true;
                }

                // Program start-up (Main, top-level statements) runs once, unless the write sits in a loop.
                if (context.Operation.IsOneShotStartUp(method, context.Compilation, context.CancellationToken))
                {
                    return true;
                }

                return AssignsHolderFirst(context.Operation, holder);
            default:
                return false;
        }
    }

    private static bool IsFrameworkInitializer(IMethodSymbol method) =>
        method.Name is "ActivateOptions" or "InitializeTarget"
        && method.Parameters.Length == 0
        && (method.IsOverride || !method.ExplicitInterfaceImplementations.IsEmpty || ImplementsInterfaceMember(method));

    private static bool ImplementsInterfaceMember(IMethodSymbol method)
    {
        foreach (var @interface in method.ContainingType.AllInterfaces)
        {
            foreach (var member in @interface.GetMembers(method.Name))
            {
                if (method.ContainingType.FindImplementationForInterfaceMember(member)?.Is(method) == true)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Lazy init: the same body assigns the field/property earlier, in a block that also holds the write.</summary>
    private static bool AssignsHolderFirst(IOperation write, ISymbol holder)
    {
        var writeStart = write.Syntax.SpanStart;
        foreach (var operation in write.EnclosingBody().Descendants())
        {
            if (operation is not ISimpleAssignmentOperation assignment ||
                assignment.Syntax.Span.End > writeStart ||
                !SharedClientMutation.ReferencedSymbol(assignment.Target).Is(holder))
            {
                continue;
            }

            var statement = FirstStatement(assignment.Syntax);
            if (statement?.Parent is { } scope && scope.Span.Contains(write.Syntax.Span) && statement.Parent is BlockSyntax or SwitchSectionSyntax)
            {
                return true;
            }
        }

        return false;
    }

    private static StatementSyntax? FirstStatement(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            if (current is StatementSyntax statement)
            {
                return statement;
            }
        }

        return null;
    }
}

internal enum MutationKind
{
    /// <summary>BaseAddress, Timeout, MaxResponseContentBufferSize.</summary>
    ClientSetting,

    /// <summary>DefaultRequestHeaders.X = value.</summary>
    HeaderSet,

    /// <summary>DefaultRequestHeaders.Add / TryAddWithoutValidation, DefaultRequestHeaders.Accept.Add / ParseAdd / TryParseAdd.</summary>
    HeaderAdd,

    /// <summary>DefaultRequestHeaders.Remove / Clear, DefaultRequestHeaders.Accept.Remove / Clear.</summary>
    HeaderRemove,
}

/// <summary>One write to an HttpClient's settings or default headers (shared by the SVH107 analyzer and fixer).</summary>
internal sealed class SharedClientMutation
{
    private SharedClientMutation(IOperation receiver, string member, MutationKind kind, IPropertyReferenceOperation? defaultRequestHeaders, bool isCandidate)
    {
        Receiver = receiver;
        Holder = ReferencedSymbol(receiver);
        Member = member;
        Kind = kind;
        DefaultRequestHeaders = defaultRequestHeaders;
        IsCandidate = isCandidate;
    }

    /// <summary>The client expression written through (<c>_client</c>, a local, <c>GetClient()</c>...).</summary>
    public IOperation Receiver { get; }

    /// <summary>
    /// The field, auto-property or captured primary-constructor parameter that <see cref="Receiver"/> reads directly, else
    /// null (the analyzer also follows locals and getters: <see cref="SharedClientOrigins"/>; the fixer does not).
    /// </summary>
    public ISymbol? Holder { get; }

    /// <summary>The member written, e.g. <c>DefaultRequestHeaders.Authorization</c>.</summary>
    public string Member { get; }

    public MutationKind Kind { get; }

    /// <summary>The <c>client.DefaultRequestHeaders</c> reference, for header mutations.</summary>
    public IPropertyReferenceOperation? DefaultRequestHeaders { get; }

    /// <summary>A call that did not bind (an argument has errors), matched by its candidates: reported, never rewritten.</summary>
    public bool IsCandidate { get; }

    public static bool TryMatch(IOperation operation, KnownTypes types, out SharedClientMutation match, CancellationToken cancellationToken = default)
    {
        match = null!;
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target }:
                if (IsClientSetting(target.Property, types) && target.Instance is { } settingClient)
                {
                    match = new SharedClientMutation(settingClient, target.Property.Name, MutationKind.ClientSetting, null, false);
                    return true;
                }

                if (AsDefaultRequestHeaders(target.Instance, types) is { Instance: { } headerClient } headers && target.Property.IsMemberOf(types.HttpHeaders))
                {
                    match = new SharedClientMutation(headerClient, "DefaultRequestHeaders." + target.Property.Name, MutationKind.HeaderSet, headers, false);
                    return true;
                }

                return false;

            case IInvocationOperation { Instance: { } instance } invocation:
                return TryMatchCall(invocation.TargetMethod, instance, types, false, out match);

            case IInvalidOperation when CandidateInvocation.TryCreate(operation, cancellationToken, out var call) && call.Instance is { } candidateInstance:
                return TryMatchCall(call.Method, candidateInstance, types, true, out match);

            default:
                return false;
        }
    }

    private static bool TryMatchCall(IMethodSymbol method, IOperation instance, KnownTypes types, bool isCandidate, out SharedClientMutation match)
    {
        match = null!;
        var kind = KindOf(method.Name);
        if (kind is null)
        {
            return false;
        }

        // DefaultRequestHeaders.Add(...)
        if (method.Name is "Add" or "TryAddWithoutValidation" or "Remove" or "Clear" &&
            method.IsMemberOf(types.HttpHeaders) &&
            AsDefaultRequestHeaders(instance, types) is { Instance: { } directClient } directHeaders)
        {
            match = new SharedClientMutation(directClient, "DefaultRequestHeaders." + method.Name, kind.Value, directHeaders, isCandidate);
            return true;
        }

        // DefaultRequestHeaders.Accept.Add(...)
        if (types.HttpHeaderValueCollection1 is { } collectionType &&
            method.ContainingType.OriginalDefinition.Is(collectionType) &&
            instance.WalkDownConversions() is IPropertyReferenceOperation collection &&
            AsDefaultRequestHeaders(collection.Instance, types) is { Instance: { } collectionClient } owner)
        {
            match = new SharedClientMutation(collectionClient, "DefaultRequestHeaders." + collection.Property.Name + "." + method.Name, kind.Value, owner, isCandidate);
            return true;
        }

        return false;
    }

    /// <summary>The field, or auto-property, that <paramref name="operation"/> reads; null for anything else.</summary>
    public static ISymbol? ReferencedSymbol(IOperation? operation)
    {
        switch (operation?.WalkDownConversions())
        {
            case IFieldReferenceOperation field:
                return field.Field;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property when IsAutoProperty(property.Property):
                return property.Property;
            case IParameterReferenceOperation parameter when IsPrimaryConstructorParameter(parameter.Parameter):
                // A captured primary-constructor parameter lives as long as the object, like a field.
                return parameter.Parameter;
            default:
                return null;
        }
    }

    private static MutationKind? KindOf(string methodName) => methodName switch
    {
        "Add" or "TryAddWithoutValidation" or "ParseAdd" or "TryParseAdd" => MutationKind.HeaderAdd,
        "Remove" or "Clear" => MutationKind.HeaderRemove,
        _ => null,
    };

    private static bool IsClientSetting(IPropertySymbol property, KnownTypes types) =>
        property.Name is "BaseAddress" or "Timeout" or "MaxResponseContentBufferSize" && property.ContainingType.Is(types.HttpClient);

    private static IPropertyReferenceOperation? AsDefaultRequestHeaders(IOperation? operation, KnownTypes types) =>
        operation?.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "DefaultRequestHeaders" } property } reference &&
        property.ContainingType.Is(types.HttpClient)
            ? reference
            : null;

    private static bool IsPrimaryConstructorParameter(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol { MethodKind: MethodKind.Constructor } constructor)
        {
            return false;
        }

        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is TypeDeclarationSyntax)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A property whose accessors have no bodies: it stores the client like a field does. From another assembly (a base
    /// class in a referenced project), the compiler's mark on an auto-property's getter says so.
    /// </summary>
    private static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.IsIndexer)
        {
            return false;
        }

        if (property.DeclaringSyntaxReferences.Length == 0)
        {
            return property.GetMethod is { } getter && IsCompilerGenerated(getter);
        }

        foreach (var reference in property.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not PropertyDeclarationSyntax { AccessorList: { } accessors, ExpressionBody: null })
            {
                return false;
            }

            foreach (var accessor in accessors.Accessors)
            {
                if (accessor.Body is not null || accessor.ExpressionBody is not null)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsCompilerGenerated(IMethodSymbol accessor)
    {
        foreach (var attribute in accessor.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "CompilerGeneratedAttribute" } attributeClass &&
                attributeClass.ContainingNamespace?.ToDisplayString() == "System.Runtime.CompilerServices")
            {
                return true;
            }
        }

        return false;
    }
}
