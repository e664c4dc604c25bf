using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Shared;

/// <summary>
/// Rule options read from .editorconfig as <c>socketvshttp.&lt;rule id in lower case&gt;.&lt;key&gt; = value</c>,
/// e.g. <c>socketvshttp.svh101.pooled_connection_lifetime_minutes = 5</c>.
/// </summary>
internal static class RuleOptions
{
    public static string? Get(AnalyzerOptions options, SyntaxTree tree, DiagnosticDescriptor rule, string key)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        return config.TryGetValue(Key(rule, key), out var value) ? value.Trim() : null;
    }

    public static bool GetBool(AnalyzerOptions options, SyntaxTree tree, DiagnosticDescriptor rule, string key, bool defaultValue)
    {
        var value = Get(options, tree, rule, key);
        return value is not null && bool.TryParse(value, out var parsed) ? parsed : defaultValue;
    }

    public static int GetInt(AnalyzerOptions options, SyntaxTree tree, DiagnosticDescriptor rule, string key, int defaultValue)
    {
        var value = Get(options, tree, rule, key);
        return value is not null && int.TryParse(value, out var parsed) ? parsed : defaultValue;
    }

    public static string Key(DiagnosticDescriptor rule, string key) => "socketvshttp." + rule.Id.ToLowerInvariant() + "." + key;
}
