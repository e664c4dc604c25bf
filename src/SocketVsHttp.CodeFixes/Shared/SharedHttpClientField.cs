using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace SocketVsHttp.Shared;

/// <summary>
/// Plans the `private static readonly HttpClient SharedHttpClient = ...;` fields that the HttpClient fixes hoist into,
/// one per type and distinct initializer, reusing a field an earlier fix already added.
/// </summary>
internal sealed class SharedHttpClientField
{
    public const string BaseName = "SharedHttpClient";
    public const int DefaultLifetimeMinutes = 2;

    private static readonly Regex Qualification = new(@"(global::)?System\.(Net\.Http\.)?", RegexOptions.CultureInvariant);

    private readonly string baseName;

    public SharedHttpClientField()
        : this(BaseName)
    {
    }

    /// <summary>Fields named <paramref name="baseName"/> (then with a number): SVH111 and SVH209 share other clients the same way.</summary>
    public SharedHttpClientField(string baseName) => this.baseName = baseName;

    private readonly Dictionary<TypeDeclarationSyntax, List<(string Key, string Name, FieldDeclarationSyntax? Added)>> fieldsByType = new();

    /// <summary>
    /// `new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(n) }` (SVH103's handler), names as short as
    /// the usings at the insertion allow; null where the target has no SocketsHttpHandler.
    /// </summary>
    public static ExpressionSyntax? PooledHandler(SemanticModel model, int position, int lifetimeMinutes) =>
        KnownTypes.For(model.Compilation) is { SocketsHttpHandler: not null, TimeSpan: not null }
            ? HandlerInitializer.NewSocketsHandler(PooledHandlerRewrite.LifetimeAssignment(lifetimeMinutes))
            : null;

    /// <summary>The name of the shared field in <paramref name="type"/> initialized with <paramref name="initializer"/>, adding it if needed.</summary>
    public string GetOrAdd(TypeDeclarationSyntax type, INamedTypeSymbol typeSymbol, TypeSyntax fieldType, ExpressionSyntax initializer)
    {
        var key = Key(initializer);
        if (!fieldsByType.TryGetValue(type, out var fields))
        {
            fields = ExistingSharedFields(type);
            fieldsByType.Add(type, fields);
        }

        foreach (var field in fields)
        {
            if (field.Key == key)
            {
                return field.Name;
            }
        }

        var name = baseName;
        for (var suffix = 2; !typeSymbol.GetMembers(name).IsEmpty || fields.Any(f => f.Name == name); suffix++)
        {
            name = baseName + suffix;
        }

        var declaration = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(
                    fieldType.WithoutTrivia(),
                    SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.VariableDeclarator(FixSyntax.InventedName(name)).WithInitializer(SyntaxFactory.EqualsValueClause(initializer.WithoutTrivia())))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);
        fields.Add((key, name, declaration));
        return name;
    }

    /// <summary>
    /// Inserts the planned fields after the shared fields the type already has (else first); a blank line separates them
    /// from a following member that is not a field.
    /// </summary>
    public void AddTo(SyntaxEditor editor, string endOfLine)
    {
        foreach (var pair in fieldsByType)
        {
            var added = pair.Value.Where(f => f.Added is not null).Select(f => f.Added!.WithTrailingTrivia(SyntaxFactory.EndOfLine(endOfLine))).ToList();
            if (added.Count == 0)
            {
                continue;
            }

            var type = pair.Key;
            var index = 0;
            for (var i = 0; i < type.Members.Count; i++)
            {
                if (IsSharedField(type.Members[i]))
                {
                    index = i + 1;
                }
            }

            editor.InsertMembers(type, index, added);
            if (index < type.Members.Count && type.Members[index] is not FieldDeclarationSyntax)
            {
                editor.ReplaceNode(type.Members[index], (current, _) => StartsWithBlankLine(current)
                    ? current
                    : current.WithLeadingTrivia(current.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(endOfLine))));
            }
        }
    }

    private static bool StartsWithBlankLine(SyntaxNode member)
    {
        foreach (var trivia in member.GetLeadingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return true;
            }

            if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
            {
                return false;
            }
        }

        return false;
    }

    private bool IsSharedField(MemberDeclarationSyntax member) =>
        member is FieldDeclarationSyntax field &&
        field.Modifiers.Any(SyntaxKind.StaticKeyword) &&
        field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword) &&
        field.Declaration.Variables.Any(v => v.Identifier.ValueText.StartsWith(baseName, System.StringComparison.Ordinal));

    private List<(string Key, string Name, FieldDeclarationSyntax? Added)> ExistingSharedFields(TypeDeclarationSyntax type)
    {
        var fields = new List<(string Key, string Name, FieldDeclarationSyntax? Added)>();
        foreach (var member in type.Members)
        {
            if (member is FieldDeclarationSyntax field &&
                field.Modifiers.Any(SyntaxKind.StaticKeyword) &&
                field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                foreach (var variable in field.Declaration.Variables)
                {
                    if (variable.Identifier.ValueText.StartsWith(baseName, System.StringComparison.Ordinal) && variable.Initializer is not null)
                    {
                        fields.Add((Key(variable.Initializer.Value), variable.Identifier.ValueText, null));
                    }
                }
            }
        }

        return fields;
    }

    private static string Key(ExpressionSyntax initializer) =>
        Qualification.Replace(initializer.NormalizeWhitespace().ToFullString(), string.Empty);
}
