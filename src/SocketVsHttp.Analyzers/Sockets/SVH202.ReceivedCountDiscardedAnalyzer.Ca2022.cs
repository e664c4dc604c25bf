using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketVsHttp.Sockets;

/// <summary>
/// One finding per defect: the SDK's CA2022 ("Avoid inexact read with Stream.Read") reports a discarded
/// <c>Stream.Read</c>/<c>ReadAsync</c> count with the same ReadExactly fix. Where CA2022 runs, it speaks for that shape and
/// SVH202 keeps what CA2022 does not see (Socket.Receive, a count stored and never read, a count only compared with 0).
/// CA2022 runs when it is configured to a warning or an error, or, unconfigured, when the project's .NET analyzers are
/// on at analysis level 9 or later (the level that enables it): the package's build targets make
/// <c>EnableNETAnalyzers</c> and <c>EffectiveAnalysisLevel</c> visible to the analyzer. Without those properties (a host
/// that does not pass them) SVH202 reports as before.
/// </summary>
public sealed partial class ReceivedCountDiscardedAnalyzer
{
    private const string Ca2022 = "CA2022";

    private static bool Ca2022Speaks(OperationAnalysisContext context, SyntaxTree tree)
    {
        var provider = context.Compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is not null
            && (provider.TryGetDiagnosticValue(tree, Ca2022, context.CancellationToken, out var configured)
                || provider.TryGetGlobalDiagnosticValue(Ca2022, context.CancellationToken, out configured)))
        {
            return configured is ReportDiagnostic.Warn or ReportDiagnostic.Error;
        }

        if (context.Compilation.Options.SpecificDiagnosticOptions.TryGetValue(Ca2022, out var specific))
        {
            return specific is ReportDiagnostic.Warn or ReportDiagnostic.Error;
        }

        var global = context.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
        return global.TryGetValue("build_property.EnableNETAnalyzers", out var enabled)
            && string.Equals(enabled.Trim(), "true", System.StringComparison.OrdinalIgnoreCase)
            && global.TryGetValue("build_property.EffectiveAnalysisLevel", out var level)
            && double.TryParse(level.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number >= 9;
    }
}
