using System.Diagnostics;
using System.Text;

namespace SocketVsHttp.Package.Tests;

/// <summary>The outcome of one dotnet CLI run: exit code and the interleaved stdout/stderr text.</summary>
public sealed record CliResult(string CommandLine, int ExitCode, string Output)
{
    public override string ToString() => $"> {CommandLine}\n(exit code {ExitCode})\n{Output}";
}

/// <summary>
/// Runs the dotnet CLI as a child process with a hard timeout. No build servers or reused MSBuild nodes are left
/// behind (they would hold the output pipes open and outlive the test), and the MSBuild/VSTest variables of the
/// test host are not passed on, so the child behaves like a build a user starts from a shell.
/// </summary>
public static class DotNetCli
{
    public static async Task<CliResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotNetHostPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        PrepareEnvironment(startInfo.Environment);

        var commandLine = "dotnet " + string.Join(' ', arguments);
        var output = new StringBuilder();
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
            }
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited between the timeout and the kill.
            }

            string partial;
            lock (output)
            {
                partial = output.ToString();
            }

            throw new TimeoutException($"'{commandLine}' did not finish within {timeout}.\n{partial}");
        }

        lock (output)
        {
            return new CliResult(commandLine, process.ExitCode, output.ToString());
        }
    }

    private static string DotNetHostPath()
    {
        // Set by the SDK for tools it starts (dotnet test): the same host that runs this test.
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(hostPath) && File.Exists(hostPath) ? hostPath : "dotnet";
    }

    private static void PrepareEnvironment(IDictionary<string, string?> environment)
    {
        foreach (var key in environment.Keys.ToList())
        {
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
                || key.Equals("MSBuildExtensionsPath", StringComparison.OrdinalIgnoreCase)
                || key.Equals("MSBuildSDKsPath", StringComparison.OrdinalIgnoreCase))
            {
                environment.Remove(key);
            }
        }

        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        environment["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false";
        environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "false";
        environment["MSBUILDDISABLENODEREUSE"] = "1";
        environment["UseSharedCompilation"] = "false";
        environment["NUGET_XMLDOC_MODE"] = "skip";
    }
}
