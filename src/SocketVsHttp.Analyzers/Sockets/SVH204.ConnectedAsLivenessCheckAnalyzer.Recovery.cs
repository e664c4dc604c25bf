using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>
/// Code whose own I/O notices the dead peer, so that <c>Connected</c> is only a "not closed by us yet" flag (found in the
/// real-world suite, labelled correct):
/// <list type="bullet">
/// <item>a lazy connect (<c>if (!socket.Connected) Connect();</c>) before a request sent through a method of the type that
/// reconnects and sends again when the request fails, in a type that closes the socket when a read returns 0: a stale
/// connection fails the response read, is closed, and the request is retried on a new one;</item>
/// <item>a loop that leaves when a same-type send/receive helper given the connection reports failure
/// (<c>if (!SendMessage(stream, payload)) break;</c>);</item>
/// <item>a loop that calls a same-type read helper which tests its read's count for 0 and throws, where the throw leaves the loop.</item>
/// </list>
/// A fire-and-forget writer (a log shipper) has no response read: a write into a dead connection succeeds and is lost, and
/// its retry on an exception does not help; it stays reported.
/// </summary>
public sealed partial class ConnectedAsLivenessCheckAnalyzer
{
    /// <summary>
    /// <c>if (!socket.Connected) Connect();</c>: the branch connects through a method of the type hierarchy, and the member then
    /// sends its request through a method that reconnects and retries on failure, in a type that closes the socket on a 0-byte read.
    /// </summary>
    private static bool IsLazyConnectBeforeRetriedRequest(
        IConditionalOperation branch,
        bool negated,
        KnownTypes types,
        TypeFactsCache<RecoveryFacts> recovery,
        Compilation compilation,
        CancellationToken cancellationToken)
    {
        if (!negated || ContainingTypeOf(branch) is not { } type)
        {
            return false;
        }

        var facts = RecoveryFacts.ForHierarchy(type, branch, recovery, compilation, cancellationToken);
        if (!facts.ClosesOnZeroRead || !CallsAny(branch.WhenTrue, facts.ConnectMethods))
        {
            return false;
        }

        var retrying = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (method, reconnect) in facts.RetryCandidates)
        {
            if (facts.ConnectMethods.Contains(reconnect))
            {
                retrying.Add(method);
            }
        }

