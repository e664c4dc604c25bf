using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Shared;

/// <summary>Which runtime a compilation's code will run on, as far as its references say.</summary>
internal static class TargetRuntimes
{
    /// <summary>
    /// .NET Core 2.1+ / .NET 5+: SocketsHttpHandler exists and the core library is neither .NET Framework's <c>mscorlib</c>
    /// (also Mono's, whose HttpClient is built on HttpWebRequest) nor <c>netstandard</c> (a library that may run on .NET Framework).
    /// </summary>
    public static bool IsNetCore(Compilation compilation, KnownTypes types)
    {
        if (types.SocketsHttpHandler is null)
        {
            return false;
        }

        var coreLibrary = compilation.GetSpecialType(SpecialType.System_Object).ContainingAssembly?.Name;
        return coreLibrary is not null and not "mscorlib" and not "netstandard";
    }
}
