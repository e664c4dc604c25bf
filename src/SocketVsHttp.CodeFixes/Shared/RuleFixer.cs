using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace SocketVsHttp.Shared;

/// <summary>
/// The one skeleton of our fixers. A fixer says, per diagnostic, whether it has a plan (<see cref="Plan"/>: null = no fix
/// for this finding, so no light bulb), what the action is called (<see cref="Title"/>), and how a document's plans are
/// written (<see cref="Apply"/> on a <see cref="DocumentEditor"/>, or <see cref="ApplyAsync"/> for a rewrite that needs
/// more). The single fix and Fix All go through the same path: the plans of one document are made on the same tree and
/// applied together, so findings that share a field or a statement agree.
/// </summary>
/// <typeparam name="TPlan">What the fixer found to rewrite for one diagnostic (a node, a record of nodes).</typeparam>
public abstract class RuleFixer<TPlan> : CodeFixProvider
    where TPlan : class
{
    /// <summary>The rule this fixer fixes (its ID is the equivalence key of every action).</summary>
    protected abstract DiagnosticDescriptor Rule { get; }

    public sealed override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(Rule.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((context, document, diagnostics) => FixAsync(document, diagnostics, context.CancellationToken)!);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var fix = await FixContext.CreateAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
        if (fix is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await PlanAsync(fix, diagnostic).ConfigureAwait(false) is { } plan)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title(plan), ct => FixAsync(document, ImmutableArray.Create(diagnostic), ct), EquivalenceKey(plan)),
                    diagnostic);
            }
        }
    }

    /// <summary>What to rewrite for <paramref name="diagnostic"/>, or null when this finding gets no fix.</summary>
    protected abstract TPlan? Plan(FixContext context, Diagnostic diagnostic);

    /// <summary>
    /// <see cref="Plan"/>, for a fixer whose answer needs more than the document (the other targets of a linked file:
    /// <see cref="LinkedTargets"/>); by default <see cref="Plan"/> itself.
    /// </summary>
    protected virtual Task<TPlan?> PlanAsync(FixContext context, Diagnostic diagnostic) => Task.FromResult(Plan(context, diagnostic));

    /// <summary>The action's title for one plan.</summary>
    protected abstract string Title(TPlan plan);

    /// <summary>Actions with the same key are applied together by Fix All; the rule's ID unless a fixer offers variants.</summary>
    protected virtual string EquivalenceKey(TPlan plan) => Rule.Id;

    /// <summary>Writes the plans of one document (distinct, in diagnostic order) on <paramref name="editor"/>.</summary>
    protected virtual void Apply(DocumentEditor editor, FixContext context, IReadOnlyList<TPlan> plans)
    {
    }

    /// <summary>Writes the plans of one document; by default through <see cref="Apply"/> on a <see cref="DocumentEditor"/>.</summary>
    protected virtual async Task<Document> ApplyAsync(FixContext context, IReadOnlyList<TPlan> plans)
    {
        var editor = await DocumentEditor.CreateAsync(context.Document, context.CancellationToken).ConfigureAwait(false);
        Apply(editor, context, plans);
        return editor.GetChangedDocument();
    }

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var context = await FixContext.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (context is null)
        {
            return document;
        }

        var plans = new List<TPlan>(diagnostics.Length);
        foreach (var diagnostic in diagnostics)
        {
            if (await PlanAsync(context, diagnostic).ConfigureAwait(false) is { } plan && !plans.Contains(plan))
            {
                plans.Add(plan);
            }
        }

        return plans.Count == 0 ? document : await ApplyAsync(context, plans).ConfigureAwait(false);
    }
}
