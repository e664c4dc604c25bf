using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH107: BaseAddress / Timeout / MaxResponseContentBufferSize / DefaultRequestHeaders changed on an HttpClient held in a
/// field or property, from code that is not the client's construction.
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

            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.SimpleAssignment, OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, KnownTypes types)
    {
        if (!SharedClientMutation.TryMatch(context.Operation, types, out var match) ||
            IsIncomplete(context.Operation) ||
            IsConstruction(context, match))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH107, context.Operation.Syntax.GetLocation(), match.Member, match.Holder.Name));
    }

    /// <summary>Code being typed: the value or an argument does not bind yet.</summary>
    private static bool IsIncomplete(IOperation operation)
    {
        switch (operation)
        {
            case ISimpleAssignmentOperation assignment:
                return assignment.Value.WalkDownConversions() is IInvalidOperation;
            case IInvocationOperation invocation:
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IInvalidOperation)
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True when the write runs while the client is being built, not per request.</summary>
    private static bool IsConstruction(OperationAnalysisContext context, SharedClientMutation match)
    {
        switch (context.ContainingSymbol)
        {
            // Field / property initializers.
            case IFieldSymbol or IPropertySymbol:
                return true;
            case IMethodSymbol method:
                if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor &&
                    method.IsStatic == match.Holder.IsStatic &&
                    method.ContainingType.IsOrDerivesFrom(match.Holder.ContainingType))
                {
                    return true;
                }

                // Program start-up (Main, top-level statements) runs once, unless the write sits in a loop.
                if (method.Is(context.Compilation.GetEntryPoint(context.CancellationToken)) && context.Operation.EnclosingLoop() is null)
                {
                    return true;
                }

                return AssignsHolderFirst(context.Operation, match.Holder);
            default:
                return false;
        }
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

/// <summary>One write to a shared HttpClient's settings or default headers (shared by the SVH107 analyzer and fixer).</summary>
internal sealed class SharedClientMutation
{
    private SharedClientMutation(ISymbol holder, string member, MutationKind kind, IPropertyReferenceOperation? defaultRequestHeaders)
    {
        Holder = holder;
        Member = member;
        Kind = kind;
        DefaultRequestHeaders = defaultRequestHeaders;
    }

    /// <summary>The field, auto-property or captured primary-constructor parameter that holds the client.</summary>
    public ISymbol Holder { get; }

    /// <summary>The member written, e.g. <c>DefaultRequestHeaders.Authorization</c>.</summary>
    public string Member { get; }

    public MutationKind Kind { get; }

    /// <summary>The <c>client.DefaultRequestHeaders</c> reference, for header mutations.</summary>
    public IPropertyReferenceOperation? DefaultRequestHeaders { get; }

    public static bool TryMatch(IOperation operation, KnownTypes types, out SharedClientMutation match)
    {
        match = null!;
        switch (operation)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target }:
                if (IsClientSetting(target.Property, types) && ReferencedSymbol(target.Instance) is { } settingHolder)
                {
                    match = new SharedClientMutation(settingHolder, target.Property.Name, MutationKind.ClientSetting, null);
                    return true;
                }

                if (AsDefaultRequestHeaders(target.Instance, types) is { } headers && target.Property.IsMemberOf(types.HttpHeaders) &&
                    ReferencedSymbol(headers.Instance) is { } headerHolder)
                {
                    match = new SharedClientMutation(headerHolder, "DefaultRequestHeaders." + target.Property.Name, MutationKind.HeaderSet, headers);
                    return true;
                }

                return false;

            case IInvocationOperation { Instance: { } instance } invocation:
                var method = invocation.TargetMethod;
                var kind = KindOf(method.Name);
                if (kind is null)
                {
                    return false;
                }

                // DefaultRequestHeaders.Add(...)
                if (method.Name is "Add" or "TryAddWithoutValidation" or "Remove" or "Clear" &&
                    method.IsMemberOf(types.HttpHeaders) &&
                    AsDefaultRequestHeaders(instance, types) is { } directHeaders &&
                    ReferencedSymbol(directHeaders.Instance) is { } directHolder)
                {
                    match = new SharedClientMutation(directHolder, "DefaultRequestHeaders." + method.Name, kind.Value, directHeaders);
                    return true;
                }

                // DefaultRequestHeaders.Accept.Add(...)
                if (types.HttpHeaderValueCollection1 is { } collectionType &&
                    method.ContainingType.OriginalDefinition.Is(collectionType) &&
                    instance.WalkDownConversions() is IPropertyReferenceOperation collection &&
                    AsDefaultRequestHeaders(collection.Instance, types) is { } owner &&
                    ReferencedSymbol(owner.Instance) is { } collectionHolder)
                {
                    match = new SharedClientMutation(collectionHolder, "DefaultRequestHeaders." + collection.Property.Name + "." + method.Name, kind.Value, owner);
                    return true;
                }

                return false;

            default:
                return false;
        }
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

    /// <summary>A source property whose accessors have no bodies: it stores the client like a field does.</summary>
    private static bool IsAutoProperty(IPropertySymbol property)
    {
        if (property.IsIndexer || property.DeclaringSyntaxReferences.Length == 0)
        {
            return false;
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
}
