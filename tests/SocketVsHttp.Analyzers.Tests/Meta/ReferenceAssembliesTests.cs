using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Meta;

/// <summary>The reference sets the rule tests compile against resolve here and expose the types the rules key on.</summary>
public class ReferenceAssembliesTests
{
    [Theory]
    [InlineData("net10.0", "System.Net.Http.SocketsHttpHandler", true)]
    [InlineData("net48", "System.Net.Http.SocketsHttpHandler", false)]
    [InlineData("net48", "System.Net.Sockets.Socket", true)]
    [InlineData("netstandard2.0", "System.Net.Http.SocketsHttpHandler", false)]
    [InlineData("netstandard2.0", "System.Net.Http.HttpClient", true)]
    public async Task Reference_set_exposes_expected_types(string target, string metadataName, bool expected)
    {
        var references = target switch
        {
            "net10.0" => TestReferences.Net100,
            "net48" => TestReferences.Net48,
            _ => TestReferences.NetStandard20,
        };
        var resolved = await references.ResolveAsync(LanguageNames.CSharp, CancellationToken.None);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("probe", references: resolved);
        Assert.Equal(expected, compilation.GetTypeByMetadataName(metadataName) is not null);
    }
}
