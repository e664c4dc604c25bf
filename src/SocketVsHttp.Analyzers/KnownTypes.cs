using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
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

    private KnownTypes(Compilation compilation) => this.compilation = compilation;

    public static KnownTypes For(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));

    // System, System.Threading
    public INamedTypeSymbol? TimeSpan => Get("System.TimeSpan");
    public INamedTypeSymbol? Uri => Get("System.Uri");
    public INamedTypeSymbol? Lazy1 => Get("System.Lazy`1");
    public INamedTypeSymbol? IAsyncDisposable => Get("System.IAsyncDisposable");
    public INamedTypeSymbol? BitConverter => Get("System.BitConverter");
    public INamedTypeSymbol? BinaryPrimitives => Get("System.Buffers.Binary.BinaryPrimitives");
    public INamedTypeSymbol? KeyValuePair2 => Get("System.Collections.Generic.KeyValuePair`2");
    public INamedTypeSymbol? ObjectDisposedException => Get("System.ObjectDisposedException");
    public INamedTypeSymbol? OperationCanceledException => Get("System.OperationCanceledException");
    public INamedTypeSymbol? CancellationToken => Get("System.Threading.CancellationToken");
    public INamedTypeSymbol? CancellationTokenSource => Get("System.Threading.CancellationTokenSource");
    public INamedTypeSymbol? Timeout => Get("System.Threading.Timeout");
    public INamedTypeSymbol? Thread => Get("System.Threading.Thread");
    public INamedTypeSymbol? Task => Get("System.Threading.Tasks.Task");
    public INamedTypeSymbol? Task1 => Get("System.Threading.Tasks.Task`1");
    public INamedTypeSymbol? ValueTask => Get("System.Threading.Tasks.ValueTask");
    public INamedTypeSymbol? ValueTask1 => Get("System.Threading.Tasks.ValueTask`1");
    public INamedTypeSymbol? TaskAwaiter1 => Get("System.Runtime.CompilerServices.TaskAwaiter`1");
    public INamedTypeSymbol? Stream => Get("System.IO.Stream");
    public INamedTypeSymbol? IOException => Get("System.IO.IOException");
    public INamedTypeSymbol? TextReader => Get("System.IO.TextReader");
    public INamedTypeSymbol? TextWriter => Get("System.IO.TextWriter");
    public INamedTypeSymbol? BinaryReader => Get("System.IO.BinaryReader");
    public INamedTypeSymbol? BinaryWriter => Get("System.IO.BinaryWriter");
    public INamedTypeSymbol? Encoding => Get("System.Text.Encoding");
    public INamedTypeSymbol? JsonSerializer => Get("System.Text.Json.JsonSerializer");
    public INamedTypeSymbol? JsonDocument => Get("System.Text.Json.JsonDocument");
    public INamedTypeSymbol? TaskFactory => Get("System.Threading.Tasks.TaskFactory");
    public INamedTypeSymbol? ThreadPool => Get("System.Threading.ThreadPool");

    // System.Net.Http
    public INamedTypeSymbol? HttpClient => Get("System.Net.Http.HttpClient");
    public INamedTypeSymbol? HttpMessageInvoker => Get("System.Net.Http.HttpMessageInvoker");
    public INamedTypeSymbol? HttpMessageHandler => Get("System.Net.Http.HttpMessageHandler");
    public INamedTypeSymbol? HttpClientHandler => Get("System.Net.Http.HttpClientHandler");
    public INamedTypeSymbol? WebRequestHandler => Get("System.Net.Http.WebRequestHandler");
    public INamedTypeSymbol? WinHttpHandler => Get("System.Net.Http.WinHttpHandler");
    public INamedTypeSymbol? SocketsHttpHandler => Get("System.Net.Http.SocketsHttpHandler");
    public INamedTypeSymbol? HttpResponseMessage => Get("System.Net.Http.HttpResponseMessage");
    public INamedTypeSymbol? HttpRequestMessage => Get("System.Net.Http.HttpRequestMessage");
    public INamedTypeSymbol? HttpContent => Get("System.Net.Http.HttpContent");
    public INamedTypeSymbol? ByteArrayContent => Get("System.Net.Http.ByteArrayContent");
    public INamedTypeSymbol? ReadOnlyMemoryContent => Get("System.Net.Http.ReadOnlyMemoryContent");
    public INamedTypeSymbol? HttpCompletionOption => Get("System.Net.Http.HttpCompletionOption");
    public INamedTypeSymbol? HttpRequestHeaders => Get("System.Net.Http.Headers.HttpRequestHeaders");
    public INamedTypeSymbol? HttpHeaders => Get("System.Net.Http.Headers.HttpHeaders");
    public INamedTypeSymbol? HttpHeaderValueCollection1 => Get("System.Net.Http.Headers.HttpHeaderValueCollection`1");
    public INamedTypeSymbol? IHttpClientFactory => Get("System.Net.Http.IHttpClientFactory");
    public INamedTypeSymbol? HttpClientJsonExtensions => Get("System.Net.Http.Json.HttpClientJsonExtensions");
    public INamedTypeSymbol? HttpContentJsonExtensions => Get("System.Net.Http.Json.HttpContentJsonExtensions");
    public INamedTypeSymbol? HttpClientFactoryExtensions => Get("System.Net.Http.HttpClientFactoryExtensions");
    public INamedTypeSymbol? HttpClientFactoryServiceCollectionExtensions => Get("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions");

    // Legacy HTTP and TLS
    public INamedTypeSymbol? WebClient => Get("System.Net.WebClient");
    public INamedTypeSymbol? WebRequest => Get("System.Net.WebRequest");
    public INamedTypeSymbol? HttpWebRequest => Get("System.Net.HttpWebRequest");
    public INamedTypeSymbol? ServicePointManager => Get("System.Net.ServicePointManager");
    public INamedTypeSymbol? SslStream => Get("System.Net.Security.SslStream");
    public INamedTypeSymbol? SslClientAuthenticationOptions => Get("System.Net.Security.SslClientAuthenticationOptions");
    public INamedTypeSymbol? RemoteCertificateValidationCallback => Get("System.Net.Security.RemoteCertificateValidationCallback");
    public INamedTypeSymbol? SslPolicyErrors => Get("System.Net.Security.SslPolicyErrors");
    public INamedTypeSymbol? FtpWebRequest => Get("System.Net.FtpWebRequest");
    public INamedTypeSymbol? FileWebRequest => Get("System.Net.FileWebRequest");

    // Sockets
    public INamedTypeSymbol? Socket => Get("System.Net.Sockets.Socket");
    public INamedTypeSymbol? TcpClient => Get("System.Net.Sockets.TcpClient");
    public INamedTypeSymbol? SocketFlags => Get("System.Net.Sockets.SocketFlags");
    public INamedTypeSymbol? TcpListener => Get("System.Net.Sockets.TcpListener");
    public INamedTypeSymbol? UdpClient => Get("System.Net.Sockets.UdpClient");
    public INamedTypeSymbol? NetworkStream => Get("System.Net.Sockets.NetworkStream");
    public INamedTypeSymbol? SocketException => Get("System.Net.Sockets.SocketException");
    public INamedTypeSymbol? SocketOptionName => Get("System.Net.Sockets.SocketOptionName");
    public INamedTypeSymbol? SocketOptionLevel => Get("System.Net.Sockets.SocketOptionLevel");
    public INamedTypeSymbol? SocketType => Get("System.Net.Sockets.SocketType");
    public INamedTypeSymbol? ProtocolType => Get("System.Net.Sockets.ProtocolType");
    public INamedTypeSymbol? AddressFamily => Get("System.Net.Sockets.AddressFamily");
    public INamedTypeSymbol? IOControlCode => Get("System.Net.Sockets.IOControlCode");

    // WebSockets
    public INamedTypeSymbol? WebSocket => Get("System.Net.WebSockets.WebSocket");
    public INamedTypeSymbol? WebSocketReceiveResult => Get("System.Net.WebSockets.WebSocketReceiveResult");
    public INamedTypeSymbol? ValueWebSocketReceiveResult => Get("System.Net.WebSockets.ValueWebSocketReceiveResult");
    public INamedTypeSymbol? WebSocketMessageType => Get("System.Net.WebSockets.WebSocketMessageType");
    public INamedTypeSymbol? WebSocketState => Get("System.Net.WebSockets.WebSocketState");
    public INamedTypeSymbol? WebSocketException => Get("System.Net.WebSockets.WebSocketException");
    public INamedTypeSymbol? ClientWebSocketOptions => Get("System.Net.WebSockets.ClientWebSocketOptions");

    // Client libraries that own a long-lived connection (SVH111, SVH209): null where the package is not referenced
    public INamedTypeSymbol? GrpcChannel => Get("Grpc.Net.Client.GrpcChannel");
    public INamedTypeSymbol? RedisConnectionMultiplexer => Get("StackExchange.Redis.ConnectionMultiplexer");
    public INamedTypeSymbol? RabbitConnectionFactory => Get("RabbitMQ.Client.ConnectionFactory");
    public INamedTypeSymbol? RabbitIConnectionFactory => Get("RabbitMQ.Client.IConnectionFactory");
    public INamedTypeSymbol? CosmosClient => Get("Microsoft.Azure.Cosmos.CosmosClient");
    public INamedTypeSymbol? ServiceBusClient => Get("Azure.Messaging.ServiceBus.ServiceBusClient");
    public INamedTypeSymbol? NpgsqlDataSource => Get("Npgsql.NpgsqlDataSource");

    // Hosts whose instances the framework creates per request, and background services
    public INamedTypeSymbol? MvcControllerBase => Get("Microsoft.AspNetCore.Mvc.ControllerBase");
    public INamedTypeSymbol? RazorPageModel => Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
    public INamedTypeSymbol? SignalRHub => Get("Microsoft.AspNetCore.SignalR.Hub");
    public INamedTypeSymbol? WebApiController => Get("System.Web.Http.ApiController");
    public INamedTypeSymbol? MvcFrameworkController => Get("System.Web.Mvc.Controller");
    public INamedTypeSymbol? BackgroundService => Get("Microsoft.Extensions.Hosting.BackgroundService");
    public INamedTypeSymbol? IServiceCollection => Get("Microsoft.Extensions.DependencyInjection.IServiceCollection");
    public INamedTypeSymbol? StringContent => Get("System.Net.Http.StringContent");

    // Framework members, looked up the first time a rule asks (loading a type's members is not free)
    public IFieldSymbol? ResponseHeadersRead => Member<IFieldSymbol>(HttpCompletionOption, "ResponseHeadersRead");
    public IPropertySymbol? HandlerCertificateCallback => Member<IPropertySymbol>(HttpClientHandler, "ServerCertificateCustomValidationCallback");
    public IPropertySymbol? HandlerDangerousAcceptAny => Member<IPropertySymbol>(HttpClientHandler, "DangerousAcceptAnyServerCertificateValidator");
    public IPropertySymbol? SslOptionsCertificateCallback => Member<IPropertySymbol>(SslClientAuthenticationOptions, "RemoteCertificateValidationCallback");
    public IPropertySymbol? ServicePointCertificateCallback => Member<IPropertySymbol>(ServicePointManager, "ServerCertificateValidationCallback");
    public IPropertySymbol? HttpWebRequestCertificateCallback => Member<IPropertySymbol>(HttpWebRequest, "ServerCertificateValidationCallback");
    public IFieldSymbol? WebSocketMessageTypeClose => Member<IFieldSymbol>(WebSocketMessageType, "Close");
    public IFieldSymbol? WebSocketStateCloseReceived => Member<IFieldSymbol>(WebSocketState, "CloseReceived");

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
