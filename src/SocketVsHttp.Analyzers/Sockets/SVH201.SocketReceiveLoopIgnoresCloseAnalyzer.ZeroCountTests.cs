using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

// ZeroCountTests: used by this rule only, so it lives beside it.
public sealed partial class SocketReceiveLoopIgnoresCloseAnalyzer
{
    /// <summary>
    /// "Is this byte count tested for 0 (the peer closed)?" What is understood as a close test:
    /// <list type="bullet">
    /// <item>a comparison with a constant that separates 0 from a positive count: <c>== 0</c>, <c>!= 0</c>, <c>&lt;= 0</c>, <c>&gt; 0</c>,
    /// <c>&lt; 1</c>, <c>&gt;= 1</c> (any constant with the same effect, e.g. <c>&lt; 4</c>), on either side (<c>0 == n</c>);</item>
    /// <item>any comparison with a non-constant value (<c>n &lt; buffer.Length</c>, <c>n != expected</c>): which side 0 lands on is unknown,
    /// so it is taken as a test (precision first);</item>
    /// <item>the patterns <c>is 0</c>, <c>is &gt; 0</c>, <c>is &lt;= 0</c>, <c>is not 0</c>, combinations with <c>and</c>/<c>or</c>,
    /// <c>switch</c> statements/expressions with a <c>case 0</c> / <c>0 =&gt;</c> arm;</item>
    /// <item>handing the count on: <c>return n;</c>, <c>yield return n;</c> (the caller owns the test);</item>
    /// <item>an "exit call": the count is an argument of a call whose result decides an <c>if</c> that breaks, returns or throws, or decides a
    /// loop condition; or of a method declared in source that throws when that parameter is 0 (<c>if (n == 0) throw ...</c>).</item>
    /// </list>
    /// <see cref="DetectsCloseByPolling"/> recognises the one count-free close test: <c>Poll(..., SelectRead)</c> with <c>Available == 0</c>.
    /// <see cref="DetectsNullLine"/> is the same question for a line from <c>ReadLine()</c>, where <c>null</c> is the close.
    /// </summary>
    internal static class ZeroCountTests
    {
        /// <summary>
        /// True when the line held by <paramref name="value"/> (the <c>ReadLine</c> result, an assignment of it, or a reference to it) is
        /// tested for null right there: <c>== null</c>/<c>!= null</c> (either side), a comparison with a non-constant (unknown: taken as a
        /// test), <c>is null</c>/<c>is not null</c>/<c>is { }</c>/<c>is string s</c>, a <c>case null</c>, <c>?? throw</c>, <c>?.</c>
        /// (the author handles null), <c>return line;</c>/<c>yield return</c> (the caller owns the test), or an argument of a call that
        /// decides an exit (<c>if (string.IsNullOrEmpty(line)) break;</c>, <c>while (Handle(line))</c>).
        /// A comparison with a non-null constant (<c>line == "quit"</c>) is not a test.
        /// </summary>
        public static bool DetectsNullLine(IOperation value)
        {
            var use = value.WalkUpConversions();
            switch (use.Parent)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    var other = binary.LeftOperand == use ? binary.RightOperand : binary.RightOperand == use ? binary.LeftOperand : null;
                    return other is not null && (!other.ConstantValue.HasValue || other.ConstantValue.Value is null);
                case IIsPatternOperation isPattern when isPattern.Value == use:
                    return PatternTestsNull(isPattern.Pattern);
                case ISwitchOperation switchStatement when switchStatement.Value == use:
                    foreach (var section in switchStatement.Cases)
                    {
                        foreach (var clause in section.Clauses)
                        {
                            if (clause is IPatternCaseClauseOperation patternClause && PatternTestsNull(patternClause.Pattern)
                                || clause is ISingleValueCaseClauseOperation single && single.Value.ConstantValue is { HasValue: true, Value: null })
                            {
                                return true;
                            }
                        }
                    }

                    return false;
                case ISwitchExpressionOperation switchExpression when switchExpression.Value == use:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (PatternTestsNull(arm.Pattern))
                        {
                            return true;
                        }
                    }

