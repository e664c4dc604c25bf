using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SocketVsHttp.Shared;
using SocketVsHttp.Http;

namespace SocketVsHttp.CodeFixes.Http;

/// <summary>
/// SVH103: builds the long-lived client on <c>SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(n) }</c>:
/// adds the handler to <c>new HttpClient()</c>, rebuilds an inline HttpClientHandler whose settings all map one to one,
/// or adds the lifetime to an existing SocketsHttpHandler.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongLivedHttpClientDnsFixer))]
public sealed class LongLivedHttpClientDnsFixer : RuleFixer<LongLivedHttpClientDnsFixer.Change>
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH103;

    protected override string Title(Change plan) => "Build on SocketsHttpHandler with PooledConnectionLifetime";

    protected override Change? Plan(FixContext context, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(LongLivedHttpClientDnsAnalyzer.FixKey, out var fix) || fix is null)
        {
            return null;
        }

        var minutes = diagnostic.Properties.TryGetValue(LongLivedHttpClientDnsAnalyzer.MinutesKey, out var value) && int.TryParse(value, out var parsed) && parsed > 0
            ? parsed
            : LongLivedHttpClientDnsAnalyzer.DefaultMinutes;
        var addHandler = fix == LongLivedHttpClientDnsAnalyzer.FixAddHandler;
        var location = addHandler ? diagnostic.Location : diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[0] : null;
        return location is not null &&
            (addHandler || fix is LongLivedHttpClientDnsAnalyzer.FixReplaceHandler or LongLivedHttpClientDnsAnalyzer.FixAddLifetime) &&
            context.Root.FindNode(location.SourceSpan, getInnermostNodeForTie: true) is BaseObjectCreationExpressionSyntax creation
            ? new Change(creation, fix, minutes)
            : null;
    }

    // The rule fires only where SocketsHttpHandler exists; a multi-targeted file must get the same text on every
    // target, so the rewrite is offered only when every target of the file has the handler.
    protected override async Task<Change?> PlanAsync(FixContext context, Diagnostic diagnostic) =>
        Plan(context, diagnostic) is { } plan &&
        await LinkedTargets.AllHaveAsync(context.Document, SharedHttpClientRewrite.HasSocketsHttpHandler, context.CancellationToken).ConfigureAwait(false)
            ? plan
            : null;

    protected override void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<Change> plans)
    {
        foreach (var plan in plans)
        {
            editor.ReplaceNode(plan.Creation, (current, _) => plan.Fix == LongLivedHttpClientDnsAnalyzer.FixAddHandler
                ? HandlerInitializer.AddHandlerArgument(
                    (BaseObjectCreationExpressionSyntax)current,
                    HandlerInitializer.NewSocketsHandler(PooledHandlerRewrite.LifetimeAssignment(plan.Minutes)))
                : PooledHandlerRewrite.WithLifetime((BaseObjectCreationExpressionSyntax)current, plan.Fix == LongLivedHttpClientDnsAnalyzer.FixReplaceHandler, plan.Minutes) ?? current);
        }
    }

    /// <summary>The creation to change (the client for <c>AddHandler</c>, else its handler), how, and the lifetime in minutes.</summary>
    public sealed class Change
    {
        internal Change(BaseObjectCreationExpressionSyntax creation, string fix, int minutes) => (Creation, Fix, Minutes) = (creation, fix, minutes);

        public BaseObjectCreationExpressionSyntax Creation { get; }

        public string Fix { get; }

        public int Minutes { get; }

        public override bool Equals(object? obj) => obj is Change other && other.Creation == Creation;

        public override int GetHashCode() => Creation.GetHashCode();
    }
}
