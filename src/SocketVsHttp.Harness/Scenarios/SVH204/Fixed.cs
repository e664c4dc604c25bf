using System;
using System.IO;
using System.Net.Sockets;

namespace SocketVsHttp.Harness.Scenarios.SVH204.Fixed;

public static class PeerWatchdog
{
    /// <summary>Returns when the peer has gone away; <paramref name="onCheck"/> runs before every check.</summary>
    public static void WaitUntilPeerGone(TcpClient client, Action onCheck)
    {
        var stream = client.GetStream();
        var buffer = new byte[1];
        while (true)
        {
            onCheck();
            int n;
            try
            {
                n = stream.Read(buffer, 0, buffer.Length);
            }
            catch (IOException)
            {
                return;
            }

            if (n == 0)
            {
                return;
            }
        }
    }
}
