using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using SocketVsHttp.Harness.Infrastructure;
using SocketVsHttp.Harness.Infrastructure.Servers;

namespace SocketVsHttp.Harness.Scenarios.SVH209;

/// <summary>
/// N sequential cache reads through <c>Cache.Get</c> with the real StackExchange.Redis client against a loopback
/// stand-in that speaks just enough RESP for the client to finish connecting (PING, ECHO, INFO, CLIENT, CONFIG, CLUSTER,
/// SUBSCRIBE, GET...): a ConnectionMultiplexer per call vs one shared through Lazy&lt;T&gt;. The stand-in counts the TCP
/// connections it accepts; the run counts the process's threads at the end. The fixed multiplexer is a static that
/// reads its configuration once, so both variants talk to one stand-in kept for the process; each run counts what it added.
/// RabbitMQ, Cosmos DB, Service Bus and Npgsql clients need their real servers' handshakes and are not run here.
/// </summary>
public sealed class SVH209Scenario : Scenario<Func<string, string?>, SVH209Scenario.Measurement>
{
    public const string Connections = "TCP connections accepted";
    public const string Handshakes = "connection handshakes (CLIENT SETNAME/SETINFO, INFO, CONFIG...)";
    public const string Elapsed = "elapsed";
    public const string Failures = "failed reads";

    private static readonly SemaphoreSlim Starting = new(1, 1);
    private static LoopbackTcpServer? server;
    private static int handshakeCommands;

    public override string RuleId => "SVH209";

    public override string Title => "Client that owns a long-lived connection is created per operation";

    public override string Measures => "N sequential reads with StackExchange.Redis against a loopback RESP stand-in: TCP connections accepted, handshake commands received, failed reads, elapsed time";

    protected override Func<string, string?> BadCode => Bad.Cache.Get;

    protected override Func<string, string?> FixedCode => Fixed.Cache.Get;

    /// <summary>Bad.cs only, in <see cref="MeasureBothAsync"/>: Fixed.cs's first read makes its one multiplexer, which the measured run has to show.</summary>
    protected override WarmUp WarmUp => WarmUp.None;

    protected override IReadOnlyList<Metric<Measurement>> Metrics => new Metric<Measurement>[]
    {
        new(Connections, "count", m => m.Connections),
        new(Handshakes, "count", m => m.Handshakes),
        new(Failures, "count", m => m.Failures),
        new(Elapsed, "ms", m => Ms(m.Outcome.Elapsed)),
    };

    public override ScenarioVerdict Judge(Measurement bad, Measurement fixedRun, ScenarioSettings settings)
    {
        var n = settings.Requests;
        var confirmed = bad.Outcome.Completed && fixedRun.Outcome.Completed
            && bad.Failures == 0 && fixedRun.Failures == 0
            && bad.Connections >= n && fixedRun.Connections <= 2 && bad.Connections > fixedRun.Connections
            && bad.Handshakes > fixedRun.Handshakes;
        return ScenarioVerdict.From(
            confirmed,
            $"a ConnectionMultiplexer per call opened {bad.Connections} connections ({bad.Handshakes} handshake commands) for {n} reads; the shared one opened {fixedRun.Connections} ({fixedRun.Handshakes}){(fixedRun.Connections == 0 ? ", made by an earlier run in this process" : string.Empty)}; {bad.Outcome.Elapsed.TotalMilliseconds:0} ms vs {fixedRun.Outcome.Elapsed.TotalMilliseconds:0} ms",
            $"expected at least {n} connections for bad and at most 2 for fixed; measured {bad.Connections} vs {fixedRun.Connections}, handshakes {bad.Handshakes} vs {fixedRun.Handshakes}, failures {bad.Failures} vs {fixedRun.Failures}, bad {bad.Outcome.Describe()}, fixed {fixedRun.Outcome.Describe()}");
    }

    /// <summary>
    /// Both files read the stand-in's address from a static the run sets first; the fixed multiplexer is a static that reads
    /// it once, so the stand-in lives for the process. Warm-up of Bad.cs only (JIT of the client).
    /// </summary>
    protected override async Task<(Measurement Bad, Measurement Fixed)> MeasureBothAsync(
        Func<string, string?> badCode, Func<string, string?> fixedCode, ScenarioSettings settings, CancellationToken ct)
    {
        var redis = await ServerAsync(ct).ConfigureAwait(false);
        var configuration = $"127.0.0.1:{redis.Port},connectTimeout=2000,syncTimeout=2000";
        Bad.RedisEndpoint.Configuration = configuration;
        Fixed.RedisEndpoint.Configuration = configuration;
        await MeasureAsync(BadCode, settings with { Requests = 1 }, ct).ConfigureAwait(false);
        return await base.MeasureBothAsync(badCode, fixedCode, settings, ct).ConfigureAwait(false);
    }

    public sealed record Measurement(int Connections, int Handshakes, int Failures, VariantOutcome Outcome) : IVariantRun;

