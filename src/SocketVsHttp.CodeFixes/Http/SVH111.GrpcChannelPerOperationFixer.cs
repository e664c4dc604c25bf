using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Http;

/// <summary>SVH111: one shared static GrpcChannel per constant address.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GrpcChannelPerOperationFixer))]
public sealed class GrpcChannelPerOperationFixer : SharedStaticClientFixer
{
    protected override DiagnosticDescriptor Rule => Descriptors.SVH111;

    protected override string ActionTitle => "Use a shared static GrpcChannel";
}
