using System;
using System.Threading;
using StackExchange.Redis;

namespace SocketVsHttp.Harness.Scenarios.SVH209.Bad;

/// <summary>Where the Redis stand-in listens; the scenario sets it before the first call.</summary>
public static class RedisEndpoint
{
    public static string Configuration { get; set; } = "127.0.0.1:1";
}

public static class Cache
{
    public static string? Get(string key)
    {
        using var redis = ConnectionMultiplexer.Connect(RedisEndpoint.Configuration);
        return redis.GetDatabase().StringGet(key);
    }
}