        foreach (var operation in branch.MemberRoot().Descendants())
        {
            if (operation is IInvocationOperation call && call.Syntax.SpanStart > branch.Syntax.Span.End
                && retrying.Contains(call.TargetMethod.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CallsAny(IOperation scope, HashSet<ISymbol> methods)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IInvocationOperation call && methods.Contains(call.TargetMethod.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The loop body leaves the loop (<c>break</c>, <c>return</c>, <c>throw</c>) when a bool helper of the type, given the
    /// connection or its stream and doing I/O on it, returns false: a failed send or receive ends the loop.
    /// </summary>
    private static bool ExitsWhenIoHelperFails(ILoopOperation loop, IOperation connection, KnownTypes types)
    {
        var type = ContainingTypeOf(loop);
        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is not IInvocationOperation { TargetMethod: { ReturnType.SpecialType: SpecialType.System_Boolean } callee } call
                || !type.IsOrDerivesFrom(callee.ContainingType))
            {
                continue;
            }

            var (condition, negated) = WalkUpToCondition(call);
            if (!negated || condition.Parent is not IConditionalOperation branch || branch.Condition != condition
                || !LeavesLoop(branch.WhenTrue) || (LeavesOnlyInnerLoop(branch.WhenTrue) && branch.EnclosingLoop() != loop))
            {
                continue;
            }

            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter is { } parameter && IsConnectionOrItsStream(argument.Value, connection, loop, types)
                    && SourceBodies.Of(callee).Any(body => SourceBodies.AccessesOn(
                        body, parameter.Name, "Write", "WriteAsync", "Read", "ReadAsync", "Send", "SendAsync", "Receive", "ReceiveAsync")))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Ends in <c>break</c>, <c>return</c> or <c>throw</c> (a <c>continue</c> carries on with the loop).</summary>
    private static bool LeavesLoop(IOperation handler)
    {
        var last = handler is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : handler;
        return last is IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }
            || last is IBranchOperation { BranchKind: BranchKind.Break };
    }

    /// <summary>The exit is a <c>break</c> (it leaves the nearest loop only), not a <c>return</c> or <c>throw</c>.</summary>
    private static bool LeavesOnlyInnerLoop(IOperation branch)
    {
        var last = branch is IBlockOperation { Operations.Length: > 0 } block ? block.Operations[block.Operations.Length - 1] : branch;
        return last is IBranchOperation;
    }

    /// <summary>The connection itself, or a local holding its stream (<c>var stream = client.GetStream();</c>) declared in the member.</summary>
    private static bool IsConnectionOrItsStream(IOperation value, IOperation connection, IOperation scope, KnownTypes types)
    {
        if (SameConnection.AreSame(value, connection, types))
        {
            return true;
        }

        if (value.WalkDownConversions() is not ILocalReferenceOperation local)
        {
            return false;
        }

        foreach (var operation in scope.MemberRoot().Descendants())
        {
            if (operation is IVariableDeclaratorOperation { Initializer.Value: { } initializer } declarator && declarator.Symbol.Is(local.Local)
                && initializer.WalkDownConversions() is IInvocationOperation getStream
                && TcpCallKinds.Classify(getStream, types) == TcpCallKind.GetStream
                && SameConnection.AreSame(getStream.Instance, connection, types))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The loop body calls a read helper of the type whose read's count is tested for 0 and which throws (the close
    /// becomes an exception), and nothing inside the loop catches that exception and carries on.
    /// </summary>
    private static bool CallsThrowingReadHelper(ILoopOperation loop, KnownTypes types)
    {
        var type = ContainingTypeOf(loop);
        if (loop.SemanticModel is not { } model)
        {
            return false;
        }

        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is not IInvocationOperation { TargetMethod: { } callee } call || !type.IsOrDerivesFrom(callee.ContainingType)
                || !CatchesInLoopLeave(call, loop))
            {
                continue;
            }

            foreach (var body in SourceBodies.Of(callee))
            {
                var calleeModel = TypeBodies.ModelFor(body.SyntaxTree, loop, model.Compilation);
                if (calleeModel.GetOperation(body) is { } calleeRoot && ThrowsOnZeroCount(calleeRoot, types))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A read's count is tested for 0 and the closed side throws: the arm taken on 0 (<c>if (n == 0) throw ...</c>), or, for
    /// <c>if (n &gt; 0) { return ...; }</c>, a throw among the statements after it.
    /// </summary>
    private static bool ThrowsOnZeroCount(IOperation root, KnownTypes types)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is not IConditionalOperation { Condition: IBinaryOperation comparison } branch)
            {
                continue;
            }

            var zeroOnRight = IsZeroOrOne(comparison.RightOperand);
            if ((!zeroOnRight && !IsZeroOrOne(comparison.LeftOperand))
                || !IsReadCount(zeroOnRight ? comparison.LeftOperand : comparison.RightOperand, root, types))
            {
                continue;
            }

            // n > 0, n != 0, n >= 1 (or 0 < n): true means data arrived.
            var bound = (int)(zeroOnRight ? comparison.RightOperand : comparison.LeftOperand).ConstantValue.Value!;
            var kind = zeroOnRight ? comparison.OperatorKind : Mirror(comparison.OperatorKind);
            var trueMeansData = kind is BinaryOperatorKind.NotEquals
                || (kind is BinaryOperatorKind.GreaterThan && bound == 0)
                || (kind is BinaryOperatorKind.GreaterThanOrEqual && bound == 1);
            var closedArm = trueMeansData ? branch.WhenFalse : branch.WhenTrue;
            if (closedArm is not null && ContainsThrow(closedArm))
            {
                return true;
            }

            if (trueMeansData && Exits(branch.WhenTrue) && branch.Parent is IBlockOperation block)
            {
                for (var i = block.Operations.IndexOf(branch) + 1; i < block.Operations.Length; i++)
                {
                    if (ContainsThrow(block.Operations[i]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static BinaryOperatorKind Mirror(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private static bool ContainsThrow(IOperation scope)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is IThrowOperation { Exception: not null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every catch clause inside the loop around the call ends by leaving (break, return, throw): none swallows the close.</summary>
    private static bool CatchesInLoopLeave(IOperation call, ILoopOperation loop)
    {
        for (var current = call.Parent; current is not null && current != loop; current = current.Parent)
        {
            if (current is ITryOperation @try && call.IsDescendantOf(@try.Body))
            {
                foreach (var clause in @try.Catches)
                {
                    if (!LeavesLoop(clause.Handler))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The connection is a local or parameter this member assigned from a method of the type whose body polls
    /// (<c>var socket = Acquire();</c> where <c>Acquire</c> evicts pooled sockets with <c>Poll</c>).
    /// </summary>
    private static bool ComesFromPollingMethod(IOperation? connection, IOperation read)
    {
        var symbol = connection?.WalkDownConversions() switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IParameterReferenceOperation parameter => parameter.Parameter,
            _ => null,
        };
        if (symbol is null || ContainingTypeOf(read) is not { } type)
        {
            return false;
        }

        foreach (var operation in read.MemberRoot().Descendants())
        {
            var assigned = operation switch
            {
                IVariableDeclaratorOperation declarator when declarator.Symbol.Is(symbol) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when target.Local.Is(symbol) => assignment.Value,
                ISimpleAssignmentOperation { Target: IParameterReferenceOperation target } assignment when target.Parameter.Is(symbol) => assignment.Value,
                _ => null,
            };
            if (assigned?.WalkDownConversions() is IInvocationOperation { TargetMethod: { } source } && source.ContainingType.Is(type)
                && SourceBodies.Of(source).Any(body => SourceBodies.Mentions(body, "Poll")))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Per type (its own bodies; a query combines the type with its source base types): the methods that connect a socket,
    /// the methods that call something again after calling a possible reconnect on a failure path, and whether a read
    /// that returns 0 closes its socket.
    /// </summary>
    internal sealed class RecoveryFacts
    {
        private RecoveryFacts(HashSet<ISymbol> connectMethods, List<(ISymbol Method, ISymbol Reconnect)> retryCandidates, bool closesOnZeroRead)
        {
            ConnectMethods = connectMethods;
            RetryCandidates = retryCandidates;
            ClosesOnZeroRead = closesOnZeroRead;
        }

        /// <summary>Methods whose body connects a socket or TcpClient, with the methods they override (keyed by original definition).</summary>
        public HashSet<ISymbol> ConnectMethods { get; }

        /// <summary>A method, and the call made on a failure path (catch or branch) right before it repeats a call made earlier.</summary>
        public List<(ISymbol Method, ISymbol Reconnect)> RetryCandidates { get; }

        /// <summary>Some read's count is tested for 0 and that branch closes the read's connection.</summary>
        public bool ClosesOnZeroRead { get; }

        public static RecoveryFacts ForHierarchy(
            INamedTypeSymbol type,
            IOperation from,
            TypeFactsCache<RecoveryFacts> cache,
            Compilation compilation,
            CancellationToken cancellationToken)
        {
            var connect = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var retries = new List<(ISymbol, ISymbol)>();
            var closes = false;
            for (var current = type; current is not null && !current.DeclaringSyntaxReferences.IsEmpty; current = current.BaseType)
            {
                var facts = cache.Get(current, from, compilation, cancellationToken);
                connect.UnionWith(facts.ConnectMethods);
                retries.AddRange(facts.RetryCandidates);
                closes |= facts.ClosesOnZeroRead;
            }

            return new RecoveryFacts(connect, retries, closes);
        }

        public static RecoveryFacts Collect(ImmutableArray<IOperation> roots, KnownTypes types)
        {
            var connect = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var retries = new List<(ISymbol, ISymbol)>();
            var closes = false;
            foreach (var root in roots)
            {
                var method = root.SemanticModel?.GetDeclaredSymbol(root.Syntax) as IMethodSymbol;
                foreach (var operation in root.Descendants())
                {
                    if (operation is not IInvocationOperation invocation)
                    {
                        continue;
                    }

                    var kind = TcpCallKinds.Classify(invocation, types);
                    if (kind == TcpCallKind.Connect && method is not null)
                    {
                        for (var m = method; m is not null; m = m.OverriddenMethod)
                        {
                            connect.Add(m.OriginalDefinition);
                        }
                    }
                    else if (kind == TcpCallKind.Receive && !closes)
                    {
                        closes = ClosesOnZero(invocation, root, types);
                    }

                    // A reconnect is a method written in source (a connect method of the type); only those calls are followed.
                    if (method is not null && !invocation.TargetMethod.DeclaringSyntaxReferences.IsEmpty
                        && RepeatedAfter(invocation, root) is { } reconnect)
                    {
                        retries.Add((method.OriginalDefinition, reconnect));
                    }
                }
            }

            return new RecoveryFacts(connect, retries, closes);
        }

        /// <summary>
        /// <paramref name="call"/> sits in a catch clause or a branch and is followed there by a call to a method (or local
        /// function) the member already called before that clause: the target of <paramref name="call"/> when it is so.
        /// </summary>
        private static ISymbol? RepeatedAfter(IInvocationOperation call, IOperation root)
        {
            IOperation? clause = null;
            for (var current = call.Parent; current is not null && current != root; current = current.Parent)
            {
                if (current is ICatchClauseOperation
                    || (current.Parent is IConditionalOperation conditional && (conditional.WhenTrue == current || conditional.WhenFalse == current)))
                {
                    clause = current;
                    break;
                }
            }

            if (clause is null)
            {
                return null;
            }

            foreach (var later in clause.Descendants())
            {
                if (later is not IInvocationOperation repeat || repeat.Syntax.SpanStart <= call.Syntax.Span.End
                    || repeat.TargetMethod.OriginalDefinition.Is(call.TargetMethod.OriginalDefinition)
                    || (repeat.TargetMethod.DeclaringSyntaxReferences.IsEmpty && repeat.TargetMethod.MethodKind != MethodKind.LocalFunction))
                {
                    continue;
                }

                foreach (var earlier in root.Descendants())
                {
                    if (earlier is IInvocationOperation first && first.Syntax.Span.End <= clause.Syntax.SpanStart
                        && first.TargetMethod.OriginalDefinition.Is(repeat.TargetMethod.OriginalDefinition)
                        && !first.IsDescendantOf(clause))
                    {
                        return call.TargetMethod.OriginalDefinition;
                    }
                }
            }

            return null;
        }

        /// <summary>The read's count (directly or through a local) is tested for 0 and the true branch closes the read's connection.</summary>
        private static bool ClosesOnZero(IInvocationOperation read, IOperation root, KnownTypes types)
        {
            var connection = TcpCallKinds.Receiver(read);
            if (connection is null)
            {
                return false;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is IConditionalOperation { Condition: IBinaryOperation comparison } branch
                    && (IsZeroOrOne(comparison.RightOperand) || IsZeroOrOne(comparison.LeftOperand))
                    && IsReadCount(IsZeroOrOne(comparison.RightOperand) ? comparison.LeftOperand : comparison.RightOperand, root, types)
                    && Closes(branch.WhenTrue, connection, types))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A Close/Dispose/Shutdown of the connection, or a call given it whose body closes that parameter (<c>socket.SafeClose()</c>).</summary>
        private static bool Closes(IOperation scope, IOperation connection, KnownTypes types)
        {
            if (SameConnection.HasCallOn(scope, connection, TcpCallKind.Close, types))
            {
                return true;
            }

            foreach (var operation in scope.DescendantsAndSelf())
            {
                if (operation is not IInvocationOperation call)
                {
                    continue;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { } parameter && SameConnection.AreSame(argument.Value, connection, types)
                        && SourceBodies.Of(call.TargetMethod).Any(body => ClosesParameter(body, parameter.Name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>p.Close()</c>, <c>p?.Close()</c>, and the same with Dispose and Shutdown.</summary>
        private static bool ClosesParameter(SyntaxNode body, string parameter)
        {
            if (SourceBodies.AccessesOn(body, parameter, "Close", "Dispose", "Shutdown"))
            {
                return true;
            }

            foreach (var node in body.DescendantNodes())
            {
                if (node is ConditionalAccessExpressionSyntax { Expression: IdentifierNameSyntax identifier, WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } }
                    && identifier.Identifier.ValueText == parameter
                    && binding.Name.Identifier.ValueText is "Close" or "Dispose" or "Shutdown")
                {
                    return true;
                }
            }

            return false;
        }
    }
}
