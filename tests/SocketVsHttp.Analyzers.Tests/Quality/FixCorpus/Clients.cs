using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace FixCorpus.Svh111
{
    public class InventoryGateway
    {
        public async Task<string> PingAsync()
        {
            using var channel = GrpcChannel.ForAddress("https://inventory.example:5001");
            await channel.ConnectAsync();
            return channel.State.ToString();
        }

        public string TargetOf(string address)
        {
            using var channel = GrpcChannel.ForAddress(address);
            return channel.Target;
        }
    }
}

namespace FixCorpus.Svh209
{
    public class SessionStore
    {
        public string? Get(string key)
        {
            using var redis = ConnectionMultiplexer.Connect("localhost:6379");
            return redis.GetDatabase().StringGet(key);
        }

        public async Task SetAsync(string key, string value)
        {
            using var redis = await ConnectionMultiplexer.ConnectAsync("localhost:6379");
            await redis.GetDatabase().StringSetAsync(key, value);
        }
    }
}

namespace FixCorpus.Svh112
{
    public class CatalogClient
    {
        private readonly HttpClient client;

        public CatalogClient()
        {
            ServicePointManager.DefaultConnectionLimit = 20;
            client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
        }

        public Task<string> GetAsync(Uri uri) => client.GetStringAsync(uri);
    }
}
