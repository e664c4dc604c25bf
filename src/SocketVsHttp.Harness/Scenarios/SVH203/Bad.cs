using System;
using System.IO;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace SocketVsHttp.Harness.Scenarios.SVH203.Bad;

public sealed class FeedListener
{
    private readonly TcpClient _client;
    private readonly Action<int> _onData;
    private readonly Action _onClosed;

    public FeedListener(TcpClient client, Action<int> onData, Action onClosed)
    {
        _client = client;
        _onData = onData;
        _onClosed = onClosed;
    }

    public void Start() => Task.Run(ReadLoop);

    private void ReadLoop()
    {
        var stream = _client.GetStream();
        var buffer = new byte[1024];
        while (true)
        {
            int n = stream.Read(buffer, 0, buffer.Length);
            if (n == 0)
            {
                break;
            }

            _onData(n);
        }

        _onClosed();
    }
}
