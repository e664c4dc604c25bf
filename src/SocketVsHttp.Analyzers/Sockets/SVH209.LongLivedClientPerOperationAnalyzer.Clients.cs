using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketVsHttp.Shared;

namespace SocketVsHttp.Sockets;

public sealed partial class LongLivedClientPerOperationAnalyzer
{
    /// <summary>One client: how the message names it, what it owns, whether making it connects (then the fix uses Lazy&lt;T&gt;).</summary>
    private sealed class Client
    {
        public Client(string name, string owns, bool connects, IAssemblySymbol library)
        {
            Name = name;
            Owns = owns;
            Connects = connects;
            Library = library;
        }

        public string Name { get; }

        public string Owns { get; }

        public bool Connects { get; }

        /// <summary>The client's assembly: objects of it (a database, a sender) returned or stored keep the client alive.</summary>
        public IAssemblySymbol Library { get; }
    }

    /// <summary>The clients of one compilation: constructors by type, factories by (type, method name).</summary>
    private sealed class Clients
    {
        private const string OwnedConnection = "a long-lived connection";

        public Dictionary<INamedTypeSymbol, Client> Constructors { get; } = new(SymbolEqualityComparer.Default);

        public Dictionary<(INamedTypeSymbol Type, string Method), Client> Factories { get; } = new(FactoryKeyComparer.Instance);

        /// <summary>The factories' method names: the cheap first test of every invocation.</summary>
        public HashSet<string> FactoryNames { get; } = new(StringComparer.Ordinal);

        public static Clients For(Compilation compilation, KnownTypes types, AnalyzerOptions options)
        {
            var clients = new Clients();
            clients.AddFactory(types.RedisConnectionMultiplexer, "Connect", "ConnectionMultiplexer", "a multiplexed connection to every Redis server and a heartbeat timer", connects: true);
            clients.AddFactory(types.RedisConnectionMultiplexer, "ConnectAsync", "ConnectionMultiplexer", "a multiplexed connection to every Redis server and a heartbeat timer", connects: true);
            // Not MongoClient: the driver keeps one cluster per distinct settings in its ClusterRegistry, and a client made
            // per call with the same settings reuses it (disposing the client leaves it there): measured with
            // MongoDB.Driver 3.14, 20 clients made and disposed in turn shared 1 cluster and 1 connection. A warning
            // saying it reconnects every time would be wrong; a team can still list it in additional_types.
            foreach (var factory in new[] { types.RabbitConnectionFactory, types.RabbitIConnectionFactory })
            {
                clients.AddFactory(factory, "CreateConnection", "RabbitMQ connection", "a TCP connection to the broker with its heartbeats and reader loop", connects: true);
                clients.AddFactory(factory, "CreateConnectionAsync", "RabbitMQ connection", "a TCP connection to the broker with its heartbeats and reader loop", connects: true);
            }

            clients.AddConstructor(types.CosmosClient, "CosmosClient", "an HTTP connection pool and the account's address caches with their background refresh");
            clients.AddConstructor(types.ServiceBusClient, "ServiceBusClient", "an AMQP connection to the namespace");
            clients.AddFactory(types.NpgsqlDataSource, "Create", "NpgsqlDataSource", "a pool of PostgreSQL connections", connects: false);
            clients.AddConfigured(compilation, types, options);
            return clients;
        }

        private void AddConstructor(INamedTypeSymbol? type, string name, string owns, bool connects = false)
        {
            if (type is not null && !Constructors.ContainsKey(type))
            {
                Constructors.Add(type, new Client(name, owns, connects, type.ContainingAssembly));
            }
        }

        private void AddFactory(INamedTypeSymbol? type, string method, string name, string owns, bool connects)
        {
            if (type is not null && !Factories.ContainsKey((type, method)))
            {
                Factories.Add((type, method), new Client(name, owns, connects, type.ContainingAssembly));
                FactoryNames.Add(method);
            }
        }

        /// <summary>
        /// The team's own clients from <c>socketvshttp.svh209.additional_types</c>, in the global options (.globalconfig) or
        /// the first file's options (an .editorconfig <c>[*.cs]</c> section), combined for the compilation: a type name means its constructors, <c>Type.Method</c> a
        /// factory. Unknown names are ignored. What they do when made is unknown, so the fix shares them through Lazy&lt;T&gt;.
        /// </summary>
        private void AddConfigured(Compilation compilation, KnownTypes types, AnalyzerOptions options)
        {
            var key = RuleOptions.Key(Descriptors.SVH209, AdditionalTypesOption);
            var provider = options.AnalyzerConfigOptionsProvider;
            var values = new HashSet<string>(StringComparer.Ordinal);
            if (provider.GlobalOptions.TryGetValue(key, out var global))
            {
                values.Add(global);
            }

            // One file's options stand for the `[*.cs]` section (read once, not per file: the rule costs nothing per file).
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (provider.GetOptions(tree).TryGetValue(key, out var value))
                {
                    values.Add(value);
                }

                break;
            }

            foreach (var value in values)
            {
                foreach (var entry in value.Split(new[] { ',', ';', ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (types.Get(entry) is { } type)
                    {
                        AddConstructor(type, type.Name, OwnedConnection, connects: true);
                        continue;
                    }

                    var dot = entry.LastIndexOf('.');
                    if (dot > 0 && dot < entry.Length - 1 && types.Get(entry.Substring(0, dot)) is { } factoryType)
                    {
                        // Named at the call, after the type the factory returns.
                        AddFactory(factoryType, entry.Substring(dot + 1), string.Empty, OwnedConnection, connects: true);
                    }
                }
            }
        }
    }

    private sealed class FactoryKeyComparer : IEqualityComparer<(INamedTypeSymbol Type, string Method)>
    {
        public static readonly FactoryKeyComparer Instance = new();

        public bool Equals((INamedTypeSymbol Type, string Method) x, (INamedTypeSymbol Type, string Method) y) =>
            SymbolEqualityComparer.Default.Equals(x.Type, y.Type) && string.Equals(x.Method, y.Method, StringComparison.Ordinal);

        public int GetHashCode((INamedTypeSymbol Type, string Method) obj) =>
            SymbolEqualityComparer.Default.GetHashCode(obj.Type) ^ StringComparer.Ordinal.GetHashCode(obj.Method);
    }
}
