using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;

namespace SocketVsHttp.Tests.Infrastructure;

/// <summary>
/// Reference assembly sets for the targets the rules care about. The testing library's own Net90/Net100 sets name
/// ref-pack versions the package source here does not serve, so .NET 10 is pinned to a served Microsoft.NETCore.App.Ref.
/// </summary>
public static class TestReferences
{
    public static readonly ReferenceAssemblies Net100 = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.15"),
        Path.Combine("ref", "net10.0"));

    /// <summary>.NET Framework 4.8 (no SocketsHttpHandler); the library's own Net48 set names a package version not served here.</summary>
    public static readonly ReferenceAssemblies Net48 = new ReferenceAssemblies(
            "net48",
            new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3"),
            Path.Combine("build", ".NETFramework", "v4.8"))
        .AddAssemblies(["mscorlib", "System", "System.Core", "System.Net.Http"]);

    public static readonly ReferenceAssemblies NetStandard20 = ReferenceAssemblies.NetStandard.NetStandard20;
}
