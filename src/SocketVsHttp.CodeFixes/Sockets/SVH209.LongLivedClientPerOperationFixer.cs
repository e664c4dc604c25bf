using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

/// <summary>SVH209: a client made with constant arguments becomes one shared static (Lazy&lt;T&gt; where making it connects).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LongLivedClientPerOperationFixer))]
public sealed class LongLivedClientPerOperationFixer : SharedStaticClientFixer
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH209;

    protected override string ActionTitle => "Share one client in a static field";
}
