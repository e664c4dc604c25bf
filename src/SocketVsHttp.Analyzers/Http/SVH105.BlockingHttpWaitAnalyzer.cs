using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH105: <c>.Result</c>, <c>.Wait()</c> or <c>.GetAwaiter().GetResult()</c> on a task returned by an HttpClient /
/// HttpMessageInvoker / HttpContent method, directly or through a local that only ever holds such tasks.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingHttpWaitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SVH105);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpMessageInvoker is null || types.HttpContent is null || types.Task is null)
            {
                return;
            }

            start.RegisterOperationAction(context => AnalyzeResult(context, types), OperationKind.PropertyReference);
            start.RegisterOperationAction(context => AnalyzeInvocation(context, types), OperationKind.Invocation);
        });
    }

    private static void AnalyzeResult(OperationAnalysisContext context, KnownTypes types)
    {
        var property = (IPropertyReferenceOperation)context.Operation;
        if (property.Property.Name != "Result"
            || property.Instance is null
            || !HttpCallFacts.IsTaskLike(property.Property.ContainingType, types)
            || property.Syntax is not MemberAccessExpressionSyntax access)
        {
            return;
        }

        Report(context, property, property.Instance, access.OperatorToken.SpanStart, ".Result", types);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KnownTypes types)
    {
        var invocation = (IInvocationOperation)context.Operation;
        var method = invocation.TargetMethod;
        if (method.Name is not ("Wait" or "GetResult") || invocation.Instance is null ||
            invocation.Syntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            return;
        }

        if (method.Name == "Wait" && method.ContainingType.Is(types.Task))
        {
            Report(context, invocation, invocation.Instance, access.OperatorToken.SpanStart, method.Parameters.Length == 0 ? ".Wait()" : ".Wait(...)", types);
        }
        else if (method.Name == "GetResult" && method.Parameters.Length == 0
                 && invocation.Instance.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited } getAwaiter
                 && getAwaiter.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax getAwaiterAccess })
        {
            var task = HttpCallFacts.SkipConfigureAwait(awaited, types);
            if (HttpCallFacts.IsTaskLike(task.Type, types))
            {
                Report(context, invocation, task, getAwaiterAccess.OperatorToken.SpanStart, ".GetAwaiter().GetResult()", types);
            }
        }
    }

    private static void Report(OperationAnalysisContext context, IOperation blocking, IOperation taskOperation, int spanStart, string blockingText, KnownTypes types)
    {
        var task = HttpCallFacts.SkipConfigureAwait(taskOperation, types);
        var source = task switch
        {
            IInvocationOperation call => HttpMethodName(call, types),
            ILocalReferenceOperation local => HttpMethodNameOfLocal(local, blocking, types),
            _ => null,
        };

        if (source is null)
        {
            return;
        }

        var location = Location.Create(blocking.Syntax.SyntaxTree, TextSpan.FromBounds(spanStart, blocking.Syntax.Span.End));
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SVH105, location, blockingText, source));
    }

    private static string? HttpMethodName(IInvocationOperation call, KnownTypes types) =>
        DirectHttpMethodName(call, types) ?? TaskRunHttpMethodName(call, types);

    private static string? DirectHttpMethodName(IInvocationOperation call, KnownTypes types)
    {
        if (!HttpCallFacts.IsTaskLike(call.TargetMethod.ReturnType, types))
        {
            return null;
        }

        if (HttpCallFacts.IsHttpClientMethod(call.TargetMethod, types))
        {
            return call.TargetMethod.Name;
        }

        return HttpCallFacts.IsHttpContentMethod(call.TargetMethod, types) && !CompletesAtOnce(call, types) ? call.TargetMethod.Name : null;
    }

    /// <summary>
    /// Content reads whose task is complete when it is returned: <c>ReadAsStreamAsync</c> hands out the content's stream
    /// (a received response's connection stream, or its buffer; reading that stream is what waits); and
    /// <c>ReadAsStringAsync</c> / <c>ReadAsByteArrayAsync</c> of buffered content (<see cref="HttpCallFacts.IsBufferedContent"/>:
    /// in-memory content created in the method, or a response that completed with the default <c>ResponseContentRead</c>).
    /// </summary>
    private static bool CompletesAtOnce(IInvocationOperation call, KnownTypes types)
    {
        if (call.TargetMethod.Name == "ReadAsStreamAsync")
        {
            return true;
        }

        var receiver = call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
        return call.TargetMethod.Name is "ReadAsStringAsync" or "ReadAsByteArrayAsync" && HttpCallFacts.IsBufferedContent(receiver, types);
    }

    /// <summary>
    /// <c>Task.Run(() => client.GetStringAsync(url))</c> (or <c>async () => await ...</c>, or a block with that one return):
    /// the task is the HTTP call's, moved to the thread pool; blocking on it still holds a thread for the whole call.
    /// </summary>
    private static string? TaskRunHttpMethodName(IInvocationOperation call, KnownTypes types)
    {
        if (call.TargetMethod is not { Name: "Run", IsStatic: true } run || !run.ContainingType.Is(types.Task) || call.Arguments.Length == 0 ||
            call.Arguments[0].Value.WalkDownConversions() is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } ||
            lambda.Body.Operations.Length != 1 ||
            lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return null;
        }

        var value = HttpCallFacts.SkipConfigureAwait(returned, types);
        if (value is IAwaitOperation awaited)
        {
            value = HttpCallFacts.SkipConfigureAwait(awaited.Operation, types);
        }

        return value is IInvocationOperation inner && DirectHttpMethodName(inner, types) is { } name
            ? "Task.Run(() => " + name + "(...))"
            : null;
    }

    /// <summary>
    /// The HTTP method whose task the local holds, when every write to the local is such a call and nothing touched the
    /// task before this blocking read (no await, WhenAll, IsCompleted check, Wait or hand-off that may have completed it).
    /// </summary>
    private static string? HttpMethodNameOfLocal(ILocalReferenceOperation reference, IOperation blocking, KnownTypes types)
    {
        var local = reference.Local;
        var body = blocking.EnclosingBody();
        if (local.DeclaringSyntaxReferences.Length == 0 || !body.Syntax.Span.Contains(local.DeclaringSyntaxReferences[0].Span))
        {
            return null;
        }

        string? name = null;
        var blockingStart = blocking.Syntax.SpanStart;
        foreach (var descendant in body.Descendants())
        {
            IOperation? written = null;
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when declarator.Symbol.Is(local):
                    written = declarator.Initializer?.Value;
                    if (written is null)
                    {
                        continue;
                    }

                    break;
                case ILocalReferenceOperation other when other.Local.Is(local) && other != reference:
                    var outer = other.WalkUpConversions();
                    if (outer.Parent is ISimpleAssignmentOperation assignment && assignment.Target == outer)
                    {
                        written = assignment.Value;
                        break;
                    }

                    if (outer.Parent is IInvocationOperation { TargetMethod.ContainingType.SpecialType: SpecialType.System_Object } objectMethod && objectMethod.Instance == outer)
                    {
                        // `task.ToString()`, `GetHashCode()`: nothing waits for or completes the task.
                        continue;
                    }

                    if (other.Syntax.SpanStart < blockingStart || outer.Parent is IAssignmentOperation or IArgumentOperation { Parameter.RefKind: not RefKind.None })
                    {
                        // Awaited, passed to WhenAll, checked with IsCompleted, waited, stored... before this read: it may be complete.
                        return null;
                    }

                    continue;
                default:
                    continue;
            }

            if (HttpCallFacts.SkipConfigureAwait(written, types) is IInvocationOperation call && HttpMethodName(call, types) is { } method)
            {
                name ??= method;
            }
            else
            {
                return null;
            }
        }

        return name;
    }
}
