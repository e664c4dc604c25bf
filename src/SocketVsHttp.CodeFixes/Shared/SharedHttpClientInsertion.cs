using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace SocketVsHttp.Shared;

/// <summary>
/// The one shared client the HTTP fixes move code onto:
/// <c>private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });</c>
/// (plain <c>new HttpClient()</c> where the target has no SocketsHttpHandler), inserted as the type's first member, followed by a blank line.
/// </summary>
internal static class SharedHttpClientInsertion
{
    public const string Name = "SharedHttpClient";

    public enum Availability
    {
        /// <summary>Nothing named SharedHttpClient is in scope: insert the field.</summary>
        Missing,

        /// <summary>A static HttpClient field named SharedHttpClient is in scope already: use it.</summary>
        Existing,

        /// <summary>The name means something else here (a local, a method, an instance field...): no fix.</summary>
        Conflict,
    }

    /// <summary>What the simple name SharedHttpClient means at <paramref name="position"/>.</summary>
    public static Availability Lookup(SemanticModel model, int position)
    {
        var symbols = model.LookupSymbols(position, name: Name);
        if (symbols.Length == 0)
        {
            return Availability.Missing;
        }

        var httpClient = KnownTypes.For(model.Compilation).HttpClient;
        return symbols.Length == 1
            && symbols[0] is IFieldSymbol { IsStatic: true } field
            && httpClient is not null
            && SymbolEqualityComparer.Default.Equals(field.Type, httpClient)
            ? Availability.Existing
            : Availability.Conflict;
    }

    /// <summary>
    /// The type declaration the field goes into: the outermost class, struct or record around <paramref name="node"/>, so nested
    /// types share it and one fix or Fix All gives the same result; null in top-level statements and inside interfaces.
    /// </summary>
    public static TypeDeclarationSyntax? TargetType(SyntaxNode node)
    {
        TypeDeclarationSyntax? outermost = null;
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax:
                    outermost = (TypeDeclarationSyntax)current;
                    break;
                case InterfaceDeclarationSyntax:
                    return null;
            }
        }

        return outermost;
    }

    /// <summary>
    /// <paramref name="type"/> with the field as its first member, built on a pooled SocketsHttpHandler when
    /// <paramref name="pooledHandler"/> (every target of the file has it: see <see cref="LinkedTargets"/>).
    /// </summary>
    public static TypeDeclarationSyntax Insert(TypeDeclarationSyntax type, bool pooledHandler)
    {
        var endOfLine = FixSyntax.EndOfLine(type);
        var field = Create(pooledHandler)
            .WithLeadingTrivia(SyntaxFactory.ElasticMarker)
            .WithTrailingTrivia(endOfLine, endOfLine)
            .WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);
        return type.WithMembers(type.Members.Insert(0, field));
    }

    /// <summary>The simple name to call through.</summary>
    public static IdentifierNameSyntax Reference() => SyntaxFactory.IdentifierName(Name);

    private static MemberDeclarationSyntax Create(bool pooledHandler)
    {
        var httpClient = SyntaxFactory.ParseTypeName("global::System.Net.Http.HttpClient");
        var arguments = pooledHandler
            ? SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(
                HandlerInitializer.NewSocketsHandler(PooledHandlerRewrite.LifetimeAssignment(SharedHttpClientField.DefaultLifetimeMinutes)))))
            : SyntaxFactory.ArgumentList();
        return SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(
                httpClient,
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(FixSyntax.InventedName(Name))
                    .WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.ObjectCreationExpression(httpClient).WithArgumentList(arguments))))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)));
    }
}
