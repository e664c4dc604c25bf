using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// A callback that returns a boolean setting (<c>return _settings.AcceptInvalidCertificates;</c>) and is installed only
/// when that same setting is true (<c>if (_settings.AcceptInvalidCertificates) new SslStream(s, false, Accept)</c>, or
/// the true branch of a conditional): wherever it runs it returns true, so it accepts every certificate. Whether the
/// setting is opt-in or on by default does not change that (README convention: an "ignore errors" option is a defect).
/// </summary>
public sealed partial class CertificateValidationDisabledAnalyzer
{
    private static bool ReturnsTheFlagThatGuardsIt(IDelegateCreationOperation creation)
    {
        var returned = ReturnedMemberPath(creation.Target);
        if (returned is null)
        {
            return false;
        }

        IOperation child = creation;
        for (var parent = creation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalOperation conditional && conditional.WhenTrue == child &&
                MemberPath(conditional.Condition.WalkDownConversions()) is { } guard && guard == returned)
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// The member path (<c>_settings.AcceptInvalidCertificates</c>) that every return of the callback returns, when it is a
    /// chain of fields and properties of the callback's own type (or <c>this</c>); null otherwise.
    /// </summary>
    private static string? ReturnedMemberPath(IOperation target)
    {
        switch (target)
        {
            case IAnonymousFunctionOperation lambda:
                string? path = null;
                var returns = 0;
                foreach (var operation in lambda.Body.Descendants())
                {
                    if (operation is IThrowOperation)
                    {
                        return null;
                    }

                    if (operation is IReturnOperation { Kind: OperationKind.Return } returnOperation && returnOperation.EnclosingFunction() == lambda)
                    {
                        var returnedPath = MemberPath(returnOperation.ReturnedValue?.WalkDownConversions());
                        if (returnedPath is null || (path is not null && path != returnedPath))
                        {
                            return null;
                        }

                        path = returnedPath;
                        returns++;
                    }
                }

                return returns > 0 ? path : null;
            case IMethodReferenceOperation { Method: { } method } when method.DeclaringSyntaxReferences.Length == 1 &&
                !(method.IsAbstract || method.IsVirtual || method.IsOverride || method.IsExtern):
                return method.DeclaringSyntaxReferences[0].GetSyntax() is MethodDeclarationSyntax declaration
                    ? SyntaxReturnedPath(declaration)
                    : null;
            default:
                return null;
        }
    }

    /// <summary>A method in source whose every return is the same member path; names that are its parameters or locals do not count.</summary>
    private static string? SyntaxReturnedPath(MethodDeclarationSyntax method)
    {
        var shadowed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in method.ParameterList.Parameters)
        {
            shadowed.Add(parameter.Identifier.ValueText);
        }

        if (method.ExpressionBody is { } arrow)
        {
            return SyntaxPath(arrow.Expression, shadowed);
        }

        if (method.Body is null)
        {
            return null;
        }

        string? path = null;
        foreach (var node in method.Body.DescendantNodes(static n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            switch (node)
            {
                case ThrowStatementSyntax or ThrowExpressionSyntax:
                    return null;
                case VariableDeclaratorSyntax local:
                    shadowed.Add(local.Identifier.ValueText);
                    break;
                case ReturnStatementSyntax returnStatement:
                    var returned = SyntaxPath(returnStatement.Expression, shadowed);
                    if (returned is null || (path is not null && path != returned))
                    {
                        return null;
                    }

                    path = returned;
                    break;
            }
        }

        return path;
    }

    private static string? SyntaxPath(ExpressionSyntax? expression, HashSet<string> shadowed)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        switch (expression)
        {
            case IdentifierNameSyntax identifier:
                return shadowed.Contains(identifier.Identifier.ValueText) ? null : identifier.Identifier.ValueText;
            case MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access:
                if (access.Expression is ThisExpressionSyntax)
                {
                    return access.Name.Identifier.ValueText;
                }

                return SyntaxPath(access.Expression, shadowed) is { } left ? left + "." + access.Name.Identifier.ValueText : null;
            default:
                return null;
        }
    }

    /// <summary>The same path for an operation: fields and properties of <c>this</c> (or static), chained.</summary>
    private static string? MemberPath(IOperation? operation)
    {
        switch (operation)
        {
            case IFieldReferenceOperation field:
                return Chain(field.Instance, field.Field.Name);
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return Chain(property.Instance, property.Property.Name);
            default:
                return null;
        }

        static string? Chain(IOperation? instance, string name) => instance?.WalkDownConversions() switch
        {
            null or IInstanceReferenceOperation => name,
            var inner => MemberPath(inner) is { } left ? left + "." + name : null,
        };
    }

    /// <summary>
    /// The callback's type authenticates as a server and never as a client: the callback validates client certificates.
    /// Read only for a flag-guarded callback (rare), from the type's syntax.
    /// </summary>
    private static bool IsServerSideType(IOperation creation)
    {
        if (creation.SemanticModel?.GetEnclosingSymbol(creation.Syntax.SpanStart)?.ContainingType is not { } type)
        {
            return false;
        }

        var server = false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: { } name } })
                {
                    var text = name.Identifier.ValueText;
                    if (text.StartsWith("AuthenticateAsClient", StringComparison.Ordinal))
                    {
                        return false;
                    }

                    server |= text.StartsWith("AuthenticateAsServer", StringComparison.Ordinal);
                }
            }
        }

        return server;
    }
}
