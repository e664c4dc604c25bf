using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FixCorpus.Svh201
{
    public sealed class LineReader
    {
        public void Pump(NetworkStream stream, Action<byte[], int> handle)
        {
            var buffer = new byte[4096];
            while (true)
            {
                var read = stream.Read(buffer, 0, buffer.Length);
                handle(buffer, read);
            }
        }

        public async Task PumpAsync(Socket socket, Action<byte[], int> handle, CancellationToken ct)
        {
            var buffer = new byte[4096];
            while (!ct.IsCancellationRequested)
            {
                int received = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                handle(buffer, received);
            }
        }

        public string ReadLine(NetworkStream stream)
        {
            var text = new StringBuilder();
            var one = new byte[1];
            while (true)
            {
                var n = stream.Read(one, 0, 1);
                if (one[0] == (byte)'\n')
                {
                    return text.ToString();
                }

                text.Append((char)one[0], n);
            }
        }
    }
}

namespace FixCorpus.Svh202
{
    public static class Framing
    {
        public static int ReadLength(NetworkStream stream)
        {
            var header = new byte[4];
            stream.Read(header, 0, header.Length);
            return BitConverter.ToInt32(header, 0);
        }

        public static async Task<byte[]> ReadBodyAsync(NetworkStream stream, int length)
        {
            var body = new byte[length];
            await stream.ReadAsync(body, 0, body.Length);
            return body;
        }

        public static byte[] ReadPacket(Socket socket)
        {
            var packet = new byte[16];
            socket.Receive(packet);
            return packet;
        }
    }
}

namespace FixCorpus.Svh203
{
    public sealed class Relay
    {
        public void Start(TcpClient client)
        {
            Task.Run(() => Serve(client));
        }

        private static async Task Serve(TcpClient client)
        {
            var stream = client.GetStream();
            var buffer = new byte[1024];
            int read;
            while ((read = await stream.ReadAsync(buffer, 0, buffer.Length)) > 0)
            {
                await stream.WriteAsync(buffer, 0, read);
            }
        }

        public static async void Listen(Socket socket)
        {
            var buffer = new byte[512];
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                {
                    break;
                }

                Console.WriteLine(n);
            }

            socket.Dispose();
        }
    }
}

namespace FixCorpus.Svh205
{
    public sealed class Telemetry : IDisposable
    {
        private readonly TcpClient client = new TcpClient();

        public async Task RunAsync(string host, int port, CancellationToken ct)
        {
            await client.ConnectAsync(host, port);
            var stream = client.GetStream();
            var buffer = new byte[256];
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        return;
                    }

                    Console.WriteLine(n);
                }
            }
            catch (IOException)
            {
            }
        }

        public void Dispose() => client.Dispose();
    }
}

namespace FixCorpus.Svh207
{
    public static class Sender
    {
        public static void SendAll(Socket socket, byte[] data)
        {
            socket.Blocking = false;
            socket.Send(data);
        }

        public static void SendWithTimeout(Socket socket, byte[] data)
        {
            socket.SendTimeout = 1000;
            socket.Send(data, 0, data.Length, SocketFlags.None);
        }
    }
}

namespace FixCorpus.Svh208
{
    public static class Probe
    {
        public static void Notify(IPEndPoint endPoint, byte[] message)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endPoint);
            socket.Send(message);
            socket.Close();
        }

        public static void Ping(string host, int port)
        {
            var client = new TcpClient();
            client.Connect(host, port);
            var stream = client.GetStream();
            stream.WriteByte(1);
            client.Close();
        }

        public static Socket Open(IPEndPoint endPoint)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endPoint);
            socket.Send(new byte[] { 0 });
            return socket;
        }
    }
}

namespace FixCorpus.Svh210
{
    public sealed class Uplink
    {
        private Socket? socket;

        public void Open(IPEndPoint endPoint)
        {
            socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(endPoint);
        }

        public void Send(byte[] data) => socket?.Send(data);
    }

    public static class Attempt
    {
        public static bool TryReach(string host, int port)
        {
            var client = new TcpClient();
            try
            {
                client.Connect(host, port);
                client.Close();
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }
    }
}

namespace FixCorpus.Svh301
{
    public static class Chat
    {
        public static async Task EchoAsync(WebSocket socket, CancellationToken ct)
        {
            var buffer = new byte[1024];
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), ct);
                await socket.SendAsync(new ArraySegment<byte>(buffer, 0, result.Count), result.MessageType, result.EndOfMessage, ct);
            }
        }

        public static async Task<int> CountAsync(ClientWebSocket socket, CancellationToken ct)
        {
            var buffer = new byte[1024];
            var total = 0;
            while (!ct.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                total += result.Count;
            }

            return total;
        }
    }
}
