using System;
using System.Net.Sockets;
using System.Threading;

namespace SocketVsHttp.Harness.Scenarios.SVH204.Bad;

public static class PeerWatchdog
{
    /// <summary>Returns when the peer has gone away; <paramref name="onCheck"/> runs before every check.</summary>
    public static void WaitUntilPeerGone(TcpClient client, Action onCheck)
    {
        while (client.Connected)
        {
            onCheck();
            Thread.Sleep(10);
        }
    }
}
