using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// SVH208: a Socket, TcpClient, NetworkStream or SslStream created into a local is closed by a plain <c>Close()</c>/<c>Dispose()</c>
/// call (no using, no finally, no catch), and a call on it that can throw (Connect, Send, Read, GetStream, Authenticate...)
/// runs before that close: when it throws, the handle leaks until the finalizer runs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketNotClosedOnFailureAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set when the creation initialises a single-assignment local the fixer can turn into a using declaration.</summary>
    public const string FixableDeclarationKey = "UsingDeclaration";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH208);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Socket is null && types.TcpClient is null && types.NetworkStream is null && types.SslStream is null)
            {
                return;
            }

            var connectionTypes = ImmutableArray.Create(types.Socket, types.TcpClient, types.NetworkStream, types.SslStream);
            start.RegisterOperationAction(c => AnalyzeCreation(c, connectionTypes), OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, ImmutableArray<INamedTypeSymbol?> connectionTypes)
    {
        var creation = (IObjectCreationOperation)context.Operation;
        if (!creation.Type.IsOrDerivesFromAny(connectionTypes))
        {
            return;
        }

        if (!TryGetLocal(creation, out var local, out var declared) || IsOneShotProgramStep(context, creation))
        {
            return;
        }

        if (Track(creation, local) is not { } uses || !uses.LeaksOnFailure(creation))
        {
            return;
        }

        var properties = declared && !uses.WrittenElsewhere
            ? ImmutableDictionary<string, string?>.Empty.Add(FixableDeclarationKey, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH208, creation.Syntax.GetLocation(), properties, local.Name));
    }

    /// <summary>
    /// A creation in the program's entry point, outside any loop: at most one handle, which the process's exit releases
    /// whether a failure ends <c>Main</c> at once or a <c>catch</c> lets it print and go on to its end (the real-world suite
    /// labelled such console steps correct, with and without a catch; SVH210 applies the same convention). A creation in
    /// a loop of <c>Main</c> leaks one handle per failed pass and is still reported.
    /// </summary>
    private static bool IsOneShotProgramStep(OperationAnalysisContext context, IOperation creation) =>
        creation.IsOneShotStartUp(context.ContainingSymbol, context.Compilation, context.CancellationToken);

    /// <summary>The local the new object goes into (<c>var s = new ...</c> or <c>s = new ...</c>); false for using declarations and anything else.</summary>
    private static bool TryGetLocal(IObjectCreationOperation creation, out ILocalSymbol local, out bool declared)
    {
        local = null!;
        declared = false;
        var value = creation.WalkUpConversions();
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (UsingDeclarations.IsUsingDeclared(declarator))
                {
                    return false;
                }

                local = declarator.Symbol;
                declared = true;
                return !local.IsRef;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                local = target.Local;
                return !local.IsRef;
            default:
                return false;
        }
    }

    /// <summary>Every use of the local in its body; null when ownership may leave (passed on, stored, returned, captured, reassigned).</summary>
    private static Uses? Track(IObjectCreationOperation creation, ILocalSymbol local)
    {
        var function = creation.EnclosingFunction();
        var uses = new Uses();
        List<ILocalSymbol>? derived = null;
        foreach (var operation in creation.EnclosingBody().Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator && declarator.Symbol.Is(local)
                && declarator.GetVariableInitializer()?.Value is { } initial && initial.WalkDownConversions() != creation)
            {
                if (!IsNull(initial))
                {
                    return null;
                }

                uses.WrittenElsewhere = true;
                continue;
            }

            if (operation is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            if (reference.EnclosingFunction() != function)
            {
                // Captured by a lambda or local function: it may run later or elsewhere.
                return null;
            }

            var use = reference.WalkUpConversions();
            if (use.Parent is IInvocationOperation or IPropertyReferenceOperation && HandsOut(use.Parent, function, ref derived))
            {
                // `return client.GetStream();`, `return client.Client;`: what it hands out leaves, so the connection does too.
                return null;
            }

            switch (use.Parent)
            {
                case IInvocationOperation invocation when invocation.Instance == use:
                    uses.AddCall(invocation);
                    break;
                case IConditionalAccessOperation conditional when conditional.Operation == use:
                    if (conditional.WhenNotNull is IInvocationOperation conditionalCall)
                    {
                        uses.AddCall(conditionalCall);
                    }

                    break;
                case IArgumentOperation { Parent: IInvocationOperation call, Parameter.Ordinal: 0 } when call.TargetMethod.IsExtensionMethod:
                    // SocketTaskExtensions.ConnectAsync(socket, ...) and other calls on it.
                    uses.AddCall(call);
                    break;
                case IPropertyReferenceOperation or IFieldReferenceOperation or IEventReferenceOperation:
                case IBinaryOperation or IIsPatternOperation:
                    break;
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    if (assignment.Value.WalkDownConversions() == creation)
                    {
                        break;
                    }

                    if (!IsNull(assignment.Value))
                    {
                        // Another object in the same local: too hard to follow, stay silent.
                        return null;
                    }

                    uses.WrittenElsewhere = true;
                    break;
                default:
                    // Passed to a method or constructor, returned, stored, a using statement resource, ...: not ours to judge.
                    return null;
            }
        }

        // `var stream = client.GetStream(); ... return stream;`
        if (derived is not null)
        {
            foreach (var operation in creation.EnclosingBody().Descendants())
            {
                if (operation is ILocalReferenceOperation reference && derived.Contains(reference.Local) && Leaves(reference, function))
                {
                    return null;
                }
            }
        }

        return uses;
    }

    /// <summary>
    /// True when the value of <paramref name="handedOut"/> (a call or property read on the connection) leaves the method:
    /// returned (also inside another expression, <c>return new SslStream(client.GetStream())</c>) or stored outside a local.
    /// A local it initializes is added to <paramref name="derived"/>, to be followed the same way.
    /// </summary>
    private static bool HandsOut(IOperation handedOut, IOperation? function, ref List<ILocalSymbol>? derived)
    {
        if (!IsDisposable(handedOut.Type))
        {
            return false;
        }

        if (Leaves(handedOut, function))
        {
            return true;
        }

        if (handedOut.WalkUpConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            (derived ??= new List<ILocalSymbol>()).Add(declarator.Symbol);
        }

        return false;
    }

    /// <summary>
    /// The value is returned by, or stored outside the locals of, the function around it: as it is, or wrapped in a new
    /// object (<c>new SslStream(stream)</c>), a conversion or a conditional.
    /// </summary>
    private static bool Leaves(IOperation value, IOperation? function)
    {
        var child = value;
        for (var current = value.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConversionOperation or IParenthesizedOperation or IConditionalOperation or ICoalesceOperation or IObjectCreationOperation:
                case IArgumentOperation { Parent: IObjectCreationOperation }:
                    continue;
                case IReturnOperation:
                    return current.EnclosingFunction() == function;
                case ISimpleAssignmentOperation assignment when assignment.Value == child:
                    return assignment.Target is not ILocalReferenceOperation and not IDiscardOperation;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>A stream, socket or other handle: something whose leaving takes the connection with it (not a count or an address).</summary>
    private static bool IsDisposable(ITypeSymbol? type)
    {
        if (type is null || type.IsValueType)
        {
            return false;
        }

        if (type.SpecialType == SpecialType.System_IDisposable)
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.SpecialType == SpecialType.System_IDisposable)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNull(IOperation value)
    {
        var constant = value.WalkDownConversions();
        return (constant.ConstantValue.HasValue && constant.ConstantValue.Value is null) || constant is IDefaultValueOperation;
    }

    private sealed class Uses
    {
        private readonly List<IInvocationOperation> closes = new();
        private readonly List<IInvocationOperation> calls = new();

        public bool WrittenElsewhere { get; set; }

        public void AddCall(IInvocationOperation call)
        {
            switch (call.TargetMethod.Name)
            {
                case "Close" or "Dispose" or "DisposeAsync":
                    closes.Add(call);
                    break;
                case "ToString" or "GetType" or "GetHashCode" or "Equals":
                    break;
                default:
                    calls.Add(call);
                    break;
            }
        }

        /// <summary>Closed only by plain calls, and a call that can throw runs between the creation and one of them.</summary>
        public bool LeaksOnFailure(IOperation creation)
        {
            if (closes.Count == 0)
            {
                // Never closed: a different problem, not this rule's.
                return false;
            }

            foreach (var close in closes)
            {
                if (IsCleanupCode(close))
                {
                    return false;
                }
            }

            var start = creation.Syntax.SpanStart;
            foreach (var call in calls)
            {
                var position = call.Syntax.SpanStart;
                if (position <= start)
                {
                    continue;
                }

                foreach (var close in closes)
                {
                    if (position < close.Syntax.SpanStart && !IsCaughtBefore(call, close))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>In a finally or a catch: the close runs when something failed.</summary>
        private static bool IsCleanupCode(IOperation close)
        {
            var child = close;
            for (var current = close.Parent; current is not null; child = current, current = current.Parent)
            {
                switch (current)
                {
                    case ITryOperation @try when child == @try.Finally:
                    case ICatchClauseOperation:
                        return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The call sits in a try with catch clauses that does not hold the close, and no catch leaves (return, throw,
        /// break, continue, goto): the close still runs after a failure.
        /// </summary>
        private static bool IsCaughtBefore(IOperation call, IOperation close)
        {
            var child = call;
            for (var current = call.Parent; current is not null; child = current, current = current.Parent)
            {
                if (current is ITryOperation @try && child == @try.Body && @try.Catches.Length > 0 && !close.IsDescendantOf(@try.Body))
                {
                    return !AnyCatchLeaves(@try);
                }
            }

            return false;
        }

        private static bool AnyCatchLeaves(ITryOperation @try)
        {
            foreach (var @catch in @try.Catches)
            {
                foreach (var operation in @catch.Handler.Descendants())
                {
                    if (operation is IReturnOperation or IThrowOperation or IBranchOperation && operation.EnclosingFunction() == @try.EnclosingFunction())
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
