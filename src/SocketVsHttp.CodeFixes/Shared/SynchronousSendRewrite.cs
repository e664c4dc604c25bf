using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketVsHttp.Shared;

/// <summary>
/// The synchronous form of an HttpClient download for code that cannot <c>await</c> (SVH105, SVH110), on targets with
/// <c>HttpClient.Send</c> (.NET 5+). A value such as <c>client.GetStringAsync(url).Result</c> that is the whole value of its
/// statement becomes a disposed response read before that statement:
/// <code>
/// using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
/// using var reader = new StreamReader(response.Content.ReadAsStream());
/// return reader.ReadToEnd();
/// </code>
/// (bytes: a <c>MemoryStream</c> the content is copied into, then <c>buffer.ToArray()</c>).
/// </summary>
internal static class SynchronousSendRewrite
{
    public enum Read
    {
        /// <summary>The body as text: a StreamReader over the content, <c>ReadToEnd()</c>.</summary>
        String,

        /// <summary>The body as bytes: copied into a MemoryStream, <c>ToArray()</c>.</summary>
        Bytes,
    }

    /// <summary>True when the compilation has <c>HttpClient.Send(HttpRequestMessage)</c> and <c>HttpContent.ReadAsStream()</c> (.NET 5+).</summary>
    public static bool IsAvailable(Compilation compilation)
    {
        var types = KnownTypes.For(compilation);
        if (types.HttpClient is null || types.HttpContent is null || types.HttpRequestMessage is null)
        {
            return false;
        }

        var send = false;
        foreach (var member in types.HttpClient.GetMembers("Send"))
        {
            send |= member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 1 } method
                && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, types.HttpRequestMessage);
        }

        var readAsStream = false;
        foreach (var member in types.HttpContent.GetMembers("ReadAsStream"))
        {
            readAsStream |= member is IMethodSymbol { IsStatic: false, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 0 };
        }

        return send && readAsStream;
    }

    /// <summary>
    /// Where the statements go for <paramref name="value"/>: the statement in a block (<c>return ...;</c>, <c>var x = ...;</c>
    /// with one variable, <c>...;</c>) or the <c>=&gt;</c> body of a method or local function (made a block) that evaluates
    /// <paramref name="value"/> before anything else, so reading it first changes no order: <paramref name="value"/> is the
    /// whole value, a receiver of it (<c>v.Length</c>), or the first argument of a call through names only
    /// (<c>Console.WriteLine(v)</c>) or of a creation. Null elsewhere (after another operand, in a condition, an embedded
    /// statement, a lambda, a property), and before C# 8 (no <c>using var</c>).
    /// </summary>
    public static SyntaxNode? Anchor(ExpressionSyntax value)
    {
        if (value.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp8 })
        {
            return null;
        }

        // Up the spine of what the statement evaluates first: a receiver (`v.Length`, `v.Trim()`, `v[0]`) or the first
        // argument of a call or creation that evaluates nothing before it (`Console.WriteLine(v)`, `new T(v)`).
        SyntaxNode node = value;
        while (true)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    node = parenthesized;
                    continue;
                case MemberAccessExpressionSyntax access when access.Expression == node:
                    node = access;
                    continue;
                case InvocationExpressionSyntax invocation when invocation.Expression == node:
                    node = invocation;
                    continue;
                case ElementAccessExpressionSyntax element when element.Expression == node:
                    node = element;
                    continue;
                case ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax list } argument
                    when argument.RefKindKeyword.IsKind(SyntaxKind.None) && list.Arguments.IndexOf(argument) == 0
                        && list.Parent is InvocationExpressionSyntax { Expression: var target } call && EvaluatesNothing(target):
                    node = call;
                    continue;
                case ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax { Initializer: null } creation } list } argument
                    when argument.RefKindKeyword.IsKind(SyntaxKind.None) && list.Arguments.IndexOf(argument) == 0:
                    node = creation;
                    continue;
            }

            break;
        }

        StatementSyntax? statement = node.Parent switch
        {
            ReturnStatementSyntax returnStatement => returnStatement,
            ExpressionStatementSyntax expressionStatement => expressionStatement,
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax local } } }
                when !local.IsConst && local.UsingKeyword.IsKind(SyntaxKind.None) => local,
            _ => null,
        };

        if (statement is not null)
        {
            return statement.Parent is BlockSyntax ? statement : null;
        }

        return node.Parent is ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax or LocalFunctionStatementSyntax } body ? body : null;
    }

    /// <summary>A method name, or one reached through names only (<c>Console.WriteLine</c>, <c>this.log.Info</c>): calling it evaluates nothing first.</summary>
    private static bool EvaluatesNothing(ExpressionSyntax target) => target switch
    {
        SimpleNameSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access =>
            access.Expression is ThisExpressionSyntax or PredefinedTypeSyntax || (access.Expression is ExpressionSyntax inner && EvaluatesNothing(inner)),
        AliasQualifiedNameSyntax => true,
        _ => false,
    };

    /// <summary>
    /// <c>using var response = client.Send(arguments).EnsureSuccessStatusCode();</c> and the read of its body; the returned
    /// value replaces the original expression.
    /// </summary>
    public static (List<StatementSyntax> Prelude, ExpressionSyntax Value) Build(
        ExpressionSyntax client, IReadOnlyList<ArgumentSyntax> sendArguments, Read read, string responseName, string readerName, ExpressionSyntax? token)
    {
        var send = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, client.WithoutTrivia(), SyntaxFactory.IdentifierName("Send")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(sendArguments.Select(a => a.WithoutTrivia()))));
        var ensure = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, send, SyntaxFactory.IdentifierName("EnsureSuccessStatusCode")));
        var prelude = new List<StatementSyntax> { UsingVar(responseName, ensure) };
        var stream = ReadAsStream(responseName, token);
        ExpressionSyntax value;
        if (read == Read.String)
        {
            var reader = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression("new global::System.IO.StreamReader(S)");
            reader = reader.ReplaceNode(reader.ArgumentList!.Arguments[0].Expression, stream);
            reader = reader.WithType(reader.Type.WithAdditionalAnnotations(Simplifier.Annotation));
            prelude.Add(UsingVar(readerName, reader));
            value = SyntaxFactory.ParseExpression(readerName + ".ReadToEnd()");
        }
        else
        {
            var buffer = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression("new global::System.IO.MemoryStream()");
            prelude.Add(UsingVar(readerName, buffer.WithType(buffer.Type.WithAdditionalAnnotations(Simplifier.Annotation))));
            prelude.Add(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, stream, SyntaxFactory.IdentifierName("CopyTo")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(readerName)))))));
            value = SyntaxFactory.ParseExpression(readerName + ".ToArray()");
        }

        return (prelude.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList(), value);
    }

    /// <summary><c>response.Content.ReadAsStream()</c>, passing <paramref name="token"/> when there is one.</summary>
    public static ExpressionSyntax ReadAsStream(string responseName, ExpressionSyntax? token)
    {
        var read = (InvocationExpressionSyntax)SyntaxFactory.ParseExpression(responseName + ".Content.ReadAsStream()");
        return token is null ? read : read.AddArgumentListArguments(SyntaxFactory.Argument(token.WithoutTrivia()));
    }

    /// <summary>
    /// The CancellationToken the synchronous calls pass when the original passed none: the one token in scope (as SVH109
    /// sees it), so the new calls bring no SVH109 finding. False when several are in scope (which one is the author's choice).
    /// </summary>
    public static bool TryFindTokenInScope(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken, out ExpressionSyntax? token)
    {
        token = null;
        var tokenType = KnownTypes.For(model.Compilation).CancellationToken;
        if (tokenType is null)
        {
            return true;
        }

        var operation = model.GetOperation(node, cancellationToken);
        if (operation is null)
        {
            return false;
        }

        var member = node.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        var containing = member is null ? null : model.GetDeclaredSymbol(member, cancellationToken);
        var found = CancellationTokenScope.Find(operation, containing!, tokenType);
        if (found.Length > 1)
        {
            return false;
        }

        token = found.Length == 1 ? SyntaxFactory.IdentifierName(found[0].Name) : null;
        return true;
    }

    /// <summary><c>new HttpRequestMessage(HttpMethod.Get, uri)</c> (with <c>{ Content = content }</c> when given), names simplified.</summary>
    public static ExpressionSyntax Request(string method, ExpressionSyntax uri, ExpressionSyntax? content)
    {
        var request = (ObjectCreationExpressionSyntax)SyntaxFactory.ParseExpression(
            "new global::System.Net.Http.HttpRequestMessage(global::System.Net.Http.HttpMethod." + method + ", U)" + (content is null ? string.Empty : " { Content = C }"));
        request = request.WithType(request.Type.WithAdditionalAnnotations(Simplifier.Annotation));
        request = request.ReplaceNode(request.ArgumentList!.Arguments[0].Expression, request.ArgumentList.Arguments[0].Expression.WithAdditionalAnnotations(Simplifier.Annotation));
        return request.ReplaceNodes(
            request.DescendantNodes().OfType<IdentifierNameSyntax>().Where(n => n.Identifier.ValueText is "U" or "C"),
            (original, _) => original.Identifier.ValueText == "U" ? uri.WithoutTrivia() : content!.WithoutTrivia());
    }

    /// <summary>
    /// Puts <paramref name="prelude"/> before <paramref name="anchor"/> (a statement in a block), or makes the
    /// <c>=&gt;</c> body <paramref name="anchor"/> a block of the prelude and a <c>return</c> (a statement for <c>void</c>).
    /// </summary>
    public static SyntaxNode Insert(SyntaxNode root, SyntaxNode anchor, IReadOnlyList<StatementSyntax> prelude)
    {
        if (anchor is StatementSyntax statement)
        {
            var endOfLine = FixSyntax.EndOfLine(statement);
            var moved = new List<SyntaxNode>();
            for (var i = 0; i < prelude.Count; i++)
            {
                moved.Add(prelude[i]
                    .WithLeadingTrivia(i == 0 ? statement.GetLeadingTrivia() : Indentation(statement))
                    .WithTrailingTrivia(endOfLine));
            }

            moved.Add(statement.WithLeadingTrivia(Indentation(statement)));
            return root.ReplaceNode(statement, moved);
        }

        var member = anchor.Parent!;
        return root.ReplaceNode(member, WithBlockBody(member, prelude));
    }

    /// <summary>The method or local function <paramref name="member"/> with its <c>=&gt; v</c> body made a block: the prelude, then <c>return v;</c> (<c>v;</c> for <c>void</c>).</summary>
    public static SyntaxNode WithBlockBody(SyntaxNode member, IReadOnlyList<StatementSyntax> prelude)
    {
        var (returnType, arrow, semicolon) = member switch
        {
            MethodDeclarationSyntax method => (method.ReturnType, method.ExpressionBody, method.SemicolonToken),
            LocalFunctionStatementSyntax local => (local.ReturnType, local.ExpressionBody, local.SemicolonToken),
            _ => (null, null, default),
        };
        if (arrow is null)
        {
            return member;
        }

        var returnsVoid = returnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword);
        var statements = new List<StatementSyntax>();
        foreach (var statement in prelude)
        {
            statements.Add(statement.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed));
        }

        var expression = arrow.Expression.WithoutTrivia();
        statements.Add(returnsVoid ? SyntaxFactory.ExpressionStatement(expression) : SyntaxFactory.ReturnStatement(expression));
        var block = SyntaxFactory.Block(statements).WithTrailingTrivia(semicolon.TrailingTrivia).WithAdditionalAnnotations(Formatter.Annotation);
        return member switch
        {
            MethodDeclarationSyntax method => method
                .WithParameterList(method.ParameterList.WithoutTrailingTrivia())
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(block),
            LocalFunctionStatementSyntax local => local
                .WithParameterList(local.ParameterList.WithoutTrailingTrivia())
                .WithExpressionBody(null)
                .WithSemicolonToken(default)
                .WithBody(block),
            _ => member,
        };
    }

    private static SyntaxTriviaList Indentation(StatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        return leading.Count > 0 && leading[leading.Count - 1].IsKind(SyntaxKind.WhitespaceTrivia)
            ? SyntaxFactory.TriviaList(leading[leading.Count - 1])
            : SyntaxFactory.TriviaList();
    }

    private static LocalDeclarationStatementSyntax UsingVar(string name, ExpressionSyntax value) =>
        SyntaxFactory.LocalDeclarationStatement(
                SyntaxFactory.VariableDeclaration(
                    SyntaxFactory.IdentifierName("var"),
                    SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FixSyntax.InventedName(name)).WithInitializer(SyntaxFactory.EqualsValueClause(value)))))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
            .NormalizeWhitespace();
}
