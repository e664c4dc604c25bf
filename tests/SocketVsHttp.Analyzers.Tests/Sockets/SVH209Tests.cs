using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Sockets;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Sockets;

public class SVH209Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Azure.Messaging.ServiceBus;
        using Microsoft.Azure.Cosmos;
        using MongoDB.Driver;
        using Npgsql;
        using RabbitMQ.Client;
        using StackExchange.Redis;

        """;

    private const string MultiplexerOwns = "a multiplexed connection to every Redis server and a heartbeat timer";

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        ClientLibraries.VerifyAsync<LongLivedClientPerOperationAnalyzer>(Usings + source, expected);

    private static Task VerifyFix(string source, string fixedSource) =>
        ClientLibraries.VerifyFixAsync<LongLivedClientPerOperationAnalyzer, LongLivedClientPerOperationFixer>(Usings + source, Usings + fixedSource);

    // ---- Positives -------------------------------------------------------------------------------------------

    [Fact]
    public Task Redis_multiplexer_per_call_names_the_client_and_what_it_owns() => Verify("""
        public class Cache
        {
            public async Task<string?> GetAsync(string key)
            {
                using var redis = {|#0:ConnectionMultiplexer.Connect("localhost:6379")|};
                return await redis.GetDatabase().StringGetAsync(key);
            }

            public async Task SetAsync(string key, string value)
            {
                await using var redis = await {|#1:ConnectionMultiplexer.ConnectAsync("localhost:6379")|}.ConfigureAwait(false);
                await redis.GetDatabase().StringSetAsync(key, value);
            }

            public string? Peek(string key)
            {
                var redis = {|#2:ConnectionMultiplexer.Connect("localhost:6379")|};
                return redis.GetDatabase().StringGet(key);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH209).WithLocation(0).WithArguments("ConnectionMultiplexer", "per call and disposed at its end", MultiplexerOwns),
        new DiagnosticResult(Descriptors.SVH209).WithLocation(1).WithArguments("ConnectionMultiplexer", "per call and disposed at its end", MultiplexerOwns),
        new DiagnosticResult(Descriptors.SVH209).WithLocation(2).WithArguments("ConnectionMultiplexer", "per call and used for this call only", MultiplexerOwns));

    [Fact]
    public Task Cosmos_ServiceBus_Npgsql_and_RabbitMQ_per_operation_are_reported() => Verify("""
        public class Store
        {
            public async Task ReadAllAsync(IEnumerable<string> ids)
            {
                foreach (var id in ids)
                {
                    var client = {|SVH209:new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5")|};
                    await client.GetContainer("db", "items").ReadItemAsync<Item>(id, new PartitionKey(id));
                }
            }

            public async Task<int> CountAsync(string connectionString)
            {
                using var cosmos = {|SVH209:new CosmosClient(connectionString)|};
                var response = await cosmos.GetContainer("db", "items").ReadContainerAsync();
                return (int)response.StatusCode;
            }

            public async Task SendAsync(string connectionString, string text)
            {
                await using var bus = {|SVH209:new ServiceBusClient(connectionString)|};
                await using var sender = bus.CreateSender("orders");
                await sender.SendMessageAsync(new ServiceBusMessage(text));
            }

            public async Task<object?> QueryAsync(string connectionString)
            {
                await using var dataSource = {|SVH209:NpgsqlDataSource.Create(connectionString)|};
                await using var command = dataSource.CreateCommand("select 1");
                return await command.ExecuteScalarAsync();
            }

            public async Task PublishAsync(byte[] body)
            {
                var factory = new ConnectionFactory { HostName = "localhost" };
                await using var connection = await {|SVH209:factory.CreateConnectionAsync()|};
                await using var channel = await connection.CreateChannelAsync();
                await channel.BasicPublishAsync("", "orders", body);
            }
        }

        public class Item { public string Name { get; set; } = ""; }
        """);

    [Fact]
    public Task Client_made_in_a_controller_is_made_per_request() => Verify("""
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            private readonly Container orders;

            public OrdersController() =>
                orders = {|SVH209:new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5")|}.GetContainer("shop", "orders");

            public string Id() => orders.Id;
        }
        """);

    [Fact]
    public Task Additional_types_option_adds_a_team_client_and_a_factory() =>
        ClientLibraries.VerifyAsync<LongLivedClientPerOperationAnalyzer>("""
        using System;

        namespace Team
        {
            public sealed class BusClient : IDisposable
            {
                public BusClient(string address) { }
                public void Send(string text) { }
                public void Dispose() { }
            }

            public static class Broker
            {
                public static BusClient Open(string address) => new BusClient(address);
                public static BusClient Other(string address) => new BusClient(address);
            }

            public class Sender
            {
                public void Send(string text)
                {
                    using var client = {|#0:new BusClient("tcp://bus:7000")|};
                    client.Send(text);
                    using var opened = {|#1:Broker.Open("tcp://bus:7000")|};
                    opened.Send(text);
                    using var other = Broker.Other("tcp://bus:7000");
                    other.Send(text);
                }
            }
        }
        """,
        "socketvshttp.svh209.additional_types = Team.BusClient, Team.Broker.Open, Team.Missing",
        new DiagnosticResult(Descriptors.SVH209).WithLocation(0).WithArguments("BusClient", "per call and disposed at its end", "a long-lived connection"),
        new DiagnosticResult(Descriptors.SVH209).WithLocation(1).WithArguments("BusClient", "per call and disposed at its end", "a long-lived connection"));

    // ---- Negatives -------------------------------------------------------------------------------------------

    [Fact]
    public Task Singletons_DI_registrations_and_escaping_clients_are_silent() => Verify("""
        public interface IRegistry { void AddSingleton<T>(Func<T> factory); void AddSingleton<T>(T instance); }

        public class Startup
        {
            private static readonly Lazy<ConnectionMultiplexer> Redis = new(() => ConnectionMultiplexer.Connect("localhost"));
            private static readonly MongoClient Mongo = new("mongodb://localhost");
            private readonly CosmosClient cosmos;

            public Startup(string connectionString) => cosmos = new CosmosClient(connectionString);

            public void Register(IRegistry registry, string connectionString)
            {
                registry.AddSingleton(() => ConnectionMultiplexer.Connect("localhost"));
                registry.AddSingleton<IConnectionMultiplexer>(ConnectionMultiplexer.Connect("localhost"));
                registry.AddSingleton(() => new ServiceBusClient(connectionString));
                registry.AddSingleton(NpgsqlDataSource.Create(connectionString));
                registry.AddSingleton(() =>
                {
                    var client = new MongoClient(connectionString);
                    return client.GetDatabase("app");
                });
            }

            public static async Task<IConnection> ConnectAsync(ConnectionFactory factory) => await factory.CreateConnectionAsync();

            public static IMongoDatabase Database(string connectionString)
            {
                var client = new MongoClient(connectionString);
                return client.GetDatabase("app");
            }

            // One client per account: each iteration talks to another server.
            public static int PortsOf(IEnumerable<string> accounts)
            {
                var total = 0;
                foreach (var account in accounts)
                {
                    using var client = new CosmosClient(account);
                    total += client.Endpoint.Port;
                }

                return total;
            }

            public object Shared() => Redis.Value.GetDatabase().ToString() + Mongo + cosmos;
        }

        public class Repository
        {
            private readonly IMongoCollection<Item> items;

            public Repository(string connectionString)
            {
                var client = new MongoClient(connectionString);
                items = client.GetDatabase("app").GetCollection<Item>("items");
            }

            public IMongoCollection<Item> Items => items;
        }

        public class Item { }
        """);

    [Fact]
    public Task Clients_made_once_by_long_running_work_are_silent() => Verify("""
        public class Consumer : Microsoft.Extensions.Hosting.BackgroundService
        {
            protected override async Task ExecuteAsync(System.Threading.CancellationToken stoppingToken)
            {
                var factory = new ConnectionFactory { HostName = "localhost" };
                await using var connection = await factory.CreateConnectionAsync(stoppingToken);
                await using var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
                await Task.Delay(System.Threading.Timeout.Infinite, stoppingToken);
            }
        }

        public class Worker
        {
            public async Task RunAsync(System.Threading.CancellationToken token)
            {
                using var redis = await ConnectionMultiplexer.ConnectAsync("localhost");
                while (!token.IsCancellationRequested)
                {
                    await redis.GetDatabase().ListLeftPopAsync("jobs");
                }
            }

            public async Task ListenAsync(string connectionString, System.Threading.CancellationToken token)
            {
                await using var bus = new ServiceBusClient(connectionString);
                await using var processor = bus.CreateProcessor("orders");
                await processor.StartProcessingAsync(token);
                await Task.Delay(-1, token);
            }

            public void Serve()
            {
                using var redis = ConnectionMultiplexer.Connect("localhost");
                redis.GetSubscriber().Subscribe(RedisChannel.Literal("news"), (_, message) => Console.WriteLine(message));
                Console.ReadLine();
            }
        }
        """);

    [Fact]
    public Task Entry_point_is_silent() =>
        ClientLibraries.VerifyProgramAsync<LongLivedClientPerOperationAnalyzer>("""
        using System;
        using StackExchange.Redis;

        using var redis = ConnectionMultiplexer.Connect("localhost");
        Console.WriteLine(redis.GetDatabase().StringGet("key"));
        """);

    [Fact]
    public Task Types_of_the_same_names_without_the_packages_are_silent() =>
        AnalyzerVerifier<LongLivedClientPerOperationAnalyzer>.VerifyAsync("""
        namespace StackExchangeLike
        {
            public sealed class ConnectionMultiplexer : System.IDisposable
            {
                public static ConnectionMultiplexer Connect(string configuration) => new ConnectionMultiplexer();
                public void Dispose() { }
            }

            public sealed class MongoClient : System.IDisposable
            {
                public MongoClient(string connectionString) { }
                public void Dispose() { }
            }

            public class Cache
            {
                public void Get()
                {
                    using var redis = ConnectionMultiplexer.Connect("localhost");
                    using var mongo = new MongoClient("mongodb://localhost");
                }
            }
        }
        """);

    [Fact]
    public Task MongoClient_per_call_reuses_the_drivers_cluster_and_is_silent_unless_listed() =>
        ClientLibraries.VerifyAsync<LongLivedClientPerOperationAnalyzer>(Usings + """
        public class Store
        {
            public long Count()
            {
                using var client = {|#0:new MongoClient("mongodb://localhost")|};
                return client.GetDatabase("app").GetCollection<Item>("items").CountDocuments(FilterDefinition<Item>.Empty);
            }
        }

        public class Item { }
        """,
        "socketvshttp.svh209.additional_types = MongoDB.Driver.MongoClient",
        new DiagnosticResult(Descriptors.SVH209).WithLocation(0).WithArguments("MongoClient", "per call and disposed at its end", "a long-lived connection"));

    [Fact]
    public Task MongoClient_per_call_is_silent_by_default() => Verify("""
        public class Store
        {
            public long Count()
            {
                using var client = new MongoClient("mongodb://localhost");
                return client.GetDatabase("app").GetCollection<Item>("items").CountDocuments(FilterDefinition<Item>.Empty);
            }
        }

        public class Item { }
        """);

    // ---- Fix -------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_shares_a_constant_constructor_in_a_static_field() => VerifyFix("""
        public class Sender
        {
            public string Namespace()
            {
                using var client = {|SVH209:new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5")|};
                return client.Endpoint.Host;
            }
        }
        """, """
        public class Sender
        {
            private static readonly CosmosClient SharedCosmosClient = new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5");

            public string Namespace()
            {
                return SharedCosmosClient.Endpoint.Host;
            }
        }
        """);

    [Fact]
    public Task Fix_shares_a_connecting_factory_through_Lazy() => VerifyFix("""
        public class Cache
        {
            public string? Get(string key)
            {
                using var redis = {|SVH209:ConnectionMultiplexer.Connect("localhost:6379")|};
                return redis.GetDatabase().StringGet(key);
            }
        }
        """, """
        public class Cache
        {
            private static readonly Lazy<ConnectionMultiplexer> SharedConnectionMultiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect("localhost:6379"), System.Threading.LazyThreadSafetyMode.PublicationOnly);

            public string? Get(string key)
            {
                return SharedConnectionMultiplexer.Value.GetDatabase().StringGet(key);
            }
        }
        """);

    [Fact]
    public Task Fix_removes_the_dispose_in_a_finally_and_the_try_it_empties() => VerifyFix("""
        public class Sender
        {
            public string Namespace()
            {
                var client = {|SVH209:new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5")|};
                try
                {
                    return client.Endpoint.Host;
                }
                finally
                {
                    if (client != null) client.Dispose();
                }
            }

            public string Port()
            {
                var client = {|SVH209:new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5")|};
                try
                {
                    return client.Endpoint.Port.ToString();
                }
                finally
                {
                    client.Dispose();
                    Console.WriteLine("released");
                }
            }
        }

        public class Cache
        {
            public string? Get(string key)
            {
                var redis = {|SVH209:ConnectionMultiplexer.Connect("localhost:6379")|};
                try
                {
                    return redis.GetDatabase().StringGet(key);
                }
                catch (RedisConnectionException)
                {
                    return null;
                }
                finally
                {
                    redis.Dispose();
                }
            }
        }
        """, """
        public class Sender
        {
            private static readonly CosmosClient SharedCosmosClient = new CosmosClient("AccountEndpoint=https://localhost:8081/;AccountKey=a2V5");

            public string Namespace()
            {
                return SharedCosmosClient.Endpoint.Host;
            }

            public string Port()
            {
                try
                {
                    return SharedCosmosClient.Endpoint.Port.ToString();
                }
                finally
                {
                    Console.WriteLine("released");
                }
            }
        }

        public class Cache
        {
            private static readonly Lazy<ConnectionMultiplexer> SharedConnectionMultiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect("localhost:6379"), System.Threading.LazyThreadSafetyMode.PublicationOnly);

            public string? Get(string key)
            {
                try
                {
                    return SharedConnectionMultiplexer.Value.GetDatabase().StringGet(key);
                }
                catch (RedisConnectionException)
                {
                    return null;
                }
            }
        }
        """);

    [Fact]
    public Task No_fix_for_async_factories_or_arguments_that_depend_on_the_call() => VerifyFix("""
        public class Cache
        {
            public async Task<string?> GetAsync(string key)
            {
                using var redis = await {|SVH209:ConnectionMultiplexer.ConnectAsync("localhost:6379")|};
                return await redis.GetDatabase().StringGetAsync(key);
            }

            public string Host(string connectionString)
            {
                using var client = {|SVH209:new CosmosClient(connectionString)|};
                return client.Endpoint.Host;
            }
        }
        """, """
        public class Cache
        {
            public async Task<string?> GetAsync(string key)
            {
                using var redis = await {|SVH209:ConnectionMultiplexer.ConnectAsync("localhost:6379")|};
                return await redis.GetDatabase().StringGetAsync(key);
            }

            public string Host(string connectionString)
            {
                using var client = {|SVH209:new CosmosClient(connectionString)|};
                return client.Endpoint.Host;
            }
        }
        """);

    [Fact]
    public async Task Fix_offers_to_rename_the_invented_field()
    {
        var project = await FixApplier.CreateProjectAsync(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, ("A.cs", Usings + """
            public class Cache
            {
                public string? Get(string key)
                {
                    using var redis = ConnectionMultiplexer.Connect("localhost:6379");
                    return redis.GetDatabase().StringGet(key);
                }
            }
            """));
        var fixedDocument = await FixApplier.ApplyFirstFixAsync(project, "SVH209");
        var root = (await fixedDocument.GetSyntaxRootAsync())!;
        var renamable = root.DescendantTokens().Where(t => t.HasAnnotations(Microsoft.CodeAnalysis.CodeActions.RenameAnnotation.Kind)).ToList();
        Assert.Equal("SharedConnectionMultiplexer", Assert.Single(renamable).ValueText);
    }
}
