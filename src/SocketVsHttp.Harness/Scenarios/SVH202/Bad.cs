using System.Net.Sockets;
using System.Text;

// The SDK's CA2022 reports the same inexact read; this file is the rule's bad code on purpose.
#pragma warning disable CA2022

namespace SocketVsHttp.Harness.Scenarios.SVH202.Bad;

public static class MessageReader
{
    public const int MessageSize = 64;

    /// <summary>Reads one fixed-size message.</summary>
    public static string ReadMessage(NetworkStream stream)
    {
        var buffer = new byte[MessageSize];
        stream.Read(buffer, 0, buffer.Length);
        return Encoding.ASCII.GetString(buffer);
    }
}
