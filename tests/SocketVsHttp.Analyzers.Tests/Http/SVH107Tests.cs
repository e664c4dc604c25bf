using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.SharedHttpClientMutationAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.SharedHttpClientMutationAnalyzer, SocketVsHttp.Http.SharedHttpClientMutationFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH107Tests
{
    // ---- positives ----

    [Fact]
    public async Task Flags_every_kind_of_write_from_a_method()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();
                private HttpClient Client { get; } = new HttpClient();

                public void Call(string token)
                {
                    {|#0:_client.BaseAddress = new Uri("https://example.org/")|};
                    {|#1:_client.Timeout = TimeSpan.FromSeconds(5)|};
                    {|#2:_client.MaxResponseContentBufferSize = 1024|};
                    {|#3:_client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    {|#4:_client.DefaultRequestHeaders.Add("X-Id", token)|};
                    {|#5:_client.DefaultRequestHeaders.TryAddWithoutValidation("X-Id", token)|};
                    {|#6:_client.DefaultRequestHeaders.Remove("X-Id")|};
                    {|#7:_client.DefaultRequestHeaders.Clear()|};
                    {|#8:_client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"))|};
                    {|#9:_client.DefaultRequestHeaders.UserAgent.ParseAdd("me/1.0")|};
                    {|#10:Client.DefaultRequestHeaders.ConnectionClose = true|};
                    {|#11:this.Client.DefaultRequestHeaders.Accept.Clear()|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Expect(0, "BaseAddress", "_client"),
            Expect(1, "Timeout", "_client"),
            Expect(2, "MaxResponseContentBufferSize", "_client"),
            Expect(3, "DefaultRequestHeaders.Authorization", "_client"),
            Expect(4, "DefaultRequestHeaders.Add", "_client"),
            Expect(5, "DefaultRequestHeaders.TryAddWithoutValidation", "_client"),
            Expect(6, "DefaultRequestHeaders.Remove", "_client"),
            Expect(7, "DefaultRequestHeaders.Clear", "_client"),
            Expect(8, "DefaultRequestHeaders.Accept.Add", "_client"),
            Expect(9, "DefaultRequestHeaders.UserAgent.ParseAdd", "_client"),
            Expect(10, "DefaultRequestHeaders.ConnectionClose", "Client"),
            Expect(11, "DefaultRequestHeaders.Accept.Clear", "Client"));
    }

    [Fact]
    public async Task Logging_framework_set_up_callbacks_are_construction_other_methods_are_not()
    {
        // log4net calls ActivateOptions once, after setting the appender's properties and before the first Append;
        // NLog calls InitializeTarget once. A method of the same name that overrides nothing, or a write in a loop, is not.
        const string source = """
            using System;
            using System.Net.Http;

            abstract class AppenderSkeleton { public virtual void ActivateOptions() { } }
            interface IOptionHandler { void ActivateOptions(); }
            abstract class Target { protected virtual void InitializeTarget() { } }

            class HttpAppender : AppenderSkeleton
            {
                private readonly HttpClient _client = new HttpClient();
                public int TimeoutMs { get; set; }

                public override void ActivateOptions()
                {
                    _client.Timeout = TimeSpan.FromMilliseconds(TimeoutMs);
                    _client.DefaultRequestHeaders.ExpectContinue = false;
                }
            }

            class OtherAppender : IOptionHandler
            {
                private readonly HttpClient _client = new HttpClient();
                public void ActivateOptions() => _client.DefaultRequestHeaders.Add("X-Key", "k");
            }

            class HttpTarget : Target
            {
                private readonly HttpClient _client = new HttpClient();
                protected override void InitializeTarget() => _client.BaseAddress = new Uri("http://logs");
            }

            class NotAnAppender
            {
                private readonly HttpClient _client = new HttpClient();
                public void ActivateOptions() => {|SVH107:_client.Timeout = TimeSpan.FromSeconds(1)|};
            }

            class LoopingAppender : AppenderSkeleton
            {
                private readonly HttpClient _client = new HttpClient();
                public override void ActivateOptions()
                {
                    foreach (var key in new[] { "a", "b" })
                    {
                        {|SVH107:_client.DefaultRequestHeaders.Add(key, "v")|};
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_writes_in_lambdas_local_functions_accessors_and_expression_bodies()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;
                public Api(HttpClient client) => _client = client;

                public void SetToken(string token) => {|SVH107:_client.DefaultRequestHeaders.Add("X-Token", token)|};

                public string Token
                {
                    set { {|SVH107:_client.DefaultRequestHeaders.Add("X-Token", value)|}; }
                }

                public Task RunAsync(string id)
                {
                    Action a = () => {|SVH107:_client.DefaultRequestHeaders.Remove("X-Id")|};
                    a();
                    return Local();

                    async Task Local()
                    {
                        {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                        await _client.GetAsync("x");
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_instance_constructor_changing_a_static_client_and_a_subclass_field()
    {
        const string source = """
            using System;
            using System.Net.Http;

            class MyClient : HttpClient { }

            class PerRequest
            {
                private static readonly MyClient Shared = new MyClient();

                public PerRequest(string tenant)
                {
                    {|SVH107:Shared.DefaultRequestHeaders.Add("X-Tenant", tenant)|};
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_configuration_that_runs_on_every_call_after_null_coalescing_init()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Headers;

            class Api
            {
                private HttpClient? _client;

                public HttpClient GetClient(string token)
                {
                    _client ??= new HttpClient();
                    {|SVH107:_client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    return _client;
                }

                public HttpClient GetClient2(string token)
                {
                    if (_client == null)
                        _client = new HttpClient();
                    {|SVH107:_client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    return _client;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_static_field_changed_in_a_loop_of_Main()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                static async Task Main(string[] args)
                {
                    foreach (var id in args)
                    {
                        {|SVH107:Client.DefaultRequestHeaders.Add("X-Id", id)|};
                        await Client.GetAsync("https://example.org/");
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_a_captured_primary_constructor_parameter_but_not_its_initializers()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api(HttpClient client)
            {
                private readonly Uri _base = Configure(client);

                public Task<string> GetAsync(string id)
                {
                    {|SVH107:client.DefaultRequestHeaders.Add("X-Id", id)|};
                    return client.GetStringAsync("x");
                }

                private static Uri Configure(HttpClient c)
                {
                    c.BaseAddress = new Uri("https://example.org/");
                    return c.BaseAddress;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_writes_through_a_local_alias_a_getter_or_a_computed_property_of_the_shared_client()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();
                private static readonly object Gate = new object();
                private HttpClient? _lazy;
                private HttpClient? _locked;

                private HttpClient Client => _client;

                private static HttpClient GetClient() => _client;

                private HttpClient GetLazy()
                {
                    if (_lazy == null)
                    {
                        _lazy = new HttpClient();
                    }

                    return _lazy;
                }

                private HttpClient GetOrCreate() => _lazy ??= new HttpClient();

                private HttpClient GetLocked()
                {
                    if (_locked == null)
                    {
                        lock (Gate)
                        {
                            if (_locked == null) _locked = new HttpClient();
                        }
                    }

                    return _locked;
                }

                public async Task CallAsync(string token)
                {
                    var client = GetClient();
                    {|#0:client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    var c = _client;
                    {|#1:c.Timeout = TimeSpan.FromSeconds(5)|};
                    HttpClient lazy = GetLazy();
                    {|#2:lazy.DefaultRequestHeaders.Add("X-Id", token)|};
                    var created = GetOrCreate();
                    {|#3:created.BaseAddress = new Uri("https://example.org/")|};
                    var viaProperty = Client;
                    {|#4:viaProperty.DefaultRequestHeaders.Accept.Clear()|};
                    {|#5:GetClient().DefaultRequestHeaders.Remove("X-Id")|};
                    {|#6:Client.DefaultRequestHeaders.Add("X-Id", token)|};
                    var locked = GetLocked();
                    {|#7:locked.DefaultRequestHeaders.UserAgent.ParseAdd("me/1.0")|};
                    var other = Clients.Get();
                    {|#8:other.DefaultRequestHeaders.Add("X-Id", token)|};
                    await client.GetAsync("x");
                }
            }

            static class Clients
            {
                private static readonly HttpClient Shared = new HttpClient();

                public static HttpClient Get()
                {
                    return Shared;
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            ExpectSeen(0, "DefaultRequestHeaders.Authorization", "'client' (from GetClient(), the shared field '_client')"),
            ExpectSeen(1, "Timeout", "'c' (the shared field '_client')"),
            ExpectSeen(2, "DefaultRequestHeaders.Add", "'lazy' (from GetLazy(), the shared field '_lazy')"),
            ExpectSeen(3, "BaseAddress", "'created' (from GetOrCreate(), the shared field '_lazy')"),
            ExpectSeen(4, "DefaultRequestHeaders.Accept.Clear", "'viaProperty' (from Client, the shared field '_client')"),
            ExpectSeen(5, "DefaultRequestHeaders.Remove", "'GetClient()' (the shared field '_client')"),
            ExpectSeen(6, "DefaultRequestHeaders.Add", "'Client' (the shared field '_client')"),
            ExpectSeen(7, "DefaultRequestHeaders.UserAgent.ParseAdd", "'locked' (from GetLocked(), the shared field '_locked')"),
            ExpectSeen(8, "DefaultRequestHeaders.Add", "'other' (from Get(), the shared field 'Shared')"));
    }

    [Fact]
    public async Task Flags_a_lazy_client_and_an_awaited_getter()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            static class Singleton
            {
                private static readonly Lazy<HttpClient> Lazy = new Lazy<HttpClient>(() =>
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(30);
                    return client;
                });

                public static HttpClient Instance => Lazy.Value;

                public static void Tag(string id) => {|#0:Lazy.Value.DefaultRequestHeaders.Add("X-Id", id)|};
            }

            class Api
            {
                private readonly HttpClient _client = new HttpClient();

                private async Task<HttpClient> GetClientAsync()
                {
                    await Task.Yield();
                    return _client;
                }

                public async Task CallAsync(string token)
                {
                    var shared = Singleton.Instance;
                    {|#1:shared.DefaultRequestHeaders.Add("X-Token", token)|};
                    var client = await GetClientAsync();
                    {|#2:client.DefaultRequestHeaders.Add("X-Token", token)|};
                    await client.GetAsync("x");
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            ExpectSeen(0, "DefaultRequestHeaders.Add", "'Lazy.Value'"),
            ExpectSeen(1, "DefaultRequestHeaders.Add", "'shared' (from Instance, the shared field 'Lazy.Value')"),
            ExpectSeen(2, "DefaultRequestHeaders.Add", "'client' (from GetClientAsync(), the shared field '_client')"));
    }

    [Fact]
    public async Task Flags_writes_through_fields_and_properties_of_a_base_class()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;

            abstract class ApiBase
            {
                protected readonly HttpClient Http = new HttpClient();
                private readonly HttpClient _inner = new HttpClient();
                protected HttpClient Client { get; } = new HttpClient();
                protected HttpClient Inner => _inner;
            }

            sealed class OrdersApi : ApiBase
            {
                public OrdersApi()
                {
                    Http.BaseAddress = new Uri("https://example.org/");
                    Client.DefaultRequestHeaders.Add("X-App", "me");
                    var inner = Inner;
                    inner.Timeout = TimeSpan.FromSeconds(10);
                }

                public void Call(string token)
                {
                    {|#0:Http.DefaultRequestHeaders.Add("X-Id", token)|};
                    {|#1:Client.Timeout = TimeSpan.FromSeconds(5)|};
                    {|#2:Inner.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    {|#3:base.Client.DefaultRequestHeaders.Clear()|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            ExpectSeen(0, "DefaultRequestHeaders.Add", "'Http' (declared in the base class 'ApiBase')"),
            ExpectSeen(1, "Timeout", "'Client' (declared in the base class 'ApiBase')"),
            ExpectSeen(2, "DefaultRequestHeaders.Authorization", "'Inner' (the shared field '_inner')"),
            ExpectSeen(3, "DefaultRequestHeaders.Clear", "'Client' (declared in the base class 'ApiBase')"));
    }

    [Fact]
    public async Task Flags_a_base_class_from_a_referenced_assembly()
    {
        // The base class is compiled into a DLL (as a build sees another project): fields, and auto-properties by the
        // compiler's mark on their getter. A computed property there cannot be read: silent.
        var library = await CompileLibraryAsync("""
            using System.Net.Http;

            namespace Lib
            {
                public abstract class ApiBase
                {
                    private static readonly HttpClient Shared = new HttpClient();
                    protected readonly HttpClient Http = new HttpClient();
                    protected HttpClient Client { get; } = new HttpClient();
                    protected HttpClient Computed => Shared;
                }
            }
            """);
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SharedHttpClientMutationAnalyzer, DefaultVerifier>
        {
            TestCode = """
                using System;
                using System.Net.Http;

                sealed class OrdersApi : Lib.ApiBase
                {
                    public OrdersApi() => Http.BaseAddress = new Uri("https://example.org/");

                    public void Call(string token)
                    {
                        {|#0:Http.DefaultRequestHeaders.Add("X-Id", token)|};
                        {|#1:Client.Timeout = TimeSpan.FromSeconds(5)|};
                        Computed.DefaultRequestHeaders.Add("X-Id", token);
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.AdditionalReferences.Add(library);
        test.ExpectedDiagnostics.Add(ExpectSeen(0, "DefaultRequestHeaders.Add", "'Http' (declared in the base class 'ApiBase')"));
        test.ExpectedDiagnostics.Add(ExpectSeen(1, "Timeout", "'Client' (declared in the base class 'ApiBase')"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Flags_writes_whose_value_or_argument_does_not_bind()
    {
        // A type the build cannot see (CS0246) or a name being typed (CS0103): the write itself is fully visible.
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public void Call(string token)
                {
                    {|#0:_client.DefaultRequestHeaders.Add("X-Id", {|CS0103:Missing|}.Value)|};
                    {|#1:_client.DefaultRequestHeaders.Accept.Add(new {|CS0246:MissingHeader|}("x"))|};
                    {|#2:_client.DefaultRequestHeaders.Authorization = new {|CS0246:MissingAuth|}(token)|};
                    {|#3:_client.Timeout = {|CS0103:Settings|}.Timeout|};
                    {|#4:_client.DefaultRequestHeaders.TryAddWithoutValidation("X-Id", token.{|CS1061:Missing|})|};
                    var client = _client;
                    {|#5:client.DefaultRequestHeaders.Remove({|CS0103:Missing|}.Name)|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Expect(0, "DefaultRequestHeaders.Add", "_client"),
            Expect(1, "DefaultRequestHeaders.Accept.Add", "_client"),
            Expect(2, "DefaultRequestHeaders.Authorization", "_client"),
            Expect(3, "Timeout", "_client"),
            Expect(4, "DefaultRequestHeaders.TryAddWithoutValidation", "_client"),
            ExpectSeen(5, "DefaultRequestHeaders.Remove", "'client' (the shared field '_client')"));
    }

    [Fact]
    public async Task Flags_a_call_that_hands_the_shared_client_to_a_helper_that_changes_it()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            static class HttpClientExtensions
            {
                public static void SetBearerToken(this HttpClient client, string token) =>
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

                public static HttpClient WithTenant(this HttpClient client, string tenant)
                {
                    client.DefaultRequestHeaders.Add("X-Tenant", tenant);
                    return client;
                }
            }

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                private static void Configure(HttpClient c, TimeSpan timeout)
                {
                    c.Timeout = timeout;
                }

                public async Task CallAsync(string token, string tenant)
                {
                    {|#0:_client.SetBearerToken(token)|};
                    await {|#1:_client.WithTenant(tenant)|}.GetAsync("x");
                    var alias = _client;
                    {|#2:HttpClientExtensions.SetBearerToken(alias, token)|};
                    {|#3:Configure(_client, TimeSpan.FromSeconds(1))|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Expect(0, "DefaultRequestHeaders.Authorization (in SetBearerToken)", "_client"),
            Expect(1, "DefaultRequestHeaders.Add (in WithTenant)", "_client"),
            ExpectSeen(2, "DefaultRequestHeaders.Authorization (in SetBearerToken)", "'alias' (the shared field '_client')"),
            Expect(3, "Timeout (in Configure)", "_client"));
    }

    // ---- negatives ----

    [Fact]
    public async Task Does_not_flag_helpers_given_a_client_that_is_not_shared_or_that_do_not_change_it_now()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using Microsoft.Extensions.DependencyInjection;

            static class HttpClientExtensions
            {
                public static void SetBearerToken(this HttpClient client, string token) =>
                    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

                public static bool HasToken(this HttpClient client) => client.DefaultRequestHeaders.Authorization != null;

                public static Action Later(HttpClient client) => () => client.Timeout = TimeSpan.FromSeconds(1);

                public static void Fresh(HttpClient client)
                {
                    client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(1);
                }

                public static void Sign(HttpRequestMessage request, HttpClient client) => request.Headers.Add("X-Sig", "1");
            }

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();
                private readonly HttpClient _own = new HttpClient();

                public Api(string token)
                {
                    _own.SetBearerToken(token);
                }

                protected virtual void Apply(HttpClient client) => client.Timeout = TimeSpan.FromSeconds(1);

                public void Call(string token, HttpRequestMessage request)
                {
                    var created = new HttpClient();
                    created.SetBearerToken(token);
                    _client.HasToken();
                    HttpClientExtensions.Later(_client);
                    HttpClientExtensions.Fresh(_client);
                    HttpClientExtensions.Sign(request, _client);
                    Apply(_client);
                }

                public static void Register(IServiceCollection services, string token) =>
                    services.AddHttpClient("x", c => c.SetBearerToken(token));
            }
            """;
        await Verify.VerifyAsync(source);
    }


    [Fact]
    public async Task Does_not_flag_aliases_of_clients_that_are_not_shared()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();
                private readonly HttpClient _own;
                private readonly IHttpClientFactory _factory;
                private HttpClient? _current;

                public Api(HttpClient own, IHttpClientFactory factory)
                {
                    _own = own;
                    _factory = factory;
                    var alias = _own;
                    alias.BaseAddress = new Uri("https://example.org/");
                }

                private static HttpClient Create()
                {
                    var c = new HttpClient();
                    c.Timeout = TimeSpan.FromSeconds(5);
                    return c;
                }

                private HttpClient Replace()
                {
                    _current = new HttpClient();
                    return _current;
                }

                private HttpClient FromFactory() => _factory.CreateClient("x");

                protected virtual HttpClient Overridable() => _own;

                public HttpClient Lazy()
                {
                    if (_current == null)
                    {
                        _current = new HttpClient();
                        var a = _current;
                        a.Timeout = TimeSpan.FromSeconds(5);
                    }

                    return _current;
                }

                public void Call(string token, bool flag)
                {
                    var created = new HttpClient();
                    created.Timeout = TimeSpan.FromSeconds(5);
                    var fresh = Create();
                    fresh.DefaultRequestHeaders.Add("X-Id", token);
                    var replaced = Replace();
                    replaced.Timeout = TimeSpan.FromSeconds(5);
                    var fromFactory = FromFactory();
                    fromFactory.BaseAddress = new Uri("https://example.org/");
                    var overridable = Overridable();
                    overridable.Timeout = TimeSpan.FromSeconds(5);
                    var mixed = flag ? _client : new HttpClient();
                    mixed.Timeout = TimeSpan.FromSeconds(5);
                    HttpClient reassigned = _client;
                    reassigned = new HttpClient();
                    reassigned.Timeout = TimeSpan.FromSeconds(5);
                    var stored = new HttpClient();
                    _current = stored;
                    stored.Timeout = TimeSpan.FromSeconds(5);
                }

                public static void Register(IServiceCollection services) =>
                    services.AddHttpClient("x", c =>
                    {
                        var configured = c;
                        configured.BaseAddress = new Uri("https://example.org/");
                    });
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Does_not_flag_writes_with_syntax_errors_even_when_an_argument_does_not_bind()
    {
        const string source = """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public void Call(string token)
                {
                    _client.DefaultRequestHeaders.Add("X-Id", Missing.)
                    var client = _client;
                    client.DefaultRequestHeaders.Add("X-Id", (token
                    _client.Timeout = Settings.Timeout
                }
            }
            """;
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SharedHttpClientMutationAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        await test.RunAsync();
    }


    [Fact]
    public async Task Does_not_flag_construction()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;

            class Api
            {
                private static readonly HttpClient Shared;
                private readonly HttpClient _client;
                private readonly HttpClient _inline = new HttpClient { BaseAddress = new Uri("https://example.org/"), Timeout = TimeSpan.FromSeconds(10) };
                private static HttpClient Built { get; } = Build();

                static Api()
                {
                    Shared = new HttpClient();
                    Shared.BaseAddress = new Uri("https://example.org/");
                    Shared.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                }

                public Api(HttpClient client)
                {
                    _client = client;
                    _client.BaseAddress = new Uri("https://example.org/");
                    _client.DefaultRequestHeaders.UserAgent.ParseAdd("me/1.0");
                    this._client.Timeout = TimeSpan.FromSeconds(3);
                }

                private static HttpClient Build()
                {
                    var client = new HttpClient();
                    client.DefaultRequestHeaders.Add("X-App", "me");
                    client.Timeout = TimeSpan.FromSeconds(30);
                    return client;
                }
            }

            class Derived : Api
            {
                public Derived(HttpClient client) : base(client) { }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Does_not_flag_lazy_initialization_or_factory_configuration()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            class Api
            {
                private HttpClient? _client;
                private static readonly object Gate = new object();

                public HttpClient Client
                {
                    get
                    {
                        if (_client == null)
                        {
                            _client = new HttpClient();
                            _client.BaseAddress = new Uri("https://example.org/");
                            _client.DefaultRequestHeaders.Add("X-App", "me");
                        }

                        return _client;
                    }
                }

                public void Reset()
                {
                    _client = new HttpClient();
                    _client.Timeout = TimeSpan.FromSeconds(5);
                }

                public static void Register(IServiceCollection services)
                {
                    services.AddHttpClient("github", c =>
                    {
                        c.BaseAddress = new Uri("https://api.github.com/");
                        c.DefaultRequestHeaders.Add("User-Agent", "me");
                    });
                    services.AddHttpClient("other", c => c.Timeout = TimeSpan.FromSeconds(5));
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Does_not_flag_reads_requests_locals_or_computed_properties()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();
                private readonly IHttpClientFactory _factory;
                public Api(IHttpClientFactory factory) => _factory = factory;
                private HttpClient Fresh => _factory.CreateClient("x");

                public async Task<string> GetAsync(string token)
                {
                    var timeout = _client.Timeout;
                    var hasAuth = _client.DefaultRequestHeaders.Authorization != null;
                    var count = _client.DefaultRequestHeaders.Accept.Count;
                    using var request = new HttpRequestMessage(HttpMethod.Get, "x");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var fresh = Fresh;
                    fresh.DefaultRequestHeaders.Add("X-Id", token);
                    Fresh.DefaultRequestHeaders.Add("X-Id", token);
                    var local = new HttpClient();
                    local.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await _client.SendAsync(request);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Does_not_flag_startup_code_in_Main_or_top_level_statements()
    {
        const string main = """
            using System;
            using System.Net.Http;

            static class Program
            {
                private static readonly HttpClient Client = new HttpClient();

                static void Main()
                {
                    Client.BaseAddress = new Uri("https://example.org/");
                    Client.DefaultRequestHeaders.Add("X-App", "me");
                }
            }
            """;
        await AnalyzerVerifier<SharedHttpClientMutationAnalyzer>.VerifyProgramAsync(main);

        const string topLevel = """
            using System;
            using System.Net.Http;

            Holder.Client.BaseAddress = new Uri("https://example.org/");
            var client = new HttpClient();
            client.DefaultRequestHeaders.Add("X-App", "me");

            static class Holder
            {
                public static HttpClient Client { get; } = new HttpClient();
            }
            """;
        await AnalyzerVerifier<SharedHttpClientMutationAnalyzer>.VerifyProgramAsync(topLevel);
    }

    [Fact]
    public async Task Works_on_net48_and_netstandard20()
    {
        const string source = """
            using System.Net.Http;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public void Call(string id)
                {
                    {|SVH107:Client.DefaultRequestHeaders.Add("X-Id", id)|};
                }
            }
            """;
        await Verify.VerifyAsync(source, TestReferences.Net48);
        await Verify.VerifyAsync(source, TestReferences.NetStandard20);
    }

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        const string source = """
            using System.Net.Http;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public void Call(string id)
                {
                    Client.DefaultRequestHeaders.Add(
                    Client.DefaultRequestHeaders.Authorization = 
                    Missing.DefaultRequestHeaders.Add("X", id);
                    Client.BaseAddress = 
                }
            }
            """;
        var test = VerifyFix.Create(source, source, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    // ---- code fix ----

    [Fact]
    public async Task Fix_moves_the_authorization_header_onto_a_request()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task<string> GetAsync(string url, string token)
                {
                    // per-call token
                    {|SVH107:_client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|}; // trailing
                    var response = await _client.GetAsync(url);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task<string> GetAsync(string url, string token)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    // per-call token
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token); // trailing
                    var response = await _client.SendAsync(request);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_moves_several_headers_and_the_content_of_a_post()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;
                public Api(HttpClient client) => _client = client;

                public async Task PostAsync(string tenant, string body, CancellationToken ct)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Tenant", tenant)|};
                    {|SVH107:_client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"))|};
                    using var response = await _client.PostAsync($"orders/{tenant}", new StringContent(body), ct);
                    response.EnsureSuccessStatusCode();
                }
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;
                public Api(HttpClient client) => _client = client;

                public async Task PostAsync(string tenant, string body, CancellationToken ct)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, $"orders/{tenant}") { Content = new StringContent(body) };
                    request.Headers.Add("X-Tenant", tenant);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    using var response = await _client.SendAsync(request, ct);
                    response.EnsureSuccessStatusCode();
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_keeps_the_completion_option_and_uses_an_existing_request()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static HttpClient Client { get; } = new HttpClient();

                public async Task<long?> SizeAsync(Uri uri, string id)
                {
                    {|SVH107:Client.DefaultRequestHeaders.TryAddWithoutValidation("X-Id", id)|};
                    using var response = await Client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
                    return response.Content.Headers.ContentLength;
                }

                public async Task PutAsync(string id)
                {
                    var message = new HttpRequestMessage(HttpMethod.Put, "items");
                    {|SVH107:Client.DefaultRequestHeaders.Add("X-Id", id)|};
                    (await Client.SendAsync(message)).Dispose();
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static HttpClient Client { get; } = new HttpClient();

                public async Task<long?> SizeAsync(Uri uri, string id)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                    request.Headers.TryAddWithoutValidation("X-Id", id);
                    using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    return response.Content.Headers.ContentLength;
                }

                public async Task PutAsync(string id)
                {
                    var message = new HttpRequestMessage(HttpMethod.Put, "items");
                    message.Headers.Add("X-Id", id);
                    (await Client.SendAsync(message)).Dispose();
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_all_rewrites_each_group_with_its_own_request_name()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task SyncAsync(string id, string request)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    using var first = await _client.DeleteAsync("a/" + request);
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Other", id)|};
                    using var second = await _client.PatchAsync("b", new StringContent(id));
                }

                public async Task OtherAsync(string id) =>
                    await Task.Run(async () =>
                    {
                        {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                        return await _client.PutAsync("c", null);
                    });
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task SyncAsync(string id, string request)
                {
                    using var request2 = new HttpRequestMessage(HttpMethod.Delete, "a/" + request);
                    request2.Headers.Add("X-Id", id);
                    using var first = await _client.SendAsync(request2);
                    using var request3 = new HttpRequestMessage(HttpMethod.Patch, "b") { Content = new StringContent(id) };
                    request3.Headers.Add("X-Other", id);
                    using var second = await _client.SendAsync(request3);
                }

                public async Task OtherAsync(string id) =>
                    await Task.Run(async () =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Put, "c") { Content = null };
                        request.Headers.Add("X-Id", id);
                        return await _client.SendAsync(request);
                    });
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
        await VerifyFix.VerifyFixAllAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_reads_the_content_for_GetStringAsync_and_drops_a_Remove_before_the_same_Add()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> ForTenantAsync(string tenant, string url)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Remove("X-Tenant")|};
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Tenant", tenant)|};
                    return await _client.GetStringAsync(url);
                }

                public async Task<int> BytesAsync(string token, string url)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token)|};
                    var bytes = await _client.GetByteArrayAsync(url);
                    return bytes.Length;
                }
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Net.Http.Headers;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> ForTenantAsync(string tenant, string url)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Add("X-Tenant", tenant);
                    using var response = await _client.SendAsync(request);
                    return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                }

                public async Task<int> BytesAsync(string token, string url)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    using var response = await _client.SendAsync(request);
                    var bytes = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
                    return bytes.Length;
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
        await VerifyFix.VerifyFixAllAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_folds_a_per_call_BaseAddress_into_an_absolute_request_uri()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> FromAsync(string baseUrl, string path)
                {
                    {|SVH107:_client.BaseAddress = new Uri(baseUrl)|};
                    return await _client.GetStringAsync(path);
                }

                public async Task<int> StatusAsync(Uri root, string id, string path)
                {
                    {|SVH107:_client.BaseAddress = root|};
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    using var response = await _client.GetAsync(path);
                    return (int)response.StatusCode;
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> FromAsync(string baseUrl, string path)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl), path));
                    using var response = await _client.SendAsync(request);
                    return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                }

                public async Task<int> StatusAsync(Uri root, string id, string path)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(root, path));
                    request.Headers.Add("X-Id", id);
                    using var response = await _client.SendAsync(request);
                    return (int)response.StatusCode;
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
        await VerifyFix.VerifyFixAllAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_covers_TryAddWithoutValidation_groups_and_a_BaseAddress_before_a_post()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> ForTenantAsync(string tenant, string url)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Remove("X-Tenant")|};
                    {|SVH107:_client.DefaultRequestHeaders.TryAddWithoutValidation("X-Tenant", tenant)|};
                    return await _client.GetStringAsync(url);
                }

                public async Task<bool> PostAsync(string baseUrl, HttpContent content)
                {
                    {|SVH107:_client.BaseAddress = new Uri(baseUrl)|};
                    using var response = await _client.PostAsync("items", content);
                    return response.IsSuccessStatusCode;
                }

                public async Task<bool> GetAsync(string baseUrl)
                {
                    {|SVH107:_client.BaseAddress = new Uri(baseUrl)|};
                    using var response = await _client.GetAsync("items");
                    return response.IsSuccessStatusCode;
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client;

                public Api(HttpClient client) => _client = client;

                public async Task<string> ForTenantAsync(string tenant, string url)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.TryAddWithoutValidation("X-Tenant", tenant);
                    using var response = await _client.SendAsync(request);
                    return await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                }

                public async Task<bool> PostAsync(string baseUrl, HttpContent content)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(baseUrl), "items")) { Content = content };
                    using var response = await _client.SendAsync(request);
                    return response.IsSuccessStatusCode;
                }

                public async Task<bool> GetAsync(string baseUrl)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(baseUrl), "items"));
                    using var response = await _client.SendAsync(request);
                    return response.IsSuccessStatusCode;
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
        await VerifyFix.VerifyFixAllAsync(source, fixedSource);
    }

    [Fact]
    public async Task No_fix_when_the_change_cannot_move_onto_a_request()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task<string> A(string id)
                {
                    {|SVH107:_client.BaseAddress = new Uri("https://example.org/")|};
                    {|SVH107:_client.Timeout = TimeSpan.FromSeconds(1)|};
                    return await _client.GetStringAsync("x");
                }

                public async Task<string> B(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    return (await _client.GetStringAsync("x")).Trim();
                }

                public async Task B2(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Remove("X-Other")|};
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await _client.GetAsync("x");
                }

                public async Task C(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Clear()|};
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await _client.GetAsync("x");
                }

                public Task<HttpResponseMessage> D(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    return _client.GetAsync("x");
                }

                public async Task E(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await _client.GetAsync(await UrlAsync());
                }

                public async Task F(string id, bool b)
                {
                    if (b)
                        {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await _client.GetAsync("x");
                }

                public void G(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                }

                private static Task<string> UrlAsync() => Task.FromResult("x");
            }
            """;
        await VerifyFix.VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task No_fix_through_an_alias_or_for_a_call_that_does_not_bind()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task A(string id)
                {
                    var client = _client;
                    {|SVH107:client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await client.GetAsync("x");
                }

                public async Task B(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", {|CS0103:Missing|}.Value)|};
                    await _client.GetAsync("x");
                }
            }
            """;
        await VerifyFix.VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task No_fix_before_CSharp_8()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient _client = new HttpClient();

                public async Task A(string id)
                {
                    {|SVH107:_client.DefaultRequestHeaders.Add("X-Id", id)|};
                    await _client.GetAsync("x");
                }
            }
            """;
        var test = VerifyFix.Create(source, source, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3)));
        await test.RunAsync();
    }

    // ---- a wrapper's setter that passes its value on to the shared client ----

    private const string Wrapper = """
        using System;
        using System.Net.Http;

        public interface IRest
        {
            TimeSpan Timeout { get; set; }
        }

        public class Rest : IRest
        {
            private readonly HttpClient _http = new HttpClient();

            public TimeSpan Timeout
            {
                get { return _http.Timeout; }
                set { {|#0:_http.Timeout = value|}; }
            }

            public string Token
            {
                set { {|#1:_http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", value)|}; }
            }
        }
        """;

    [Fact]
    public async Task Ignores_a_wrapper_setter_whose_callers_configure_it_right_after_construction()
    {
        const string source = Wrapper + """

            class Options
            {
                private IRest _rest;
                private Rest _other;

                public IRest Rest => _rest ?? (_rest = new Rest { Timeout = TimeSpan.FromSeconds(30), Token = "t" });

                public Options()
                {
                    _other = new Rest();
                    _other.Timeout = TimeSpan.FromSeconds(5);
                }

                public Rest Make()
                {
                    var rest = new Rest();
                    rest.Token = "t";
                    rest.Timeout = TimeSpan.FromSeconds(10);
                    return rest;
                }
            }
            """;
        await Verify.VerifyAsync(source.Replace("{|#0:", "").Replace("{|#1:", "").Replace("|};", ";"));
    }

    [Fact]
    public async Task Flags_a_wrapper_setter_with_no_caller_in_the_compilation()
    {
        // Nothing shows it is construction-time configuration: another assembly may set it at any time.
        await Verify.VerifyAsync(Wrapper, Expect(0, "Timeout", "_http"), Expect(1, "DefaultRequestHeaders.Authorization", "_http"));
    }

    [Fact]
    public async Task Flags_a_wrapper_setter_that_a_caller_sets_after_the_wrapper_is_in_use()
    {
        const string source = Wrapper + """

            class Service
            {
                private readonly IRest _rest = new Rest();

                public void Login(string token)
                {
                    ((Rest)_rest).Token = token;
                }

                public void Slow(IRest rest)
                {
                    rest.Timeout = TimeSpan.FromMinutes(5);
                }
            }
            """;
        await Verify.VerifyAsync(source, Expect(0, "Timeout", "_http"), Expect(1, "DefaultRequestHeaders.Authorization", "_http"));
    }

    [Fact]
    public async Task Flags_a_wrapper_setter_configured_after_a_request_on_the_new_wrapper()
    {
        const string source = Wrapper + """

            class Service
            {
                public void Run()
                {
                    var rest = new Rest();
                    Console.WriteLine(rest.Timeout);
                    rest.Timeout = TimeSpan.FromMinutes(5);
                }
            }
            """;
        await Verify.VerifyAsync(source, Expect(0, "Timeout", "_http"), Expect(1, "DefaultRequestHeaders.Authorization", "_http"));
    }

    /// <summary>A DLL built from <paramref name="source"/> against the .NET 10 reference pack, as a build references another project.</summary>
    private static async Task<Microsoft.CodeAnalysis.MetadataReference> CompileLibraryAsync(string source)
    {
        var references = await TestReferences.Net100.ResolveAsync(Microsoft.CodeAnalysis.LanguageNames.CSharp, CancellationToken.None);
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Lib",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source)],
            references,
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        return Microsoft.CodeAnalysis.MetadataReference.CreateFromImage(image.ToArray());
    }

    private static DiagnosticResult Expect(int location, string member, string holder) =>
        new DiagnosticResult(Descriptors.SVH107).WithLocation(location).WithArguments(member, "'" + holder + "'");

    /// <summary>The second argument as the message shows it: what the write went through and where the client is held.</summary>
    private static DiagnosticResult ExpectSeen(int location, string member, string seen) =>
        new DiagnosticResult(Descriptors.SVH107).WithLocation(location).WithArguments(member, seen);
}
