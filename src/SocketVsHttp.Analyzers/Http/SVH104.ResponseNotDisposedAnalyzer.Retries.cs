using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH104 in a retry loop: an unbuffered response (<c>base.SendAsync</c> in a message handler) stored
/// in a local inside a loop that goes round again with it (the loop's condition tests it, a <c>continue</c> follows, a caught
/// exception thrown after it retries, or a test that returns it on success falls through): every discarded attempt keeps its
/// connection checked out until the garbage collector runs. Silent when the loop disposes the local anywhere, reads its content,
/// or hands it anywhere but a method of the same type that only looks at it.
/// </summary>
public sealed partial class ResponseNotDisposedAnalyzer
{
    /// <summary><c>base.SendAsync(request, token)</c> / <c>base.Send(...)</c> in a message handler: nothing has buffered the content yet.</summary>
    private static bool IsBaseHandlerSend(IInvocationOperation invocation, KnownTypes types) =>
        invocation.TargetMethod.Name is "SendAsync" or "Send"
        && invocation.Instance is IInstanceReferenceOperation { Syntax: BaseExpressionSyntax }
        && types.HttpMessageHandler is { } handler
        && invocation.TargetMethod.ContainingType.IsOrDerivesFrom(handler);

    private static void AnalyzeBaseHandlerSend(OperationAnalysisContext context, IInvocationOperation invocation, KnownTypes types)
    {
        var response = invocation.TargetMethod.ReturnType.Is(types.HttpResponseMessage) ? invocation : HttpCallFacts.ResultOf(invocation, types);
        if (response is not null && DiscardedByRetry(ThroughEnsureSuccess(response.WalkUpConversions(), types), invocation) is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH104, invocation.Syntax.GetLocation(), invocation.TargetMethod.Name));
        }
    }

    /// <summary>The loop that goes round again holding the response stored from <paramref name="value"/>, or null.</summary>
    private static ILoopOperation? DiscardedByRetry(IOperation value, IInvocationOperation send)
    {
        ILocalSymbol? local = value.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
            _ => null,
        };
        if (local is null || value.EnclosingLoop() is not { } loop)
        {
            return null;
        }

        var retries = ConditionTests(loop, local);
        foreach (var operation in loop.Descendants())
        {
            switch (operation)
            {
                case ILocalReferenceOperation reference when reference.Local.Is(local):
                    if (!OnlyLooksAt(reference, send))
                    {
                        return null;
                    }

                    break;
                case IBranchOperation { BranchKind: BranchKind.Continue } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel) && branch.Syntax.SpanStart > value.Syntax.SpanStart:
                    retries = true;
                    break;
            }
        }

        return retries || RetriedAfterCatch(value, loop, local) || FallsThroughAfterSuccessTest(value, loop, local) ? loop : null;
    }

    /// <summary>A use that neither disposes, reads the content, stores nor hands the response on.</summary>
    private static bool OnlyLooksAt(ILocalReferenceOperation reference, IInvocationOperation send)
    {
        var use = reference.WalkUpConversions();
        switch (use.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == use:
                return true;
            case IReturnOperation:
                return true; // leaves the loop with it: the caller owns that one
            case IPropertyReferenceOperation property when property.Instance == use:
                return property.Property.Name is not "Content";
            case IInvocationOperation call when call.Instance == use:
                return call.TargetMethod.Name == "EnsureSuccessStatusCode";
            case IBinaryOperation or IIsPatternOperation { Pattern: IConstantPatternOperation }:
                return true; // response == null
            case IArgumentOperation { Parent: IInvocationOperation helper }:
                return IsLookingHelper(helper.TargetMethod, send);
            default:
                return false;
        }
    }

    /// <summary>A method of the handler's own type whose parameter is only read through members (not disposed, stored or passed on).</summary>
    private static bool IsLookingHelper(IMethodSymbol helper, IInvocationOperation send)
    {
        if (send.SemanticModel?.GetEnclosingSymbol(send.Syntax.SpanStart)?.ContainingType is not { } type
            || !helper.ContainingType.OriginalDefinition.Is(type.OriginalDefinition)
            || helper.DeclaringSyntaxReferences.Length != 1
            || helper.DeclaringSyntaxReferences[0].GetSyntax() is not MethodDeclarationSyntax declaration)
        {
            return false;
        }

        foreach (var parameter in declaration.ParameterList.Parameters)
        {
            var name = parameter.Identifier.ValueText;
            foreach (var node in declaration.DescendantNodes())
            {
                if (node is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name
                    && !(identifier.Parent is MemberAccessExpressionSyntax access && access.Expression == identifier
                         && access.Name.Identifier.ValueText is not ("Dispose" or "Content")))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary><c>do { ... } while (!response.IsSuccessStatusCode)</c>: the loop's condition tests a member of the response.</summary>
    private static bool ConditionTests(ILoopOperation loop, ILocalSymbol local)
    {
        var condition = loop.Condition();
        if (condition is null)
        {
            return false;
        }

        foreach (var operation in condition.DescendantsAndSelf())
        {
            // response.IsSuccessStatusCode, response.StatusCode: a test of the answer (response == null only waits for one).
            if (operation is ILocalReferenceOperation reference && reference.Local.Is(local)
                && reference.WalkUpConversions().Parent is IPropertyReferenceOperation { Instance: { } instance } && instance == reference.WalkUpConversions())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The response is stored in a <c>try</c> inside the loop, a call after it in the same <c>try</c> looks at it (and may throw:
    /// <c>ThrowIfRetriable(response)</c>, <c>response.EnsureSuccessStatusCode()</c>), and a <c>catch</c> of that <c>try</c> does not
    /// always throw: the loop goes round with the response dropped.
    /// </summary>
    private static bool RetriedAfterCatch(IOperation value, ILoopOperation loop, ILocalSymbol local)
    {
        for (var current = value.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is not ITryOperation tryOperation || !tryOperation.Body.Syntax.Span.Contains(value.Syntax.Span))
            {
                continue;
            }

            var lookedAtAfter = false;
            foreach (var operation in tryOperation.Body.Descendants())
            {
                if (operation.Syntax.SpanStart > value.Syntax.Span.End && operation is ILocalReferenceOperation reference && reference.Local.Is(local)
                    && reference.WalkUpConversions().Parent is IArgumentOperation or IInvocationOperation { TargetMethod.Name: "EnsureSuccessStatusCode" })
                {
                    lookedAtAfter = true;
                }
            }

            if (!lookedAtAfter)
            {
                return false;
            }

            foreach (var handler in tryOperation.Catches)
            {
                if (!AlwaysLeaves(handler.Handler))
                {
                    return true;
                }
            }

            return false;
        }

        return false;
    }

    /// <summary>The block ends with a throw or return, or its last statement is one (an <c>if</c> that throws is not enough).</summary>
    private static bool AlwaysLeaves(IBlockOperation block) =>
        block.Operations.Length > 0 && block.Operations[block.Operations.Length - 1] is IThrowOperation or IReturnOperation
            or IExpressionStatementOperation { Operation: IThrowOperation };

    /// <summary>
    /// <c>response = await base.SendAsync(...); if (response.IsSuccessStatusCode) return response; await Task.Delay(...);</c>: the
    /// loop body tests the response after storing it, leaves with it on success, and otherwise reaches its end.
    /// </summary>
    private static bool FallsThroughAfterSuccessTest(IOperation value, ILoopOperation loop, ILocalSymbol local)
    {
        if (loop.Body is not IBlockOperation body || body.Operations.Length == 0 || !body.Syntax.Span.Contains(value.Syntax.Span))
        {
            return false;
        }

        var last = body.Operations[body.Operations.Length - 1];
        if (last is IReturnOperation or IThrowOperation or IBranchOperation or IExpressionStatementOperation { Operation: IThrowOperation })
        {
            return false;
        }

        foreach (var statement in body.Operations)
        {
            if (statement.Syntax.SpanStart <= value.Syntax.SpanStart
                || statement is not IConditionalOperation { WhenFalse: null } test
                || !LeavesWith(test.WhenTrue))
            {
                continue;
            }

            foreach (var operation in test.Condition.DescendantsAndSelf())
            {
                if (operation is ILocalReferenceOperation reference && reference.Local.Is(local))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool LeavesWith(IOperation branch) => branch switch
    {
        IReturnOperation or IBranchOperation { BranchKind: BranchKind.Break } => true,
        IBlockOperation { Operations.Length: > 0 } block => block.Operations[block.Operations.Length - 1] is IReturnOperation or IBranchOperation { BranchKind: BranchKind.Break },
        _ => false,
    };
}
