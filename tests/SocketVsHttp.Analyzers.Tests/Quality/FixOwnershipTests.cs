using Fix203 = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Sockets.NoDisconnectHandlingAnalyzer, SocketVsHttp.Sockets.NoDisconnectHandlingFixer>;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Fixes that close a connection close only what the method owns (issue 12): a connection the caller handed in stays
/// open unless the method already closes it itself.
/// </summary>
public class FixOwnershipTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task SVH203_fix_does_not_dispose_a_connection_the_method_was_given() => Fix203.VerifyAsync(Usings + """
        public static class Relay
        {
            public static void Start(TcpClient client) => Task.Run(() => ServeAsync(client.GetStream()));

            private static async Task ServeAsync(NetworkStream stream)
            {
                var buffer = new byte[1024];
                int read;
                {|SVH203:while|} ((read = await stream.ReadAsync(buffer, 0, buffer.Length)) > 0)
                {
                    await stream.WriteAsync(buffer, 0, read);
                }
            }
        }
        """, Usings + """
        public static class Relay
        {
            public static void Start(TcpClient client) => Task.Run(() => ServeAsync(client.GetStream()));

            private static async Task ServeAsync(NetworkStream stream)
            {
                var buffer = new byte[1024];
                int read;
                try
                {
                    while ((read = await stream.ReadAsync(buffer, 0, buffer.Length)) > 0)
                    {
                        await stream.WriteAsync(buffer, 0, read);
                    }
                }
                catch (IOException)
                {
                    // SVH203: the connection dropped; close it and reconnect here.
                }
            }
        }
        """);

    [Fact]
    public Task SVH203_fix_disposes_a_given_connection_the_method_closes_itself() => Fix203.VerifyAsync(Usings + """
        public static class Listener
        {
            public static async void ListenAsync(Socket socket)
            {
                var buffer = new byte[512];
                {|SVH203:while|} (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                    if (n == 0)
                    {
                        break;
                    }
                }

                socket.Close();
            }
        }
        """, Usings + """
        public static class Listener
        {
            public static async void ListenAsync(Socket socket)
            {
                var buffer = new byte[512];
                try
                {
                    while (true)
                    {
                        var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                        if (n == 0)
                        {
                            break;
                        }
                    }
                }
                catch (SocketException)
                {
                    // SVH203: the connection dropped; close it and reconnect here.
                    socket.Dispose();
                }

                socket.Close();
            }
        }
        """);
}
