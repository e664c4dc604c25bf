using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH104: an HttpResponseMessage requested with ResponseHeadersRead, or whose content is read as a stream, that is never
/// disposed on every path (no using / finally), returned, stored or passed on.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ResponseNotDisposedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property set when the finding is a single-declarator local the fixer may turn into a using declaration.</summary>
    public const string FixableDeclarationKey = "UsingDeclaration";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH104);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpMessageInvoker is null || types.HttpResponseMessage is null || types.HttpContent is null)
            {
                return;
            }

            var invoker = types.HttpMessageInvoker;
            start.RegisterOperationAction(context => AnalyzeInvocation(context, types, invoker), OperationKind.Invocation);
        });
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types, INamedTypeSymbol invoker)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (IsBaseHandlerSend(invocation, types))
        {
            AnalyzeBaseHandlerSend(context, invocation, types);
            return;
        }

        if (!IsResponseMethodName(method.Name) || !method.ContainingType.IsOrDerivesFrom(invoker))
        {
            return;
        }

        // The operation whose value is the response: the call itself (Send), or the await / .Result of its task.
        IOperation? response;
        if (method.ReturnType.Is(types.HttpResponseMessage))
        {
            response = invocation;
        }
        else if (method.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } taskType
                 && taskType.OriginalDefinition.Is(types.Task1)
                 && taskType.TypeArguments[0].Is(types.HttpResponseMessage))
        {
            response = HttpCallFacts.ResultOf(invocation, types);
        }
        else
        {
            return;
        }

        if (response is null)
        {
            return;
        }

        var headersRead = RequestsHeadersRead(invocation, types);
        var usage = new Usage();
        var value = ThroughEnsureSuccess(response.WalkUpConversions(), types);
        var fixable = false;

        ILocalSymbol? local = null;
        switch (value.Parent)
        {
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation } discard when discard.Value == value:
                // Discarded: nothing reads it, nothing disposes it.
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (IsUsingDeclaration(declarator))
                {
                    return;
                }

                if (!AnalyzeLocal(declarator.Symbol, invocation, types, usage, out var writes))
                {
                    return;
                }

                fixable = writes == 0 && declarator.Parent is IVariableDeclarationOperation { Declarators.Length: 1 };
                local = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                if (!AnalyzeLocal(target.Local, invocation, types, usage, out _))
                {
                    return;
                }

                local = target.Local;
                break;
            default:
                ClassifyUse(value, types, usage);
                break;
        }

        if (usage.Escapes || usage.DisposedOnAllPaths || !(headersRead || usage.ReadsStream))
        {
            return;
        }

        // `using (response) { ... }` disposes it only on the paths that reach the statement: an earlier `return`,
        // `break` or `continue` that leaves without disposing it leaks the connection (no fix: the using stays).
        Location[]? exitLocation = null;
        if (usage.Usings.Count > 0)
        {
            if (local is null || EarlyExitBefore(value, local, usage.Usings[0]) is not { } exit)
            {
                return;
            }

            exitLocation = new[] { exit.Syntax.GetLocation() };
            fixable = false;
        }

        var properties = fixable
            ? ImmutableDictionary<string, string?>.Empty.Add(FixableDeclarationKey, "true")
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH104, invocation.Syntax.GetLocation(), exitLocation, properties, method.Name));
    }

    /// <summary>
    /// A `return`, `yield break`, `break` or `continue` between the statement that stores the response in
    /// <paramref name="local"/> and the later `using (response)` in the same block, that leaves the block without
    /// disposing the response first; null when there is none (or the two are not in one block: not judged).
    /// </summary>
    private static IOperation? EarlyExitBefore(IOperation value, ILocalSymbol local, IUsingOperation usingStatement)
    {
        var definition = StatementIn(value, out var block);
        var usingInBlock = StatementIn(usingStatement, out var usingBlock);
        if (definition is null || usingInBlock is null || block is null || block != usingBlock)
        {
            return null;
        }

        var start = block.Operations.IndexOf(definition);
        var end = block.Operations.IndexOf(usingInBlock);
        for (var index = start + 1; index < end; index++)
        {
            foreach (var operation in block.Operations[index].DescendantsAndSelf())
            {
                if (IsExit(operation, block) && !DisposedBefore(operation, block, local))
                {
                    return operation;
                }
            }
        }

        return null;
    }

    /// <summary>The statement of the nearest enclosing block that holds <paramref name="operation"/>.</summary>
    private static IOperation? StatementIn(IOperation operation, out IBlockOperation? block)
    {
        for (var current = operation; current.Parent is not null; current = current.Parent)
        {
            if (current.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (current.Parent is IBlockOperation parentBlock)
            {
                block = parentBlock;
                return current;
            }
        }

        block = null;
        return null;
    }

    private static bool IsExit(IOperation operation, IBlockOperation block)
    {
        switch (operation)
        {
            case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                return !InsideFunction(operation, block);
            case IBranchOperation { BranchKind: BranchKind.Break or BranchKind.Continue } branch:
                // Leaves the region only when no loop (or switch, for break) inside it is the target.
                for (var current = branch.Parent; current is not null && current != block; current = current.Parent)
                {
                    if (current is ILoopOperation || current is ISwitchOperation && branch.BranchKind == BranchKind.Break ||
                        current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static bool InsideFunction(IOperation operation, IOperation block)
    {
        for (var current = operation.Parent; current is not null && current != block; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a statement before <paramref name="exit"/> in one of its enclosing blocks disposes the response.</summary>
    private static bool DisposedBefore(IOperation exit, IBlockOperation region, ILocalSymbol local)
    {
        var child = exit;
        for (var current = exit.Parent; current is not null; child = current, current = current.Parent)
        {
            if (current is IBlockOperation enclosing)
            {
                foreach (var statement in enclosing.Operations)
                {
                    if (statement == child)
                    {
                        break;
                    }

                    foreach (var operation in statement.DescendantsAndSelf())
                    {
                        if (operation is IInvocationOperation { TargetMethod.Name: "Dispose" } dispose &&
                            (dispose.Instance?.WalkDownConversions() is ILocalReferenceOperation { Local: var disposed } && disposed.Is(local) ||
                             dispose.Instance is IConditionalAccessInstanceOperation && dispose.Parent is IConditionalAccessOperation { Operation: var target } &&
                             target.WalkDownConversions() is ILocalReferenceOperation { Local: var conditional } && conditional.Is(local)))
                        {
                            return true;
                        }
                    }
                }
            }

            if (current == region)
            {
                break;
            }
        }

        return false;
    }

    private static bool IsResponseMethodName(string name) => name switch
    {
        "SendAsync" or "Send" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync" => true,
        _ => false,
    };

    private static bool RequestsHeadersRead(IInvocationOperation invocation, KnownTypes types)
    {
        if (types.ResponseHeadersRead is not { HasConstantValue: true } headersRead)
        {
            return false;
        }

        var headersReadValue = headersRead.ConstantValue;

        foreach (var argument in invocation.Arguments)
        {
            var constant = argument.Value.ConstantValue;
            if (argument.Parameter?.Type.Is(types.HttpCompletionOption) == true && constant.HasValue && Equals(constant.Value, headersReadValue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator) =>
        declarator.Parent?.Parent is IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation or IUsingOperation }
        || declarator.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation;

    /// <summary><c>x.EnsureSuccessStatusCode()</c> returns x: follow the chain to the outermost value.</summary>
    private static IOperation ThroughEnsureSuccess(IOperation value, KnownTypes types)
    {
        var current = value;
        while (current.Parent is IInvocationOperation { TargetMethod.Name: "EnsureSuccessStatusCode" } ensure
               && ensure.Instance == current
               && ensure.Type.Is(types.HttpResponseMessage))
        {
            current = ensure.WalkUpConversions();
        }

        return current;
    }

    /// <summary>Classifies every reference to <paramref name="local"/>; false when the local cannot be followed (captured from outside).</summary>
    private static bool AnalyzeLocal(ILocalSymbol local, IOperation origin, KnownTypes types, Usage usage, out int writes)
    {
        writes = 0;
        var body = origin.EnclosingBody();
        if (local.DeclaringSyntaxReferences.Length == 0 || !body.Syntax.Span.Contains(local.DeclaringSyntaxReferences[0].Span))
        {
            return false;
        }

        foreach (var descendant in body.Descendants())
        {
            if (descendant is not ILocalReferenceOperation reference || !reference.Local.Is(local))
            {
                continue;
            }

            if (IsInsideNestedFunction(reference, body))
            {
                // A lambda or local function that sees the response may dispose it later: its lifetime is not ours to judge.
                usage.Escapes = true;
                return true;
            }

            var outer = reference.WalkUpConversions();
            if (outer.Parent is IAssignmentOperation assignment && assignment.Target == outer)
            {
                writes++;
                continue;
            }

            ClassifyUse(outer, types, usage);
            if (usage.Escapes)
            {
                return true;
            }
        }

        return true;
    }

    private static bool IsInsideNestedFunction(IOperation operation, IOperation body)
    {
        for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What one read of the response (<paramref name="use"/>, conversions already walked up) does with it.</summary>
    private static void ClassifyUse(IOperation use, KnownTypes types, Usage usage)
    {
        switch (use.Parent)
        {
            case IInvocationOperation { TargetMethod.Name: "Dispose" } dispose when dispose.Instance == use:
                RecordDispose(dispose, usage);
                return;
            case IInvocationOperation { TargetMethod.Name: "EnsureSuccessStatusCode" } ensure when ensure.Instance == use:
                var result = ensure.WalkUpConversions();
                if (result.Parent is not IExpressionStatementOperation)
                {
                    ClassifyUse(result, types, usage);
                }

                return;
            case IInvocationOperation other when other.Instance == use:
                return;
            case IPropertyReferenceOperation { Property.Name: "Content" } content when content.Instance == use:
                ClassifyContentUse(content.WalkUpConversions(), types, usage);
                return;
            case IMemberReferenceOperation member when member.Instance == use:
                return;
            case IConditionalAccessOperation conditional when conditional.Operation == use:
                if (conditional.WhenNotNull.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "Dispose", Instance: IConditionalAccessInstanceOperation } conditionalDispose)
                {
                    RecordDispose(conditionalDispose, usage);
                }

                return;
            case IUsingOperation usingStatement:
                // using (response) { ... }: disposed in the finally the statement lowers to, on the paths that reach it.
                usage.Usings.Add(usingStatement);
                return;
            case IBinaryOperation:
                return;
            default:
                // Returned, stored, passed on, aliased, pattern-matched...: ownership moves where we cannot follow it.
                usage.Escapes = true;
                return;
        }
    }

    private static void ClassifyContentUse(IOperation content, KnownTypes types, Usage usage)
    {
        if (content.Parent is IInvocationOperation call && call.Instance == content)
        {
            if (call.TargetMethod.Name is "ReadAsStreamAsync" or "ReadAsStream" or "CopyToAsync" or "CopyTo")
            {
                usage.ReadsStream = true;
                if (call.Type.IsOrDerivesFrom(types.Stream) || call.Type is INamedTypeSymbol { TypeArguments.Length: 1 } task && task.TypeArguments[0].IsOrDerivesFrom(types.Stream))
                {
                    var stream = call.Type.IsOrDerivesFrom(types.Stream) ? call : HttpCallFacts.ResultOf(call, types);
                    if (StreamIsHandedOn(stream ?? call))
                    {
                        usage.Escapes = true;
                    }
                }
            }

            return;
        }

        if (content.Parent is IMemberReferenceOperation member && member.Instance == content)
        {
            return;
        }

        // The content itself is handed on (returned, stored, passed): its new owner decides.
        usage.Escapes = true;
    }

    /// <summary>
    /// The content stream is returned or stored in a field/property (directly or through one local): the caller now owns the
    /// stream, and disposing it releases the connection.
    /// </summary>
    private static bool StreamIsHandedOn(IOperation stream)
    {
        var outer = stream.WalkUpConversions();
        if (IsHandOff(outer))
        {
            return true;
        }

        if (outer.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            var body = outer.EnclosingBody();
            foreach (var descendant in body.Descendants())
            {
                if (descendant is ILocalReferenceOperation reference && reference.Local.Is(declarator.Symbol) && IsHandOff(reference.WalkUpConversions()))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsHandOff(IOperation value) => value.Parent switch
    {
        IReturnOperation => true,
        ISimpleAssignmentOperation assignment => assignment.Value == value && assignment.Target is IFieldReferenceOperation or IPropertyReferenceOperation,
        _ => false,
    };

    private static void RecordDispose(IOperation dispose, Usage usage)
    {
        for (var current = dispose.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }

            if (current.Parent is ITryOperation tryOperation && tryOperation.Finally == current)
            {
                usage.DisposedInFinally = true;
                return;
            }

            if (current is ICatchClauseOperation)
            {
                usage.DisposedInCatch = true;
                return;
            }
        }

        // Disposed only when everything before it succeeded.
        usage.DisposedOnSuccessPath = true;
    }

    private sealed class Usage
    {
        public bool Escapes { get; set; }

        public bool DisposedInFinally { get; set; }

        public bool DisposedInCatch { get; set; }

        public bool DisposedOnSuccessPath { get; set; }

        /// <summary>A finally, a using, or a catch for the failure path plus a plain Dispose for the success path.</summary>
        public bool DisposedOnAllPaths => DisposedInFinally || DisposedInCatch && DisposedOnSuccessPath;

        public bool ReadsStream { get; set; }

        /// <summary>`using (response) { ... }` statements: they dispose it on the paths that reach them.</summary>
        public List<IUsingOperation> Usings { get; } = new();
    }
}
