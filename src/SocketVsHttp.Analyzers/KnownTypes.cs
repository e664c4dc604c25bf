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
    private readonly object?[] slots = new object?[95];

    private KnownTypes(Compilation compilation) => this.compilation = compilation;

    public static KnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));

    // System, System.Threading
    public INamedTypeSymbol? TimeSpan => Get(ref slots[0], static types => types.Get("System.TimeSpan"));
    public INamedTypeSymbol? Uri => Get(ref slots[1], static types => types.Get("System.Uri"));
    public INamedTypeSymbol? Lazy1 => Get(ref slots[2], static types => types.Get("System.Lazy`1"));
    public INamedTypeSymbol? IAsyncDisposable => Get(ref slots[3], static types => types.Get("System.IAsyncDisposable"));
    public INamedTypeSymbol? BitConverter => Get(ref slots[4], static types => types.Get("System.BitConverter"));
    public INamedTypeSymbol? BinaryPrimitives => Get(ref slots[5], static types => types.Get("System.Buffers.Binary.BinaryPrimitives"));
    public INamedTypeSymbol? KeyValuePair2 => Get(ref slots[6], static types => types.Get("System.Collections.Generic.KeyValuePair`2"));
    public INamedTypeSymbol? ObjectDisposedException => Get(ref slots[7], static types => types.Get("System.ObjectDisposedException"));
    public INamedTypeSymbol? OperationCanceledException => Get(ref slots[8], static types => types.Get("System.OperationCanceledException"));
    public INamedTypeSymbol? CancellationToken => Get(ref slots[9], static types => types.Get("System.Threading.CancellationToken"));
    public INamedTypeSymbol? CancellationTokenSource => Get(ref slots[10], static types => types.Get("System.Threading.CancellationTokenSource"));
    public INamedTypeSymbol? Timeout => Get(ref slots[11], static types => types.Get("System.Threading.Timeout"));
    public INamedTypeSymbol? Thread => Get(ref slots[12], static types => types.Get("System.Threading.Thread"));
    public INamedTypeSymbol? Task => Get(ref slots[13], static types => types.Get("System.Threading.Tasks.Task"));
    public INamedTypeSymbol? Task1 => Get(ref slots[14], static types => types.Get("System.Threading.Tasks.Task`1"));
    public INamedTypeSymbol? ValueTask => Get(ref slots[15], static types => types.Get("System.Threading.Tasks.ValueTask"));
    public INamedTypeSymbol? ValueTask1 => Get(ref slots[16], static types => types.Get("System.Threading.Tasks.ValueTask`1"));
    public INamedTypeSymbol? TaskAwaiter1 => Get(ref slots[17], static types => types.Get("System.Runtime.CompilerServices.TaskAwaiter`1"));
    public INamedTypeSymbol? Stream => Get(ref slots[18], static types => types.Get("System.IO.Stream"));
    public INamedTypeSymbol? IOException => Get(ref slots[19], static types => types.Get("System.IO.IOException"));
    public INamedTypeSymbol? TextReader => Get(ref slots[20], static types => types.Get("System.IO.TextReader"));
    public INamedTypeSymbol? TextWriter => Get(ref slots[21], static types => types.Get("System.IO.TextWriter"));
    public INamedTypeSymbol? BinaryReader => Get(ref slots[22], static types => types.Get("System.IO.BinaryReader"));
    public INamedTypeSymbol? BinaryWriter => Get(ref slots[23], static types => types.Get("System.IO.BinaryWriter"));
    public INamedTypeSymbol? Encoding => Get(ref slots[24], static types => types.Get("System.Text.Encoding"));
    public INamedTypeSymbol? JsonSerializer => Get(ref slots[25], static types => types.Get("System.Text.Json.JsonSerializer"));
    public INamedTypeSymbol? JsonDocument => Get(ref slots[26], static types => types.Get("System.Text.Json.JsonDocument"));
    public INamedTypeSymbol? TaskFactory => Get(ref slots[27], static types => types.Get("System.Threading.Tasks.TaskFactory"));
    public INamedTypeSymbol? ThreadPool => Get(ref slots[28], static types => types.Get("System.Threading.ThreadPool"));

    // System.Net.Http
    public INamedTypeSymbol? HttpClient => Get(ref slots[29], static types => types.Get("System.Net.Http.HttpClient"));
    public INamedTypeSymbol? HttpMessageInvoker => Get(ref slots[30], static types => types.Get("System.Net.Http.HttpMessageInvoker"));
    public INamedTypeSymbol? HttpMessageHandler => Get(ref slots[31], static types => types.Get("System.Net.Http.HttpMessageHandler"));
    public INamedTypeSymbol? HttpClientHandler => Get(ref slots[32], static types => types.Get("System.Net.Http.HttpClientHandler"));
    public INamedTypeSymbol? WebRequestHandler => Get(ref slots[33], static types => types.Get("System.Net.Http.WebRequestHandler"));
    public INamedTypeSymbol? WinHttpHandler => Get(ref slots[34], static types => types.Get("System.Net.Http.WinHttpHandler"));
    public INamedTypeSymbol? SocketsHttpHandler => Get(ref slots[35], static types => types.Get("System.Net.Http.SocketsHttpHandler"));
    public INamedTypeSymbol? HttpResponseMessage => Get(ref slots[36], static types => types.Get("System.Net.Http.HttpResponseMessage"));
    public INamedTypeSymbol? HttpRequestMessage => Get(ref slots[37], static types => types.Get("System.Net.Http.HttpRequestMessage"));
    public INamedTypeSymbol? HttpContent => Get(ref slots[38], static types => types.Get("System.Net.Http.HttpContent"));
    public INamedTypeSymbol? ByteArrayContent => Get(ref slots[39], static types => types.Get("System.Net.Http.ByteArrayContent"));
    public INamedTypeSymbol? ReadOnlyMemoryContent => Get(ref slots[40], static types => types.Get("System.Net.Http.ReadOnlyMemoryContent"));
    public INamedTypeSymbol? HttpCompletionOption => Get(ref slots[41], static types => types.Get("System.Net.Http.HttpCompletionOption"));
    public INamedTypeSymbol? HttpRequestHeaders => Get(ref slots[42], static types => types.Get("System.Net.Http.Headers.HttpRequestHeaders"));
    public INamedTypeSymbol? HttpHeaders => Get(ref slots[43], static types => types.Get("System.Net.Http.Headers.HttpHeaders"));
    public INamedTypeSymbol? HttpHeaderValueCollection1 => Get(ref slots[44], static types => types.Get("System.Net.Http.Headers.HttpHeaderValueCollection`1"));
    public INamedTypeSymbol? IHttpClientFactory => Get(ref slots[45], static types => types.Get("System.Net.Http.IHttpClientFactory"));
    public INamedTypeSymbol? HttpClientJsonExtensions => Get(ref slots[46], static types => types.Get("System.Net.Http.Json.HttpClientJsonExtensions"));
    public INamedTypeSymbol? HttpContentJsonExtensions => Get(ref slots[47], static types => types.Get("System.Net.Http.Json.HttpContentJsonExtensions"));
    public INamedTypeSymbol? HttpClientFactoryExtensions => Get(ref slots[48], static types => types.Get("System.Net.Http.HttpClientFactoryExtensions"));
    public INamedTypeSymbol? HttpClientFactoryServiceCollectionExtensions => Get(ref slots[49], static types => types.Get("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions"));

    // Legacy HTTP and TLS
    public INamedTypeSymbol? WebClient => Get(ref slots[50], static types => types.Get("System.Net.WebClient"));
    public INamedTypeSymbol? WebRequest => Get(ref slots[51], static types => types.Get("System.Net.WebRequest"));
    public INamedTypeSymbol? HttpWebRequest => Get(ref slots[52], static types => types.Get("System.Net.HttpWebRequest"));
    public INamedTypeSymbol? ServicePointManager => Get(ref slots[53], static types => types.Get("System.Net.ServicePointManager"));
    public INamedTypeSymbol? SslStream => Get(ref slots[54], static types => types.Get("System.Net.Security.SslStream"));
    public INamedTypeSymbol? SslClientAuthenticationOptions => Get(ref slots[55], static types => types.Get("System.Net.Security.SslClientAuthenticationOptions"));
    public INamedTypeSymbol? RemoteCertificateValidationCallback => Get(ref slots[56], static types => types.Get("System.Net.Security.RemoteCertificateValidationCallback"));
    public INamedTypeSymbol? SslPolicyErrors => Get(ref slots[57], static types => types.Get("System.Net.Security.SslPolicyErrors"));
    public INamedTypeSymbol? FtpWebRequest => Get(ref slots[58], static types => types.Get("System.Net.FtpWebRequest"));
    public INamedTypeSymbol? FileWebRequest => Get(ref slots[59], static types => types.Get("System.Net.FileWebRequest"));

    // Sockets
    public INamedTypeSymbol? Socket => Get(ref slots[60], static types => types.Get("System.Net.Sockets.Socket"));
    public INamedTypeSymbol? TcpClient => Get(ref slots[61], static types => types.Get("System.Net.Sockets.TcpClient"));
    public INamedTypeSymbol? SocketFlags => Get(ref slots[62], static types => types.Get("System.Net.Sockets.SocketFlags"));
    public INamedTypeSymbol? TcpListener => Get(ref slots[63], static types => types.Get("System.Net.Sockets.TcpListener"));
    public INamedTypeSymbol? UdpClient => Get(ref slots[64], static types => types.Get("System.Net.Sockets.UdpClient"));
    public INamedTypeSymbol? NetworkStream => Get(ref slots[65], static types => types.Get("System.Net.Sockets.NetworkStream"));
    public INamedTypeSymbol? SocketException => Get(ref slots[66], static types => types.Get("System.Net.Sockets.SocketException"));
    public INamedTypeSymbol? SocketOptionName => Get(ref slots[67], static types => types.Get("System.Net.Sockets.SocketOptionName"));
    public INamedTypeSymbol? SocketOptionLevel => Get(ref slots[68], static types => types.Get("System.Net.Sockets.SocketOptionLevel"));
    public INamedTypeSymbol? SocketType => Get(ref slots[69], static types => types.Get("System.Net.Sockets.SocketType"));
    public INamedTypeSymbol? ProtocolType => Get(ref slots[70], static types => types.Get("System.Net.Sockets.ProtocolType"));
    public INamedTypeSymbol? AddressFamily => Get(ref slots[71], static types => types.Get("System.Net.Sockets.AddressFamily"));
    public INamedTypeSymbol? IOControlCode => Get(ref slots[72], static types => types.Get("System.Net.Sockets.IOControlCode"));

    // WebSockets
    public INamedTypeSymbol? WebSocket => Get(ref slots[73], static types => types.Get("System.Net.WebSockets.WebSocket"));
    public INamedTypeSymbol? WebSocketReceiveResult => Get(ref slots[74], static types => types.Get("System.Net.WebSockets.WebSocketReceiveResult"));
    public INamedTypeSymbol? ValueWebSocketReceiveResult => Get(ref slots[75], static types => types.Get("System.Net.WebSockets.ValueWebSocketReceiveResult"));
    public INamedTypeSymbol? WebSocketMessageType => Get(ref slots[76], static types => types.Get("System.Net.WebSockets.WebSocketMessageType"));
    public INamedTypeSymbol? WebSocketState => Get(ref slots[77], static types => types.Get("System.Net.WebSockets.WebSocketState"));
    public INamedTypeSymbol? WebSocketException => Get(ref slots[78], static types => types.Get("System.Net.WebSockets.WebSocketException"));
    public INamedTypeSymbol? ClientWebSocketOptions => Get(ref slots[79], static types => types.Get("System.Net.WebSockets.ClientWebSocketOptions"));

    // Client libraries that own a long-lived connection (SVH111, SVH209): null where the package is not referenced
    public INamedTypeSymbol? GrpcChannel => Get(ref slots[80], static types => types.Get("Grpc.Net.Client.GrpcChannel"));
    public INamedTypeSymbol? RedisConnectionMultiplexer => Get(ref slots[81], static types => types.Get("StackExchange.Redis.ConnectionMultiplexer"));
    public INamedTypeSymbol? RabbitConnectionFactory => Get(ref slots[82], static types => types.Get("RabbitMQ.Client.ConnectionFactory"));
    public INamedTypeSymbol? RabbitIConnectionFactory => Get(ref slots[83], static types => types.Get("RabbitMQ.Client.IConnectionFactory"));
    public INamedTypeSymbol? CosmosClient => Get(ref slots[84], static types => types.Get("Microsoft.Azure.Cosmos.CosmosClient"));
    public INamedTypeSymbol? ServiceBusClient => Get(ref slots[85], static types => types.Get("Azure.Messaging.ServiceBus.ServiceBusClient"));
    public INamedTypeSymbol? NpgsqlDataSource => Get(ref slots[86], static types => types.Get("Npgsql.NpgsqlDataSource"));

    // Hosts whose instances the framework creates per request, and background services
    public INamedTypeSymbol? MvcControllerBase => Get(ref slots[87], static types => types.Get("Microsoft.AspNetCore.Mvc.ControllerBase"));
    public INamedTypeSymbol? RazorPageModel => Get(ref slots[88], static types => types.Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel"));
    public INamedTypeSymbol? SignalRHub => Get(ref slots[89], static types => types.Get("Microsoft.AspNetCore.SignalR.Hub"));
    public INamedTypeSymbol? WebApiController => Get(ref slots[90], static types => types.Get("System.Web.Http.ApiController"));
    public INamedTypeSymbol? MvcFrameworkController => Get(ref slots[91], static types => types.Get("System.Web.Mvc.Controller"));
    public INamedTypeSymbol? BackgroundService => Get(ref slots[92], static types => types.Get("Microsoft.Extensions.Hosting.BackgroundService"));
    public INamedTypeSymbol? IServiceCollection => Get(ref slots[93], static types => types.Get("Microsoft.Extensions.DependencyInjection.IServiceCollection"));
    public INamedTypeSymbol? StringContent => Get(ref slots[94], static types => types.Get("System.Net.Http.StringContent"));

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

    /// <summary>The type <paramref name="lookup"/> finds, or null; cached in <paramref name="slot"/> (a lookup races harmlessly: it always gives the same symbol).</summary>
    private INamedTypeSymbol? Get(ref object? slot, System.Func<KnownTypes, INamedTypeSymbol?> lookup)
    {
        var value = Volatile.Read(ref slot);
        if (value is null)
        {
            value = (object?)lookup(this) ?? NotFound;
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
