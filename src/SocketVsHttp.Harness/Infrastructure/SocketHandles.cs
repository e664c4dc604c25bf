using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>
/// The process's open socket handles, and the GC controls a leak count needs: a full collection before counting (so only
/// the run's own sockets count) and a no-GC region during the run (so no finalizer closes what the code forgot).
/// </summary>
public static class SocketHandles
{
    private const long NoGcBudgetBytes = 16 * 1024 * 1024;
    private const string ProcFd = "/proc/self/fd";

    /// <summary>False where /proc/self/fd is missing (not Linux): <see cref="Count"/> is then the process handle count.</summary>
    public static bool Exact => Directory.Exists(ProcFd);

    /// <summary>Socket file descriptors of this process (Linux: /proc/self/fd links named "socket:[inode]"); elsewhere the process handle count.</summary>
    public static int Count()
    {
        if (!Exact)
        {
            using var process = Process.GetCurrentProcess();
            return process.HandleCount;
        }

        var count = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries(ProcFd))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The descriptor was closed while we looked (e.g. the enumeration's own handle).
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return count;
    }

    /// <summary>
    /// This process's open sockets whose local port is <paramref name="port"/>, listener excluded (Linux: the inodes of
    /// /proc/self/fd matched against /proc/net/tcp and tcp6): only the sockets of one server, so sockets that other code
    /// in the process opens or closes meanwhile do not blur the count. Null where /proc is not available.
    /// </summary>
    public static int? CountOnLocalPort(int port)
    {
        if (!Exact || !File.Exists("/proc/net/tcp"))
        {
            return null;
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries(ProcFd))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target.Substring(8, target.Length - 9));
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var portHex = ":" + port.ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
        var count = 0;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (var line in File.ReadLines(table))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[1].EndsWith(portHex, StringComparison.Ordinal) && fields[3] != "0A" && inodes.Contains(fields[9]))
                {
                    count++;
                }
            }
        }

        return count;
    }

    public static void FullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Holds the GC off (best effort); dispose to end the region if it is still in force.</summary>
    public static IDisposable NoGcRegion() => new Region(TryStart());

    private static bool TryStart()
    {
        try
        {
            return GC.TryStartNoGCRegion(NoGcBudgetBytes);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private sealed class Region : IDisposable
    {
        private bool started;

        public Region(bool started) => this.started = started;

        public void Dispose()
        {
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }

            started = false;
        }
    }
}
