using Microsoft.CodeAnalysis.Operations;

namespace SocketVsHttp.Shared;

/// <summary>Whether a local is disposed by the language: declared by <c>using var x = ...;</c> or as a <c>using (var x = ...)</c> resource.</summary>
internal static class UsingDeclarations
{
    public static bool IsUsingDeclared(IVariableDeclaratorOperation declarator)
    {
        for (var current = declarator.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IVariableDeclarationOperation or IVariableDeclarationGroupOperation:
                    continue;
                case IUsingDeclarationOperation:
                    return true;
                case IUsingOperation usingOperation:
                    return usingOperation.Resources.Syntax.Span.Contains(declarator.Syntax.Span);
                default:
                    return false;
            }
        }

        return false;
    }
}
