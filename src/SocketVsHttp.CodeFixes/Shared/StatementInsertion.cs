using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace SocketVsHttp.Shared;

/// <summary>
/// The plan of a fix that inserts statements right after an existing one (SVH201, SVH205, SVH301): the statement to insert
/// after (a global statement in a top-level program) and the new statements, in order.
/// </summary>
public sealed class StatementInsertion
{
    public StatementInsertion(SyntaxNode anchor, params SyntaxNode[] statements)
    {
        Anchor = anchor;
        Statements = statements;
    }

    public SyntaxNode Anchor { get; }

    public IReadOnlyList<SyntaxNode> Statements { get; }

    /// <summary>Inserts the statements of each plan, once per anchor (several findings on one statement share the insertion).</summary>
    public static void InsertAll(DocumentEditor editor, IReadOnlyList<StatementInsertion> plans)
    {
        var anchors = new HashSet<SyntaxNode>();
        foreach (var plan in plans)
        {
            if (anchors.Add(plan.Anchor))
            {
                editor.InsertAfter(plan.Anchor, plan.Statements);
            }
        }
    }
}
