using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>
/// SVH112: moves the ignored <c>ServicePointManager</c> setting onto the SocketsHttpHandler that builds the client the
/// analyzer found in view, and removes the write: <c>DefaultConnectionLimit</c> to <c>MaxConnectionsPerServer</c>,
/// <c>ServerCertificateValidationCallback</c> to <c>SslOptions.RemoteCertificateValidationCallback</c> (the same delegate),
/// <c>Expect100Continue = false</c> to <c>Expect100ContinueTimeout = TimeSpan.Zero</c>, <c>DnsRefreshTimeout</c> to
/// <c>PooledConnectionLifetime</c>, <c>MaxServicePointIdleTime</c> to <c>PooledConnectionIdleTimeout</c>.
/// A <c>new HttpClient()</c> gets a new SocketsHttpHandler; an existing one gets the members appended. Fix All puts
/// every moved setting of a document into one handler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ServicePointSettingIgnoredFixer))]
public sealed class ServicePointSettingIgnoredFixer : RuleFixer<ServicePointSettingIgnoredFixer.Setting>
{
    private const string ObsoleteServicePointManager = "SYSLIB0014";

    protected override DiagnosticDescriptor Rule => Descriptors.SVH112;

    protected override string Title(Setting plan) =>
        "Move the setting to SocketsHttpHandler." + (plan.Property == ServicePointSettingIgnoredAnalyzer.SslOptions ? "SslOptions.RemoteCertificateValidationCallback" : plan.Property);

