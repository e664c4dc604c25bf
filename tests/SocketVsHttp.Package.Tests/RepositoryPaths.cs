namespace SocketVsHttp.Package.Tests;

/// <summary>Locates the repository this test assembly was built from.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string PackageProject => Path.Combine(Root, "src", "SocketVsHttp.Package", "SocketVsHttp.Package.csproj");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SocketVsHttp.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"SocketVsHttp.sln not found above {AppContext.BaseDirectory}.");
    }
}
