using System;
using System.Net.Sockets;

namespace SocketVsHttp.Harness.Scenarios.SVH201.Fixed;

public static class MessageReader
{
    public static void ReadAll(NetworkStream stream, Action<byte[], int> onData)
    {
        var buffer = new byte[1024];
        while (true)
        {
            int n = stream.Read(buffer, 0, buffer.Length);
            if (n == 0)
            {
                break;
            }

            onData(buffer, n);
        }
    }
}