    protected override async Task<Measurement> MeasureAsync(Func<string, string?> get, ScenarioSettings settings, CancellationToken ct)
    {
        var redis = await ServerAsync(ct).ConfigureAwait(false);
        var connectionsBefore = redis.AcceptedConnections;
        var handshakesBefore = Volatile.Read(ref handshakeCommands);
        var failures = 0;
        var outcome = await Bounded.RunAsync(
            token =>
            {
                for (var i = 0; i < settings.Requests; i++)
                {
                    token.ThrowIfCancellationRequested();
                    if (get("key" + i) != "value:key" + i)
                    {
                        failures++;
                    }
                }

                return Task.CompletedTask;
            },
            settings.Bound,
            ct: ct).ConfigureAwait(false);

        await Task.Delay(50, ct).ConfigureAwait(false);
        return new Measurement(redis.AcceptedConnections - connectionsBefore, Volatile.Read(ref handshakeCommands) - handshakesBefore, failures, outcome);
    }

    /// <summary>The process's RESP stand-in, started on first use and kept (the fixed variant's shared multiplexer points at it).</summary>
    private static async Task<LoopbackTcpServer> ServerAsync(CancellationToken ct)
    {
        await Starting.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return server ??= LoopbackTcpServer.Start(ServeAsync);
        }
        finally
        {
            Starting.Release();
        }
    }

    /// <summary>Answers RESP commands until the client closes: just enough for StackExchange.Redis to connect and read.</summary>
    private static async Task ServeAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var reader = new RespReader(stream);
        while (!ct.IsCancellationRequested)
        {
            var command = await reader.ReadCommandAsync(ct).ConfigureAwait(false);
            if (command is null)
            {
                return;
            }

            var reply = Reply(command);
            var bytes = Encoding.Latin1.GetBytes(reply);
            await stream.WriteAsync(bytes, ct).ConfigureAwait(false);
            if (string.Equals(command[0], "QUIT", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
        }
    }

    private static string Reply(IReadOnlyList<string> command)
    {
        var name = command[0].ToUpperInvariant();
        if (name is not ("GET" or "PING"))
        {
            Interlocked.Increment(ref handshakeCommands);
        }

        switch (name)
        {
            case "PING":
                return "+PONG\r\n";
            case "ECHO":
                return Bulk(command.Count > 1 ? command[1] : string.Empty);
            case "GET":
                // The tie-breaker key the client reads while connecting is absent; every other key has a value.
                return command.Count > 1 && !command[1].StartsWith("__", StringComparison.Ordinal) ? Bulk("value:" + command[1]) : "$-1\r\n";
            case "INFO":
                return Bulk("# Server\r\nredis_version:7.2.0\r\nredis_mode:standalone\r\n# Replication\r\nrole:master\r\nconnected_slaves:0\r\n");
            case "CONFIG":
                return "*0\r\n";
            case "ROLE":
                return "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n";
            case "SUBSCRIBE":
                var replies = new StringBuilder();
                for (var i = 1; i < command.Count; i++)
                {
                    replies.Append("*3\r\n").Append(Bulk("subscribe")).Append(Bulk(command[i])).Append(':').Append(i).Append("\r\n");
                }

                return replies.ToString();
            case "CLIENT" when command.Count > 1 && string.Equals(command[1], "ID", StringComparison.OrdinalIgnoreCase):
                return ":1\r\n";
            case "CLIENT" or "SELECT" or "SET" or "QUIT" or "AUTH":
                return "+OK\r\n";
            default:
                return "-ERR unknown command '" + command[0] + "'\r\n";
        }
    }

    private static string Bulk(string value) => "$" + value.Length + "\r\n" + value + "\r\n";

    /// <summary>Reads RESP arrays of bulk strings (what clients send), line by line.</summary>
    private sealed class RespReader
    {
        private readonly Stream stream;
        private readonly byte[] buffer = new byte[4096];
        private int start;
        private int end;

        public RespReader(Stream stream) => this.stream = stream;

        public async Task<IReadOnlyList<string>?> ReadCommandAsync(CancellationToken ct)
        {
            var header = await ReadLineAsync(ct).ConfigureAwait(false);
            if (header is null)
            {
                return null;
            }

            if (!header.StartsWith('*'))
            {
                // An inline command.
                return header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }

            var count = int.Parse(header.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture);
            var parts = new List<string>(count);
            for (var i = 0; i < count; i++)
            {
                var length = await ReadLineAsync(ct).ConfigureAwait(false);
                if (length is null || !length.StartsWith('$'))
                {
                    return null;
                }

                // Bulk strings are binary (ECHO carries random bytes): read the length, then the CRLF.
                var value = await ReadBytesAsync(int.Parse(length.AsSpan(1), provider: System.Globalization.CultureInfo.InvariantCulture) + 2, ct).ConfigureAwait(false);
                if (value is null)
                {
                    return null;
                }

                parts.Add(value[..^2]);
            }

            return parts.Count == 0 ? null : parts;
        }

        /// <summary>Exactly <paramref name="count"/> bytes as Latin-1 characters (one char per byte, so they round-trip).</summary>
        private async Task<string?> ReadBytesAsync(int count, CancellationToken ct)
        {
            var value = new StringBuilder(count);
            while (value.Length < count)
            {
                if (start == end && !await FillAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                value.Append((char)buffer[start++]);
            }

            return value.ToString();
        }

        private async Task<bool> FillAsync(CancellationToken ct)
        {
            start = 0;
            end = await stream.ReadAsync(buffer, ct).ConfigureAwait(false);
            return end > 0;
        }

        private async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var line = new StringBuilder();
            while (true)
            {
                if (start == end && !await FillAsync(ct).ConfigureAwait(false))
                {
                    return null;
                }

                var b = buffer[start++];
                if (b == (byte)'\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append((char)b);
            }
        }
    }
}
