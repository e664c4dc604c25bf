using System.Net;
using System.Net.NetworkInformation;

namespace SocketVsHttp.Harness.Infrastructure;

/// <summary>Counts TCP connections in a given state from the OS table.</summary>
public static class TcpStates
{
    /// <summary>
    /// Client-side loopback sockets in TIME_WAIT whose remote port is <paramref name="serverPort"/>
    /// (the side that closes first keeps TIME_WAIT).
    /// </summary>
    public static int CountTimeWaitToward(int serverPort) => CountToward(serverPort, TcpState.TimeWait);

    /// <summary>Loopback sockets in <paramref name="state"/> whose remote port is <paramref name="serverPort"/>.</summary>
    public static int CountToward(int serverPort, TcpState state)
    {
        var count = 0;
        foreach (var connection in IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections())
        {
            if (connection.State == state
                && connection.RemoteEndPoint.Port == serverPort
                && IPAddress.IsLoopback(connection.RemoteEndPoint.Address))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Loopback sockets in <paramref name="state"/> whose local port is <paramref name="serverPort"/> (the server's side).</summary>
    public static int CountAt(int serverPort, TcpState state)
    {
        var count = 0;
        foreach (var connection in IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpConnections())
        {
            if (connection.State == state
                && connection.LocalEndPoint.Port == serverPort
                && IPAddress.IsLoopback(connection.LocalEndPoint.Address))
            {
                count++;
            }
        }

        return count;
    }
}
