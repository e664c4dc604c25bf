using System;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;

namespace SocketVsHttp.Harness;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cts.Cancel();
        };
        return await Cli.RunAsync(args, Console.Out, Console.Error, cts.Token).ConfigureAwait(false);
    }
}
