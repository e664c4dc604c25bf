using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp;

/// <summary>
/// The framework symbols the rules match on, resolved at most once per compilation and shared by every rule.
/// A property is null when the compilation does not reference the type; a rule that needs it then registers nothing.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> PerCompilation = new();

    private readonly Compilation compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> resolved = new();
    private readonly ConcurrentDictionary<string, ISymbol?> members = new();

    // One slot per type property below, read on every callback of every rule: a field read instead of hashing the
    // metadata name into the dictionary each time. null: not looked up yet; NotFound: looked up, absent.
    private readonly object?[] slots = new object?[94];

    private KnownTypes(Compilation compilation) => this.compilation = compilation;

    public static KnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));

    // System, System.Threading
    public INamedTypeSymbol? TimeSpan => Get(ref slots[0], "System.TimeSpan");
    public INamedTypeSymbol? Uri => Get(ref slots[1], "System.Uri");
    public INamedTypeSymbol? Lazy1 => Get(ref slots[2], "System.Lazy`1");
    public INamedTypeSymbol? IAsyncDisposable => Get(ref slots[3], "System.IAsyncDisposable");
    public INamedTypeSymbol? BitConverter => Get(ref slots[4], "System.BitConverter");
    public INamedTypeSymbol? BinaryPrimitives => Get(ref slots[5], "System.Buffers.Binary.BinaryPrimitives");
    public INamedTypeSymbol? KeyValuePair2 => Get(ref slots[6], "System.Collections.Generic.KeyValuePair`2");
    public INamedTypeSymbol? ObjectDisposedException => Get(ref slots[7], "System.ObjectDisposedException");
    public INamedTypeSymbol? OperationCanceledException => Get(ref slots[8], "System.OperationCanceledException");
    public INamedTypeSymbol? CancellationToken => Get(ref slots[9], "System.Threading.CancellationToken");
    public INamedTypeSymbol? CancellationTokenSource => Get(ref slots[10], "System.Threading.CancellationTokenSource");
    public INamedTypeSymbol? Timeout => Get(ref slots[11], "System.Threading.Timeout");
    public INamedTypeSymbol? Thread => Get(ref slots[12], "System.Threading.Thread");
    public INamedTypeSymbol? Task => Get(ref slots[13], "System.Threading.Tasks.Task");
    public INamedTypeSymbol? Task1 => Get(ref slots[14], "System.Threading.Tasks.Task`1");
    public INamedTypeSymbol? ValueTask => Get(ref slots[15], "System.Threading.Tasks.ValueTask");
    public INamedTypeSymbol? ValueTask1 => Get(ref slots[16], "System.Threading.Tasks.ValueTask`1");
    public INamedTypeSymbol? TaskAwaiter1 => Get(ref slots[17], "System.Runtime.CompilerServices.TaskAwaiter`1");
    public INamedTypeSymbol? Stream => Get(ref slots[18], "System.IO.Stream");
    public INamedTypeSymbol? IOException => Get(ref slots[19], "System.IO.IOException");
    public INamedTypeSymbol? TextReader => Get(ref slots[20], "System.IO.TextReader");
    public INamedTypeSymbol? TextWriter => Get(ref slots[21], "System.IO.TextWriter");
    public INamedTypeSymbol? BinaryReader => Get(ref slots[22], "System.IO.BinaryReader");
    public INamedTypeSymbol? BinaryWriter => Get(ref slots[23], "System.IO.BinaryWriter");
    public INamedTypeSymbol? Encoding => Get(ref slots[24], "System.Text.Encoding");
    public INamedTypeSymbol? JsonSerializer => Get(ref slots[25], "System.Text.Json.JsonSerializer");
    public INamedTypeSymbol? JsonDocument => Get(ref slots[26], "System.Text.Json.JsonDocument");
    public INamedTypeSymbol? TaskFactory => Get(ref slots[27], "System.Threading.Tasks.TaskFactory");
    public INamedTypeSymbol? ThreadPool => Get(ref slots[28], "System.Threading.ThreadPool");

    // System.Net.Http
    public INamedTypeSymbol? HttpClient => Get(ref slots[29], "System.Net.Http.HttpClient");
    public INamedTypeSymbol? HttpMessageInvoker => Get(ref slots[30], "System.Net.Http.HttpMessageInvoker");
    public INamedTypeSymbol? HttpMessageHandler => Get(ref slots[31], "System.Net.Http.HttpMessageHandler");
    public INamedTypeSymbol? HttpClientHandler => Get(ref slots[32], "System.Net.Http.HttpClientHandler");
    public INamedTypeSymbol? WebRequestHandler => Get(ref slots[33], "System.Net.Http.WebRequestHandler");
    public INamedTypeSymbol? WinHttpHandler => Get(ref slots[34], "System.Net.Http.WinHttpHandler");
    public INamedTypeSymbol? SocketsHttpHandler => Get(ref slots[35], "System.Net.Http.SocketsHttpHandler");
    public INamedTypeSymbol? HttpResponseMessage => Get(ref slots[36], "System.Net.Http.HttpResponseMessage");
    public INamedTypeSymbol? HttpRequestMessage => Get(ref slots[37], "System.Net.Http.HttpRequestMessage");
    public INamedTypeSymbol? HttpContent => Get(ref slots[38], "System.Net.Http.HttpContent");
    public INamedTypeSymbol? ByteArrayContent => Get(ref slots[39], "System.Net.Http.ByteArrayContent");
    public INamedTypeSymbol? ReadOnlyMemoryContent => Get(ref slots[40], "System.Net.Http.ReadOnlyMemoryContent");
    public INamedTypeSymbol? HttpCompletionOption => Get(ref slots[41], "System.Net.Http.HttpCompletionOption");
    public INamedTypeSymbol? HttpRequestHeaders => Get(ref slots[42], "System.Net.Http.Headers.HttpRequestHeaders");
    public INamedTypeSymbol? HttpHeaders => Get(ref slots[43], "System.Net.Http.Headers.HttpHeaders");
    public INamedTypeSymbol? HttpHeaderValueCollection1 => Get(ref slots[44], "System.Net.Http.Headers.HttpHeaderValueCollection`1");
    public INamedTypeSymbol? IHttpClientFactory => Get(ref slots[45], "System.Net.Http.IHttpClientFactory");
    public INamedTypeSymbol? HttpClientJsonExtensions => Get(ref slots[46], "System.Net.Http.Json.HttpClientJsonExtensions");
    public INamedTypeSymbol? HttpContentJsonExtensions => Get(ref slots[47], "System.Net.Http.Json.HttpContentJsonExtensions");
    public INamedTypeSymbol? HttpClientFactoryExtensions => Get(ref slots[48], "System.Net.Http.HttpClientFactoryExtensions");
    public INamedTypeSymbol? HttpClientFactoryServiceCollectionExtensions => Get(ref slots[49], "Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions");

    // Legacy HTTP and TLS
    public INamedTypeSymbol? WebClient => Get(ref slots[50], "System.Net.WebClient");
    public INamedTypeSymbol? WebRequest => Get(ref slots[51], "System.Net.WebRequest");
    public INamedTypeSymbol? HttpWebRequest => Get(ref slots[52], "System.Net.HttpWebRequest");
    public INamedTypeSymbol? ServicePointManager => Get(ref slots[53], "System.Net.ServicePointManager");
    public INamedTypeSymbol? SslStream => Get(ref slots[54], "System.Net.Security.SslStream");
    public INamedTypeSymbol? SslClientAuthenticationOptions => Get(ref slots[55], "System.Net.Security.SslClientAuthenticationOptions");
    public INamedTypeSymbol? RemoteCertificateValidationCallback => Get(ref slots[56], "System.Net.Security.RemoteCertificateValidationCallback");
    public INamedTypeSymbol? SslPolicyErrors => Get(ref slots[57], "System.Net.Security.SslPolicyErrors");
    public INamedTypeSymbol? FtpWebRequest => Get(ref slots[58], "System.Net.FtpWebRequest");
    public INamedTypeSymbol? FileWebRequest => Get(ref slots[59], "System.Net.FileWebRequest");

    // Sockets
    public INamedTypeSymbol? Socket => Get(ref slots[60], "System.Net.Sockets.Socket");
    public INamedTypeSymbol? TcpClient => Get(ref slots[61], "System.Net.Sockets.TcpClient");
    public INamedTypeSymbol? SocketFlags => Get(ref slots[62], "System.Net.Sockets.SocketFlags");
    public INamedTypeSymbol? TcpListener => Get(ref slots[63], "System.Net.Sockets.TcpListener");
    public INamedTypeSymbol? UdpClient => Get(ref slots[64], "System.Net.Sockets.UdpClient");
    public INamedTypeSymbol? NetworkStream => Get(ref slots[65], "System.Net.Sockets.NetworkStream");
    public INamedTypeSymbol? SocketException => Get(ref slots[66], "System.Net.Sockets.SocketException");
    public INamedTypeSymbol? SocketOptionName => Get(ref slots[67], "System.Net.Sockets.SocketOptionName");
    public INamedTypeSymbol? SocketOptionLevel => Get(ref slots[68], "System.Net.Sockets.SocketOptionLevel");
    public INamedTypeSymbol? SocketType => Get(ref slots[69], "System.Net.Sockets.SocketType");
    public INamedTypeSymbol? ProtocolType => Get(ref slots[70], "System.Net.Sockets.ProtocolType");
    public INamedTypeSymbol? AddressFamily => Get(ref slots[71], "System.Net.Sockets.AddressFamily");
    public INamedTypeSymbol? IOControlCode => Get(ref slots[72], "System.Net.Sockets.IOControlCode");

    // WebSockets
    public INamedTypeSymbol? WebSocket => Get(ref slots[73], "System.Net.WebSockets.WebSocket");
    public INamedTypeSymbol? WebSocketReceiveResult => Get(ref slots[74], "System.Net.WebSockets.WebSocketReceiveResult");
    public INamedTypeSymbol? ValueWebSocketReceiveResult => Get(ref slots[75], "System.Net.WebSockets.ValueWebSocketReceiveResult");
    public INamedTypeSymbol? WebSocketMessageType => Get(ref slots[76], "System.Net.WebSockets.WebSocketMessageType");
    public INamedTypeSymbol? WebSocketState => Get(ref slots[77], "System.Net.WebSockets.WebSocketState");
    public INamedTypeSymbol? WebSocketException => Get(ref slots[78], "System.Net.WebSockets.WebSocketException");
    public INamedTypeSymbol? ClientWebSocketOptions => Get(ref slots[79], "System.Net.WebSockets.ClientWebSocketOptions");

    // Client libraries that own a long-lived connection (SVH111, SVH209): null where the package is not referenced
    public INamedTypeSymbol? GrpcChannel => Get(ref slots[80], "Grpc.Net.Client.GrpcChannel");
    public INamedTypeSymbol? RedisConnectionMultiplexer => Get(ref slots[81], "StackExchange.Redis.ConnectionMultiplexer");
    public INamedTypeSymbol? RabbitConnectionFactory => Get(ref slots[82], "RabbitMQ.Client.ConnectionFactory");
    public INamedTypeSymbol? RabbitIConnectionFactory => Get(ref slots[83], "RabbitMQ.Client.IConnectionFactory");
    public INamedTypeSymbol? CosmosClient => Get(ref slots[84], "Microsoft.Azure.Cosmos.CosmosClient");
    public INamedTypeSymbol? ServiceBusClient => Get(ref slots[85], "Azure.Messaging.ServiceBus.ServiceBusClient");
    public INamedTypeSymbol? NpgsqlDataSource => Get(ref slots[86], "Npgsql.NpgsqlDataSource");

    // Hosts whose instances the framework creates per request, and background services
    public INamedTypeSymbol? MvcControllerBase => Get(ref slots[87], "Microsoft.AspNetCore.Mvc.ControllerBase");
    public INamedTypeSymbol? RazorPageModel => Get(ref slots[88], "Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
    public INamedTypeSymbol? SignalRHub => Get(ref slots[89], "Microsoft.AspNetCore.SignalR.Hub");
    public INamedTypeSymbol? WebApiController => Get(ref slots[90], "System.Web.Http.ApiController");
    public INamedTypeSymbol? MvcFrameworkController => Get(ref slots[91], "System.Web.Mvc.Controller");
    public INamedTypeSymbol? BackgroundService => Get(ref slots[92], "Microsoft.Extensions.Hosting.BackgroundService");
    public INamedTypeSymbol? IServiceCollection => Get(ref slots[93], "Microsoft.Extensions.DependencyInjection.IServiceCollection");

    // Framework members, looked up the first time a rule asks (loading a type's members is not free)
    public IFieldSymbol? ResponseHeadersRead => Member<IFieldSymbol>(HttpCompletionOption, "ResponseHeadersRead");
    public IPropertySymbol? HandlerCertificateCallback => Member<IPropertySymbol>(HttpClientHandler, "ServerCertificateCustomValidationCallback");
    public IPropertySymbol? HandlerDangerousAcceptAny => Member<IPropertySymbol>(HttpClientHandler, "DangerousAcceptAnyServerCertificateValidator");
    public IPropertySymbol? SslOptionsCertificateCallback => Member<IPropertySymbol>(SslClientAuthenticationOptions, "RemoteCertificateValidationCallback");
    public IPropertySymbol? ServicePointCertificateCallback => Member<IPropertySymbol>(ServicePointManager, "ServerCertificateValidationCallback");
    public IPropertySymbol? HttpWebRequestCertificateCallback => Member<IPropertySymbol>(HttpWebRequest, "ServerCertificateValidationCallback");
    public IFieldSymbol? WebSocketMessageTypeClose => Member<IFieldSymbol>(WebSocketMessageType, "Close");
    public IFieldSymbol? WebSocketStateCloseReceived => Member<IFieldSymbol>(WebSocketState, "CloseReceived");

    private static readonly object NotFound = new();

    /// <summary>The type with this metadata name, or null; cached in <paramref name="slot"/> (a lookup races harmlessly: it always gives the same symbol).</summary>
    private INamedTypeSymbol? Get(ref object? slot, string metadataName)
    {
        var value = Volatile.Read(ref slot);
        if (value is null)
        {
            value = (object?)Get(metadataName) ?? NotFound;
            Volatile.Write(ref slot, value);
        }

        return value as INamedTypeSymbol;
    }

    /// <summary>The type with this metadata name, or null; cached.</summary>
    internal INamedTypeSymbol? Get(string metadataName)
    {
        if (resolved.TryGetValue(metadataName, out var symbol))
        {
            return symbol;
        }

        symbol = Lookup(metadataName);
        resolved.TryAdd(metadataName, symbol);
        return symbol;
    }

    /// <summary>
    /// Like <see cref="Compilation.GetTypeByMetadataName"/> (the compilation's own type wins; a name several references
    /// define visibly resolves to nothing), but through the merged namespaces the compiler has already built for binding:
    /// GetTypeByMetadataName reads the type tables of every referenced assembly, milliseconds per compilation.
    /// </summary>
    private INamedTypeSymbol? Lookup(string metadataName)
    {
        var typeStart = metadataName.LastIndexOf('.');
        INamespaceSymbol? container = compilation.GlobalNamespace;
        var namespaceStart = 0;
        while (container is not null && namespaceStart < typeStart)
        {
            var end = metadataName.IndexOf('.', namespaceStart);
            container = ChildNamespace(container, metadataName.Substring(namespaceStart, end - namespaceStart));
            namespaceStart = end + 1;
        }

        if (container is null)
        {
            return null;
        }

        var typeName = metadataName.Substring(typeStart + 1);
        var arity = 0;
        var tick = typeName.IndexOf('`');
        if (tick >= 0)
        {
            arity = int.Parse(typeName.Substring(tick + 1), System.Globalization.CultureInfo.InvariantCulture);
            typeName = typeName.Substring(0, tick);
        }

        INamedTypeSymbol? found = null;
        foreach (var candidate in container.GetTypeMembers(typeName, arity))
        {
            if (SymbolEqualityComparer.Default.Equals(candidate.ContainingAssembly, compilation.Assembly))
            {
                return candidate;
            }

            if (!compilation.IsSymbolAccessibleWithin(candidate, compilation.Assembly))
            {
                // Another assembly's internal type (a polyfill, say) is not a candidate.
                continue;
            }

            if (found is not null)
            {
                // Defined by two references: ambiguous.
                return null;
            }

            found = candidate;
        }

        return found;
    }

    /// <summary>The first member of <paramref name="type"/> named <paramref name="name"/> that is a <typeparamref name="T"/>, or null; cached under the asking property's name.</summary>
    private T? Member<T>(INamedTypeSymbol? type, string name, [CallerMemberName] string key = "")
        where T : class, ISymbol
    {
        if (!members.TryGetValue(key, out var member))
        {
            member = type is null ? null : First<T>(type.GetMembers(name));
            members.TryAdd(key, member);
        }

        return member as T;
    }

    private static T? First<T>(IEnumerable<ISymbol> candidates)
        where T : class, ISymbol
    {
        foreach (var candidate in candidates)
        {
            if (candidate is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static INamespaceSymbol? ChildNamespace(INamespaceSymbol parent, string name) => First<INamespaceSymbol>(parent.GetMembers(name));
}
