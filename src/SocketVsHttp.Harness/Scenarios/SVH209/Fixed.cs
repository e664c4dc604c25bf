using System;
using System.Threading;
using StackExchange.Redis;

namespace SocketVsHttp.Harness.Scenarios.SVH209.Fixed;

/// <summary>Where the Redis stand-in listens; the scenario sets it before the first call.</summary>
public static class RedisEndpoint
{
    public static string Configuration { get; set; } = "127.0.0.1:1";
}

public static class Cache
{
    private static readonly Lazy<ConnectionMultiplexer> SharedConnectionMultiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(RedisEndpoint.Configuration), LazyThreadSafetyMode.PublicationOnly);

    public static string? Get(string key)
    {
        return SharedConnectionMultiplexer.Value.GetDatabase().StringGet(key);
    }
}