                    return false;
                case ICoalesceOperation coalesce when coalesce.Value == use:
                    return coalesce.WhenNull.WalkDownConversions() is IThrowOperation;
                case IConditionalAccessOperation access when access.Operation == use:
                    return true;
                case IReturnOperation:
                    return true;
                case IArgumentOperation argument:
                    return argument.Parent is IInvocationOperation invocation && DecidesExit(invocation);
                default:
                    return false;
            }
        }

        /// <summary>True when somewhere in <paramref name="scope"/> the line held in <paramref name="lineSymbol"/> is tested for null (see <see cref="DetectsNullLine"/>).</summary>
        public static bool DetectsNullLineAnywhere(ISymbol lineSymbol, IOperation scope)
        {
            foreach (var operation in scope.Descendants())
            {
                var symbol = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    ISimpleAssignmentOperation assignment => assignment.Target.ReferencedSymbol(),
                    _ => null,
                };
                if (symbol is null || !symbol.Is(lineSymbol) || (operation is not ISimpleAssignmentOperation && IsAssignmentTarget(operation)))
                {
                    continue;
                }

                if (DetectsNullLine(operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A pattern that separates null from a line: <c>null</c>, <c>not null</c>, <c>{ }</c>, <c>string s</c>, <c>var</c> excluded.</summary>
        private static bool PatternTestsNull(IPatternOperation pattern) => pattern switch
        {
            IConstantPatternOperation constant => constant.Value.ConstantValue is { HasValue: true, Value: null },
            INegatedPatternOperation negated => PatternTestsNull(negated.Pattern),
            IBinaryPatternOperation binary => PatternTestsNull(binary.LeftPattern) || PatternTestsNull(binary.RightPattern),
            IDeclarationPatternOperation declaration => !declaration.MatchesNull,
            ITypePatternOperation => true,
            IRecursivePatternOperation => true,
            _ => false,
        };

        /// <summary>True when the value of <paramref name="value"/> (the count itself, an assignment of it, or a reference to it) is used right there as a close test.</summary>
        public static bool DetectsClose(IOperation value)
        {
            var use = value.WalkUpConversions();
            switch (use.Parent)
            {
                case IBinaryOperation binary:
                    return IsCloseComparison(binary, use);
                case IIsPatternOperation isPattern when isPattern.Value == use:
                    return IsClosePattern(isPattern.Pattern);
                case ISwitchOperation switchStatement when switchStatement.Value == use:
                    return HasCloseCase(switchStatement);
                case ISwitchExpressionOperation switchExpression when switchExpression.Value == use:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (IsClosePattern(arm.Pattern))
                        {
                            return true;
                        }
                    }

                    return false;
                case IReturnOperation:
                    return true;
                case IArgumentOperation argument:
                    return IsExitCallArgument(argument);
                default:
                    return false;
            }
        }

        /// <summary>True when somewhere in <paramref name="scope"/> the count held in <paramref name="countSymbol"/> (local, parameter or field) is tested for 0.</summary>
        public static bool DetectsCloseAnywhere(ISymbol countSymbol, IOperation scope)
        {
            foreach (var operation in scope.Descendants())
            {
                var symbol = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IFieldReferenceOperation field => field.Field,
                    ISimpleAssignmentOperation assignment => assignment.Target.ReferencedSymbol(),
                    _ => null,
                };
                if (symbol is null || !symbol.Is(countSymbol))
                {
                    continue;
                }

                if (operation is not ISimpleAssignmentOperation && IsAssignmentTarget(operation))
                {
                    continue;
                }

                if (DetectsClose(operation))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The loop detects the close without the count: it calls <c>Socket.Poll</c> and compares <c>Socket.Available</c> with 0
        /// (<c>if (s.Poll(0, SelectMode.SelectRead) &amp;&amp; s.Available == 0) break;</c>: readable with nothing to read = closed).
        /// </summary>
        public static bool DetectsCloseByPolling(ILoopOperation loop, KnownTypes types)
        {
            if (types.Socket is null)
            {
                return false;
            }

            var polls = false;
            var testsAvailable = false;
            foreach (var operation in loop.Descendants())
            {
                switch (operation)
                {
                    case IInvocationOperation { TargetMethod.Name: "Poll" } poll when poll.TargetMethod.ContainingType.IsOrDerivesFrom(types.Socket):
                        polls = true;
                        break;
                    case IPropertyReferenceOperation { Property.Name: "Available" } available
                        when available.Property.ContainingType.IsOrDerivesFrom(types.Socket) && DetectsClose(available):
                        testsAvailable = true;
                        break;
                }
            }

            return polls && testsAvailable;
        }

        /// <summary>True when <paramref name="binary"/> compares the count (<paramref name="countSide"/>) in a way that separates 0 from a positive count.</summary>
        public static bool IsCloseComparison(IBinaryOperation binary, IOperation countSide)
        {
            IOperation other;
            var kind = binary.OperatorKind;
            if (binary.LeftOperand == countSide)
            {
                other = binary.RightOperand;
            }
            else if (binary.RightOperand == countSide)
            {
                other = binary.LeftOperand;
                kind = Flip(kind);
            }
            else
            {
                return false;
            }

            if (kind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
                or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual))
            {
                return false;
            }

            var constant = other.WalkDownConversions().ConstantValue;
            if (!constant.HasValue)
            {
                constant = other.ConstantValue;
            }

            if (!constant.HasValue)
            {
                // Unknown bound (n < buffer.Length, n != expected): cannot tell where 0 lands; assume it is the close test.
                return true;
            }

            return TryGetInteger(constant.Value, out var bound) && SeparatesZero(kind, bound);
        }

        /// <summary>True for a pattern that matches 0 but not every positive count, or the reverse.</summary>
        public static bool IsClosePattern(IPatternOperation pattern)
        {
            switch (pattern)
            {
                case IConstantPatternOperation constant:
                    return constant.Value.ConstantValue.HasValue && TryGetInteger(constant.Value.ConstantValue.Value, out var value) && value == 0;
                case IRelationalPatternOperation relational:
                    return relational.Value.ConstantValue.HasValue
                        && TryGetInteger(relational.Value.ConstantValue.Value, out var bound)
                        && SeparatesZero(relational.OperatorKind, bound);
                case INegatedPatternOperation negated:
                    return IsClosePattern(negated.Pattern);
                case IBinaryPatternOperation binary:
                    return IsClosePattern(binary.LeftPattern) || IsClosePattern(binary.RightPattern);
                default:
                    return false;
            }
        }

        private static bool HasCloseCase(ISwitchOperation switchStatement)
        {
            foreach (var section in switchStatement.Cases)
            {
                foreach (var clause in section.Clauses)
                {
                    switch (clause)
                    {
                        case ISingleValueCaseClauseOperation single when single.Value.ConstantValue.HasValue
                            && TryGetInteger(single.Value.ConstantValue.Value, out var value) && value == 0:
                            return true;
                        case IPatternCaseClauseOperation patternClause when IsClosePattern(patternClause.Pattern):
                            return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The count is passed to a call that decides an exit, or to a source method that throws when it is 0.</summary>
        private static bool IsExitCallArgument(IArgumentOperation argument)
        {
            if (argument.Parent is not IInvocationOperation invocation)
            {
                return false;
            }

            if (DecidesExit(invocation))
            {
                return true;
            }

            return argument.Parameter is { } parameter && CalleeThrowsOnZero(invocation.TargetMethod, parameter.Name);
        }

        /// <summary>The call's result (possibly negated or combined with &amp;&amp;/||) is a loop condition, or the condition of an if that leaves.</summary>
        private static bool DecidesExit(IOperation call)
        {
            var current = call.WalkUpConversions();
            while (current.Parent is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }
                or IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr }
                or IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent switch
            {
                IWhileLoopOperation loop => loop.Condition == current,
                IForLoopOperation loop => loop.Condition == current,
                IConditionalOperation conditional => conditional.Condition == current && (Leaves(conditional.WhenTrue) || Leaves(conditional.WhenFalse)),
                _ => false,
            };
        }

        /// <summary>The statement leaves the loop or the method: break, return, throw, goto (or a block ending in one).</summary>
        private static bool Leaves(IOperation? statement)
        {
            while (statement is IBlockOperation block)
            {
                if (block.Operations.Length == 0)
                {
                    return false;
                }

                statement = block.Operations[block.Operations.Length - 1];
            }

            return statement switch
            {
                IBranchOperation branch => branch.BranchKind != BranchKind.Continue,
                IReturnOperation => true,
                IThrowOperation => true,
                IExpressionStatementOperation { Operation: IThrowOperation } => true,
                _ => false,
            };
        }

        /// <summary>Syntax only (no semantic model): the source method has <c>if (&lt;parameter&gt; == 0 ...) throw ...</c>.</summary>
        private static bool CalleeThrowsOnZero(IMethodSymbol method, string parameterName)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                foreach (var node in reference.GetSyntax().DescendantNodes())
                {
                    if (node is IfStatementSyntax ifStatement
                        && TestsNameForZero(ifStatement.Condition, parameterName)
                        && ContainsThrow(ifStatement.Statement))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool ContainsThrow(StatementSyntax statement)
        {
            if (statement is ThrowStatementSyntax)
            {
                return true;
            }

            foreach (var node in statement.DescendantNodes())
            {
                if (node is ThrowStatementSyntax or ThrowExpressionSyntax)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool TestsNameForZero(ExpressionSyntax condition, string name)
        {
            foreach (var node in condition.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case BinaryExpressionSyntax binary when IsName(binary.Left, name) && IsZeroOrOne(binary.Right):
                    case BinaryExpressionSyntax reversed when IsName(reversed.Right, name) && IsZeroOrOne(reversed.Left):
                        return true;
                    case IsPatternExpressionSyntax isPattern when IsName(isPattern.Expression, name):
                        return true;
                }
            }

            return false;
        }

        private static bool IsName(ExpressionSyntax expression, string name) =>
            WalkDownParentheses(expression) is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

        private static bool IsZeroOrOne(ExpressionSyntax expression) =>
            WalkDownParentheses(expression) is LiteralExpressionSyntax literal
            && literal.IsKind(SyntaxKind.NumericLiteralExpression)
            && literal.Token.Value is int value
            && value is 0 or 1;

        private static ExpressionSyntax WalkDownParentheses(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
            {
                expression = parenthesized.Expression;
            }

            return expression;
        }

        private static bool IsAssignmentTarget(IOperation reference)
        {
            var use = reference.WalkUpConversions();
            return use.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == use,
                IIncrementOrDecrementOperation => true,
                _ => false,
            };
        }

        /// <summary>With the count on the left: does the comparison against <paramref name="bound"/> give a different answer for 0 than for large counts?</summary>
        private static bool SeparatesZero(BinaryOperatorKind kind, long bound) => kind switch
        {
            BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals => bound == 0,
            BinaryOperatorKind.LessThan or BinaryOperatorKind.GreaterThanOrEqual => bound >= 1,
            BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan => bound >= 0,
            _ => false,
        };

        private static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            _ => kind,
        };

        private static bool TryGetInteger(object? value, out long result)
        {
            switch (value)
            {
                case int i:
                    result = i;
                    return true;
                case long l:
                    result = l;
                    return true;
                case short s:
                    result = s;
                    return true;
                case byte b:
                    result = b;
                    return true;
                case uint u:
                    result = u;
                    return true;
                default:
                    result = 0;
                    return false;
            }
        }
    }
}
