using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;

namespace SocketVsHttp.Harness.Infrastructure.Servers;

/// <summary>
/// A peer that can vanish without a FIN or RST, like a machine that lost power or a cable that was cut: a listener in a
/// network namespace of its own, joined to this one by a veth pair with private addresses. <see cref="Drop"/> sets the
/// host end of the link down, after which nothing the client sends reaches the peer and nothing comes back. Needs Linux,
/// root and iproute2 (<c>ip</c>); <see cref="TryCreate"/> says why not otherwise. Everything it creates is removed by
/// <see cref="Dispose"/> (each <c>ip</c> call is bounded).
/// </summary>
public sealed class VanishingPeer : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static readonly TimeSpan IpTimeout = TimeSpan.FromSeconds(5);
    private static readonly string[] IpPaths = { "/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip" };
    private static int created;

    private readonly string ip;
    private readonly string namespaceName;
    private readonly string hostLink;
    private int dropped;

    private VanishingPeer(string ip, string namespaceName, string hostLink, IPAddress peerAddress)
    {
        this.ip = ip;
        this.namespaceName = namespaceName;
        this.hostLink = hostLink;
        PeerAddress = peerAddress;
    }

    /// <summary>The peer's address, reachable from this namespace until <see cref="Drop"/>.</summary>
    public IPAddress PeerAddress { get; }

    /// <summary>Sets up the namespace and the link; null with the reason when this machine cannot.</summary>
    public static VanishingPeer? TryCreate(out string whyNot)
    {
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "needs Linux network namespaces";
            return null;
        }

        if (geteuid() != 0)
        {
            whyNot = "needs root to create a network namespace";
            return null;
        }

        var ip = Array.Find(IpPaths, File.Exists);
        if (ip is null)
        {
            whyNot = "needs iproute2 (ip) to create a network namespace";
            return null;
        }

        // Unique per process and call, so parallel runs (and other processes) do not collide; names stay under 15 chars.
        var call = Interlocked.Increment(ref created);
        var id = $"{Environment.ProcessId:x}{call & 0xff:x2}";
        var index = (int)(((long)Environment.ProcessId * 64 + call) % 16384);
        var hostAddress = new IPAddress(new byte[] { 10, 205, (byte)(index / 64), (byte)((index % 64 * 4) + 1) });
        var peerAddress = new IPAddress(new byte[] { 10, 205, (byte)(index / 64), (byte)((index % 64 * 4) + 2) });
        var peer = new VanishingPeer(ip, "svh-" + id, "sh" + id, peerAddress);
        var peerLink = "sn" + id;
        var steps = new[]
        {
            $"netns add {peer.namespaceName}",
            $"link add {peer.hostLink} type veth peer name {peerLink}",
            $"link set {peerLink} netns {peer.namespaceName}",
            $"addr add {hostAddress}/30 dev {peer.hostLink}",
            $"link set {peer.hostLink} up",
            $"-n {peer.namespaceName} addr add {peerAddress}/30 dev {peerLink}",
            $"-n {peer.namespaceName} link set {peerLink} up",
            $"-n {peer.namespaceName} link set lo up",
        };
        foreach (var step in steps)
        {
            if (peer.Ip(step) is { } error)
            {
                peer.Dispose();
                whyNot = $"could not set up a network namespace (ip {step}: {error})";
                return null;
            }
        }

        whyNot = string.Empty;
        return peer;
    }

    /// <summary>
    /// A started listener on the peer's address inside the namespace: created on a thread that joins the namespace
    /// for the socket call only (a socket belongs to the namespace it was created in).
    /// </summary>
    public TcpListener Listen()
    {
        TcpListener? listener = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var home = File.OpenHandle("/proc/thread-self/ns/net");
                using var target = File.OpenHandle("/run/netns/" + namespaceName);
                if (setns((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new IOException($"setns into {namespaceName} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                try
                {
                    listener = new TcpListener(PeerAddress, 0);
                    listener.Start();
                }
                finally
                {
                    // Back home before the thread ends, whatever happened.
                    setns((int)home.DangerousGetHandle(), CloneNewNet);
                }
            }
            catch (Exception e)
            {
                failure = e;
            }
        })
        {
            IsBackground = true,
            Name = "svh-netns-listen",
        };
        thread.Start();
        if (!thread.Join(IpTimeout) || failure is not null || listener is null)
        {
            throw new IOException("could not listen inside the network namespace", failure);
        }

        return listener;
    }

    /// <summary>The peer vanishes: the link goes down, no FIN, no RST. Returns false when <c>ip</c> failed.</summary>
    public bool Drop()
        => Interlocked.Exchange(ref dropped, 1) == 1 || Ip($"link set {hostLink} down") is null;

    public void Dispose()
    {
        // Deleting one end of a veth pair deletes both; the namespace goes when its last socket closes.
        Ip($"link del {hostLink}");
        Ip($"netns del {namespaceName}");
    }

    /// <summary>Runs <c>ip</c> with a bound; null on success, else what went wrong.</summary>
    private string? Ip(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(ip, arguments)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            if (!process.WaitForExit(IpTimeout))
            {
                process.Kill();
                return $"timed out after {IpTimeout.TotalSeconds:0} s";
            }

            return process.ExitCode == 0 ? null : process.StandardError.ReadToEnd().Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return e.Message;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    [DllImport("libc")]
    private static extern uint geteuid();
}