    protected override Setting? Plan(FixContext context, Diagnostic diagnostic)
    {
        var root = context.Root;
        if (!diagnostic.Properties.TryGetValue(ServicePointSettingIgnoredAnalyzer.FixKey, out var property) || property is null ||
            !diagnostic.Properties.TryGetValue(ServicePointSettingIgnoredAnalyzer.TargetKey, out var target) || target is null ||
            diagnostic.AdditionalLocations.Count != 1 ||
            diagnostic.AdditionalLocations[0].SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var written = context.NodeOf(diagnostic);
        if (written.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is not { Parent: ExpressionStatementSyntax statement } assignment ||
            assignment.Left.Span != diagnostic.Location.SourceSpan ||
            !SyntaxRemoval.CanRemoveStatement(statement) ||
            root.FindNode(diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        return new Setting(statement, assignment, creation, property, target);
    }

    // A file of a project that also targets .NET Framework keeps the setting there, where it works: no fix.
    protected override async Task<Setting?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } plan &&
        await LinkedTargets.AllHaveAsync(context.Document, static c => TargetRuntimes.IsNetCore(c, KnownTypes.For(c)), context.CancellationToken).ConfigureAwait(false)
            ? plan
            : null;

    // The moved settings of one client go into one handler; the writes are removed one after the other (with their pragmas).
    protected override Task<Document> ApplyAsync(FixContext context, IReadOnlyList<Setting> plans)
    {
        var ordered = plans.OrderBy(p => p.Statement.SpanStart).ToList();
        var newRoot = context.Root.TrackNodes(ordered.Select(p => (SyntaxNode)p.Statement).Concat(ordered.Select(p => p.Creation)));
        foreach (var group in ordered.GroupBy(p => p.Creation))
        {
            var members = group.Select(Member).ToArray();
            var creation = newRoot.GetCurrentNode(group.Key)!;
            BaseObjectCreationExpressionSyntax replacement;
            if (group.First().Target == ServicePointSettingIgnoredAnalyzer.TargetClient)
            {
                replacement = HandlerInitializer.AddHandlerArgument(creation, HandlerInitializer.NewSocketsHandler(members));
            }
            else
            {
                replacement = creation;
                foreach (var member in members)
                {
                    replacement = HandlerInitializer.AddMember(replacement, member);
                }
            }

            newRoot = newRoot.ReplaceNode(creation, replacement);
        }

        foreach (var plan in ordered)
        {
            newRoot = RemoveWrite(newRoot, newRoot.GetCurrentNode(plan.Statement)!);
        }

        return Task.FromResult(context.Document.WithSyntaxRoot(newRoot));
    }

    /// <summary>The handler member that carries the setting: the written value itself, or converted to a TimeSpan.</summary>
    private static ExpressionSyntax Member(Setting plan)
    {
        var value = plan.Assignment.Right.WithoutTrivia();
        ExpressionSyntax assigned = plan.Property switch
        {
            ServicePointSettingIgnoredAnalyzer.SslOptions => SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.Token(SyntaxKind.NewKeyword).WithTrailingTrivia(SyntaxFactory.Space),
                SyntaxFactory.ParseTypeName("global::System.Net.Security.SslClientAuthenticationOptions").WithAdditionalAnnotations(Simplifier.Annotation).WithTrailingTrivia(SyntaxFactory.Space),
                argumentList: null,
                HandlerInitializer.SingleLineInitializer(Assign("RemoteCertificateValidationCallback", value), default)),
            ServicePointSettingIgnoredAnalyzer.Expect100ContinueTimeout => HandlerInitializer.TimeSpanMember("Zero"),
            ServicePointSettingIgnoredAnalyzer.PooledConnectionLifetime or ServicePointSettingIgnoredAnalyzer.PooledConnectionIdleTimeout => FromMilliseconds(value),
            _ => value,
        };
        return Assign(plan.Property, assigned);
    }

    private static ExpressionSyntax Assign(string property, ExpressionSyntax value) =>
        SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(property), value)
            .WithOperatorToken(SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space));

    /// <summary>Milliseconds as a TimeSpan; a literal that is whole minutes or seconds reads as such (120000 is FromMinutes(2)).</summary>
    private static ExpressionSyntax FromMilliseconds(ExpressionSyntax value)
    {
        var (factory, argument) = value is LiteralExpressionSyntax { Token.Value: int milliseconds } && milliseconds > 0
            ? milliseconds % 60000 == 0 ? ("FromMinutes", Number(milliseconds / 60000))
            : milliseconds % 1000 == 0 ? ("FromSeconds", Number(milliseconds / 1000))
            : ("FromMilliseconds", value)
            : ("FromMilliseconds", value);
        return SyntaxFactory.InvocationExpression(
            HandlerInitializer.TimeSpanMember(factory),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument))));
    }

    private static ExpressionSyntax Number(int value) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

    /// <summary>
    /// Removes the write. A <c>#pragma warning disable SYSLIB0014</c> right before it whose <c>restore</c> follows right
    /// after it (the obsolete-API warning suppressed for this one statement) goes with it.
    /// </summary>
    private static SyntaxNode RemoveWrite(SyntaxNode root, StatementSyntax statement)
    {
        var leading = statement.GetLeadingTrivia();
        var next = statement.GetLastToken().GetNextToken(includeZeroWidth: true);
        var disable = LastDirectiveIndex(leading);
        var restore = FirstDirectiveIndex(next.LeadingTrivia);
        if (disable >= 0 && restore >= 0 &&
            IsObsoletePragma(leading[disable], SyntaxKind.DisableKeyword) && IsObsoletePragma(next.LeadingTrivia[restore], SyntaxKind.RestoreKeyword))
        {
            var original = statement;
            root = root.TrackNodes(original);
            next = root.GetCurrentNode(original)!.GetLastToken().GetNextToken(includeZeroWidth: true);
            root = root.ReplaceToken(next, next.WithLeadingTrivia(WithoutDirective(next.LeadingTrivia, restore)));
            var current = root.GetCurrentNode(original)!;
            root = root.ReplaceNode(current, current.WithLeadingTrivia(WithoutDirective(current.GetLeadingTrivia(), disable)));
            statement = root.GetCurrentNode(original)!;
        }

        return SyntaxRemoval.RemoveStatement(root, statement);
    }

    private static int LastDirectiveIndex(SyntaxTriviaList trivia)
    {
        for (var i = trivia.Count - 1; i >= 0; i--)
        {
            if (trivia[i].IsDirective)
            {
                return i;
            }

            if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia) && !trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return -1;
            }
        }

        return -1;
    }

    private static int FirstDirectiveIndex(SyntaxTriviaList trivia)
    {
        for (var i = 0; i < trivia.Count; i++)
        {
            if (trivia[i].IsDirective)
            {
                return i;
            }

            if (!trivia[i].IsKind(SyntaxKind.WhitespaceTrivia) && !trivia[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return -1;
            }
        }

        return -1;
    }

    private static bool IsObsoletePragma(SyntaxTrivia trivia, SyntaxKind kind) =>
        trivia.GetStructure() is PragmaWarningDirectiveTriviaSyntax pragma &&
        pragma.DisableOrRestoreKeyword.IsKind(kind) &&
        pragma.ErrorCodes.Count == 1 &&
        pragma.ErrorCodes[0] is IdentifierNameSyntax { Identifier.ValueText: ObsoleteServicePointManager };

    /// <summary>The trivia without the directive at <paramref name="index"/> and the indentation in front of it.</summary>
    private static SyntaxTriviaList WithoutDirective(SyntaxTriviaList trivia, int index)
    {
        var from = index > 0 && trivia[index - 1].IsKind(SyntaxKind.WhitespaceTrivia) ? index - 1 : index;
        var list = trivia;
        for (var i = index; i >= from; i--)
        {
            list = list.RemoveAt(i);
        }

        return list;
    }

    /// <summary>One ServicePointManager write: the statement, the handler member it becomes, and the creation that gets it.</summary>
    public sealed class Setting
    {
        internal Setting(ExpressionStatementSyntax statement, AssignmentExpressionSyntax assignment, BaseObjectCreationExpressionSyntax creation, string property, string target)
        {
            Statement = statement;
            Assignment = assignment;
            Creation = creation;
            Property = property;
            Target = target;
        }

        public ExpressionStatementSyntax Statement { get; }

        public AssignmentExpressionSyntax Assignment { get; }

        public BaseObjectCreationExpressionSyntax Creation { get; }

        public string Property { get; }

        public string Target { get; }

        public override bool Equals(object? obj) => obj is Setting other && other.Statement == Statement;

        public override int GetHashCode() => Statement.GetHashCode();
    }
}
