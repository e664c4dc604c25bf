using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.HttpClientPerOperationAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.HttpClientPerOperationAnalyzer, SocketVsHttp.Http.HttpClientPerOperationFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH101Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    // ---- Positives -------------------------------------------------------------------------------------------

    [Fact]
    public Task Using_declaration_in_a_method_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Client_of_a_method_that_then_polls_for_its_life_is_not_reported() => Verify.VerifyAsync(Usings + """
        class Bot
        {
            // The method is the long-lived work: the client lives as long as the polling loop that uses it.
            public void Poll(Uri updates)
            {
                var client = new HttpClient();
                while (true)
                {
                    var text = client.GetStringAsync(updates).Result;
                    System.Threading.Thread.Sleep(1000);
                }
            }

            // A client per pass of the same loop is still one per request.
            public void PollBadly(Uri updates)
            {
                while (true)
                {
                    using var client = {|SVH101:new HttpClient()|};
                    var text = client.GetStringAsync(updates).Result;
                    System.Threading.Thread.Sleep(1000);
                }
            }

            // A loop that ends after one answer is not long-lived work.
            public string Once(Uri updates)
            {
                using var client = {|SVH101:new HttpClient()|};
                while (true)
                {
                    return client.GetStringAsync(updates).Result;
                }
            }
        }
        """);

    [Fact]
    public Task Using_statement_and_target_typed_new_are_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public string Get(Uri uri)
            {
                using (HttpClient client = {|SVH101:new()|})
                {
                    return client.GetStringAsync(uri).Result;
                }
            }
        }
        """);

    [Fact]
    public Task Explicit_dispose_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<int> CountAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                var text = await client.GetStringAsync(uri);
                client.Dispose();
                return text.Length;
            }
        }
        """);

    [Fact]
    public Task Client_kept_only_in_a_local_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public Task<string> GetAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                client.Timeout = TimeSpan.FromSeconds(5);
                return client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Client_used_inline_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public Task<string> GetAsync(Uri uri) => {|SVH101:new HttpClient()|}.GetStringAsync(uri);
        }
        """);

    [Fact]
    public Task Creation_inside_a_loop_is_reported_even_in_Main() => Verify.VerifyAsync(Usings + """
        public static class Program
        {
            public static async Task Main(string[] args)
            {
                foreach (var url in args)
                {
                    using var client = {|SVH101:new HttpClient()|};
                    Console.WriteLine(await client.GetStringAsync(url));
                }
            }
        }
        """);

    [Fact]
    public Task Lambda_handler_in_top_level_statements_is_reported() => Verify.VerifyProgramAsync(Usings + """
        Func<string, Task<string>> handler = async url =>
        {
            using var client = {|SVH101:new HttpClient()|};
            return await client.GetStringAsync(url);
        };
        Console.WriteLine(await handler("http://127.0.0.1/"));
        """);

    [Fact]
    public Task Loop_in_top_level_statements_is_reported() => Verify.VerifyProgramAsync(Usings + """
        for (var i = 0; i < 3; i++)
        {
            using var client = {|SVH101:new HttpClient()|};
            await client.GetStringAsync("http://127.0.0.1/");
        }
        """);

    [Fact]
    public Task Local_function_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> RunAsync(Uri uri)
            {
                return await Fetch();

                async Task<string> Fetch()
                {
                    using var client = {|SVH101:new HttpClient()|};
                    return await client.GetStringAsync(uri);
                }
            }
        }
        """);

    [Fact]
    public Task Property_accessor_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public Uri Target { get; } = new Uri("http://127.0.0.1/");

            public string Body
            {
                get
                {
                    using var client = {|SVH101:new HttpClient()|};
                    return client.GetStringAsync(Target).Result;
                }
            }
        }
        """);

    [Fact]
    public Task Subclass_of_HttpClient_is_reported() => Verify.VerifyAsync(Usings + """
        public sealed class GitHubClient : HttpClient { }

        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new GitHubClient()|};
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Controller_field_initializer_and_constructor_are_reported() => Verify.VerifyAsync(Usings + """
        using Microsoft.AspNetCore.Mvc;

        public class WeatherController : ControllerBase
        {
            private readonly HttpClient _client = {|SVH101:new HttpClient()|};
        }

        public class PagesModel : Microsoft.AspNetCore.Mvc.RazorPages.PageModel
        {
            private readonly HttpClient _client;

            public PagesModel() => _client = {|SVH101:new HttpClient()|};
        }

        public class ChatHub : Microsoft.AspNetCore.SignalR.Hub
        {
            private HttpClient Client { get; } = {|SVH101:new HttpClient()|};
        }
        """);

    [Fact]
    public Task Helper_that_returns_a_new_client_is_reported_at_the_call_site() => Verify.VerifyAsync(Usings + """
        public static class Clients
        {
            internal static HttpClient CreateClient() => new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        }

        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:Clients.CreateClient()|};
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Message_says_why() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public Task<string> GetAsync(Uri uri) => new HttpClient().GetStringAsync(uri);
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithSpan(7, 46, 7, 62).WithArguments("per call and used for this call only"));

    // ---- Negatives: correct code doing the same job ----------------------------------------------------------

    [Fact]
    public Task Static_fields_properties_and_static_constructors_are_not_reported() => Verify.VerifyAsync(Usings + """
        public static class Shared
        {
            private static readonly HttpClient Client = new HttpClient();
            public static HttpClient Other { get; } = new HttpClient();
            private static readonly HttpClient Third;
            private static readonly Lazy<HttpClient> LazyClient = new(() => new HttpClient());

            static Shared() => Third = new HttpClient();
        }
        """);

    [Fact]
    public Task Lazy_static_assignment_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private static HttpClient? client;

            public Task<string> GetAsync(Uri uri)
            {
                client ??= new HttpClient();
                return client.GetStringAsync(uri);
            }

            public void Reset() => client = new HttpClient();
        }
        """);

    [Fact]
    public Task Long_lived_owner_constructor_and_instance_initializers_are_not_reported() => Verify.VerifyAsync(Usings + """
        public sealed class WeatherService : IDisposable
        {
            private readonly HttpClient _client;
            private readonly HttpClient _second = new HttpClient();

            public WeatherService() => _client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

            public Task<string> GetAsync(Uri uri) => _client.GetStringAsync(uri);

            public void Dispose() => _client.Dispose();
        }

        public static class Composition
        {
            public static object Build() => new Consumer(new HttpClient());
        }

        public sealed class Consumer
        {
            private readonly HttpClient _client;
            public Consumer(HttpClient client) => _client = client;
        }
        """);

    [Fact]
    public Task Factory_registration_and_returned_clients_are_not_reported() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.DependencyInjection;

        public static class Startup
        {
            public static void Configure(IServiceCollection services, IHttpClientFactory factory)
            {
                services.AddSingleton(_ => new HttpClient());
                services.AddSingleton(new HttpClient());
                services.AddHttpClient("github", c => c.BaseAddress = new Uri("https://api.github.com/"));
                var fromFactory = factory.CreateClient("github");
                fromFactory.Dispose();
            }

            public static HttpClient Create() => new HttpClient();

            public static List<HttpClient> Pool()
            {
                var clients = new List<HttpClient>();
                clients.Add(new HttpClient());
                return clients;
            }
        }
        """);

    [Fact]
    public Task Main_and_top_level_statements_outside_loops_are_not_reported() => Verify.VerifyProgramAsync(Usings + """
        using var client = new HttpClient();
        Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
        """);

    [Fact]
    public Task Static_Main_outside_a_loop_is_not_reported() => Verify.VerifyAsync(Usings + """
        public static class Program
        {
            public static async Task Main()
            {
                using var client = new HttpClient();
                Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
            }
        }
        """);

    [Fact]
    public Task Client_handed_to_a_captured_closure_or_field_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private HttpClient? _client;

            public Func<Task<string>> Build(Uri uri)
            {
                var client = new HttpClient();
                return () => client.GetStringAsync(uri);
            }

            public void Init()
            {
                var client = new HttpClient();
                _client = client;
            }
        }
        """);

    [Fact]
    public Task Virtual_helper_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            protected virtual HttpClient CreateClient() => new HttpClient();

            public async Task<string> GetAsync(Uri uri)
            {
                var client = CreateClient();
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Compilation_without_HttpClient_is_silent() => Verify.VerifyWithoutStubsAsync("""
        public class HttpClient : System.IDisposable { public void Dispose() { } }
        public class Api
        {
            public void Run()
            {
                using var client = new HttpClient();
            }
        }
        """, TestReferences.Net48.WithAssemblies([.. new[] { "mscorlib", "System" }]));

    // ---- Helpers that create, configure and return a client -----------------------------------------------------

    [Fact]
    public Task Private_helper_that_configures_a_local_is_reported_at_its_creation() => Verify.VerifyAsync(Usings + """
        using System.Net.Http.Headers;

        public class WeatherApi
        {
            private static HttpClient CreateClient(string baseUrl)
            {
                var client = {|#0:new HttpClient { BaseAddress = new Uri(baseUrl) }|};
                client.Timeout = TimeSpan.FromSeconds(10);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return client;
            }

            public async Task<string> GetAsync(string baseUrl)
            {
                using var client = {|#1:CreateClient(baseUrl)|};
                return await client.GetStringAsync("forecast");
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithLocation(0).WithLocation(1)
            .WithArguments("in helper 'CreateClient' on every call, and 'GetAsync' disposes it at the end of each call"));

    [Fact]
    public Task Helper_called_in_a_loop_and_inline_is_reported_once_with_every_call_site() => Verify.VerifyAsync(Usings + """
        public class Crawler
        {
            private HttpClient NewClient()
            {
                HttpClient client = {|#0:new()|};
                client.DefaultRequestHeaders.Add("User-Agent", "crawler");
                return client;
            }

            public async Task CrawlAsync(IEnumerable<Uri> pages)
            {
                foreach (var page in pages)
                {
                    var client = {|#1:NewClient()|};
                    await client.GetStringAsync(page);
                }
            }

            public Task<string> PeekAsync(Uri uri) => {|#2:NewClient()|}.GetStringAsync(uri);
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithLocation(0).WithLocation(1).WithLocation(2)
            .WithArguments("in helper 'NewClient' on every call, and 'CrawlAsync' calls it inside a loop (1 more call site alike)"));

    [Fact]
    public Task Protected_helper_that_may_use_a_factory_is_reported_at_the_new_client() => Verify.VerifyAsync(Usings + """
        public abstract class EndpointBase
        {
            private readonly IHttpClientFactory? _factory;
            private readonly string _key;

            protected EndpointBase(IHttpClientFactory? factory, string key)
            {
                _factory = factory;
                _key = key;
            }

            protected HttpClient GetClient()
            {
                HttpClient client;
                if (_factory != null)
                {
                    client = _factory.CreateClient();
                }
                else
                {
                    client = {|#0:new HttpClient()|};
                }

                client.DefaultRequestHeaders.Add("api-key", _key);
                return client;
            }

            private async Task<string> SendAsync(string url)
            {
                using var client = {|#1:GetClient()|};
                return await client.GetStringAsync(url);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithLocation(0).WithLocation(1)
            .WithArguments("in helper 'GetClient' on every call, and 'SendAsync' disposes it at the end of each call"));

    [Fact]
    public Task Helper_whose_factory_type_does_not_bind_is_still_reported() => Verify.VerifyAsync(Usings + """
        public class Endpoint
        {
            private readonly {|CS0246:IMissingFactory|} _factory;

            public Endpoint({|CS0246:IMissingFactory|} factory) => _factory = factory;

            private HttpClient GetClient()
            {
                HttpClient client;
                if (_factory != null)
                {
                    client = _factory.CreateClient();
                }
                else
                {
                    client = {|SVH101:new HttpClient()|};
                }

                return client;
            }

            public async Task<string> GetAsync(Uri uri)
            {
                using var client = GetClient();
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Helper_that_only_uses_the_factory_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private readonly IHttpClientFactory _factory;

            public Api(IHttpClientFactory factory) => _factory = factory;

            private HttpClient GetClient()
            {
                var client = _factory.CreateClient("api");
                client.DefaultRequestHeaders.Add("api-key", "key");
                return client;
            }

            public async Task<string> GetAsync(Uri uri)
            {
                using var client = GetClient();
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Private_expression_bodied_helper_is_reported_at_its_creation() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private static HttpClient CreateClient() => {|SVH101:new HttpClient { Timeout = TimeSpan.FromSeconds(10) }|};

            public async Task<string> GetAsync(Uri uri)
            {
                using (var client = CreateClient())
                {
                    return await client.GetStringAsync(uri);
                }
            }
        }
        """);

    [Fact]
    public Task Helper_of_another_type_is_reported_at_the_call_site_with_its_creation() => Verify.VerifyAsync(Usings + """
        public static class ApiHelper
        {
            public static HttpClient GetHttpClient(string url)
            {
                var client = {|#1:new HttpClient { BaseAddress = new Uri(url) }|};
                client.DefaultRequestHeaders.Accept.Clear();
                return client;
            }
        }

        public class Orders
        {
            public async Task<string> ListAsync()
            {
                using var client = {|#0:ApiHelper.GetHttpClient("https://shop.example/")|};
                return await client.GetStringAsync("orders");
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithLocation(0).WithLocation(1)
            .WithArguments("per call and disposed at its end by 'GetHttpClient'"));

    [Fact]
    public Task Helper_whose_client_a_caller_keeps_is_not_reported_in_the_helper() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private static readonly HttpClient Shared = CreateClient();
            private readonly HttpClient _client;
            private static readonly Lazy<HttpClient> LazyClient = new Lazy<HttpClient>(CreateOther);

            public Api() => _client = CreateOther();

            private static HttpClient CreateClient()
            {
                var client = new HttpClient();
                client.Timeout = TimeSpan.FromSeconds(5);
                return client;
            }

            private static HttpClient CreateOther()
            {
                var client = new HttpClient();
                client.BaseAddress = new Uri("https://api.example/");
                return client;
            }

            public Task<string> GetAsync(Uri uri) => Shared.GetStringAsync(uri);

            public async Task<string> ProbeAsync(Uri uri)
            {
                // A per-call use of a helper whose client another caller keeps: reported here, at the call.
                using var client = {|SVH101:CreateClient()|};
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Helper_called_only_from_a_constructor_or_entry_point_is_not_reported() => Verify.VerifyAsync(Usings + """
        public class Service
        {
            private readonly HttpClient _client;

            public Service() => _client = Create();

            private HttpClient Create()
            {
                var client = new HttpClient();
                client.DefaultRequestHeaders.Add("Accept", "application/json");
                return client;
            }

            public Task<string> GetAsync(Uri uri) => _client.GetStringAsync(uri);
        }

        public static class Program
        {
            private static HttpClient Build()
            {
                var client = new HttpClient();
                client.Timeout = TimeSpan.FromSeconds(30);
                return client;
            }

            public static async Task Main()
            {
                using var client = Build();
                Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
            }
        }
        """);

    [Fact]
    public Task Helpers_that_cache_or_use_the_client_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            private static HttpClient? _cached;
            private HttpClient? _instance;

            private static HttpClient Cached()
            {
                if (_cached == null)
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    _cached = client;
                }

                return _cached;
            }

            private HttpClient Instance() => _instance ??= new HttpClient();

            private static async Task<HttpClient> WarmedUp(Uri uri)
            {
                var client = new HttpClient();
                await client.GetStringAsync(uri);
                return client;
            }

            public async Task<string> GetAsync(Uri uri)
            {
                var first = await Cached().GetStringAsync(uri);
                var second = await Instance().GetStringAsync(uri);
                return first + second;
            }

            public async Task<string> WarmAsync(Uri uri) => await (await WarmedUp(uri)).GetStringAsync(uri);
        }
        """);

    [Fact]
    public Task Helper_used_by_a_nested_type_is_not_reported_in_the_helper() => Verify.VerifyAsync(Usings + """
        public class Outer
        {
            private static HttpClient Create()
            {
                var client = new HttpClient();
                client.Timeout = TimeSpan.FromSeconds(5);
                return client;
            }

            public Task<string> GetAsync(Uri uri) => {|SVH101:Create()|}.GetStringAsync(uri);

            public sealed class Holder
            {
                public HttpClient Client { get; } = Create();
            }
        }
        """);

    // ---- An instance field overwritten on every call by the only member that uses it -------------------------------

    [Fact]
    public Task Field_overwritten_on_every_call_by_its_only_user_is_reported() => Verify.VerifyAsync(Usings + """
        public class Downloader
        {
            private HttpClient _client;

            public async Task<string> DownloadAsync(Uri uri)
            {
                _client = {|#0:new HttpClient()|};
                _client.Timeout = TimeSpan.FromSeconds(10);
                var response = await _client.GetAsync(uri);
                return await response.Content.ReadAsStringAsync();
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH101).WithLocation(0)
            .WithArguments("on every call of 'DownloadAsync' and kept in field '_client', which only 'DownloadAsync' uses"));

    [Fact]
    public Task Field_overwritten_in_a_loop_is_reported() => Verify.VerifyAsync(Usings + """
        public class Poller
        {
            private HttpClient client;

            public async Task PollAsync(IEnumerable<Uri> targets)
            {
                foreach (var target in targets)
                {
                    client?.Dispose();
                    this.client = {|SVH101:new HttpClient()|};
                    await client.GetStringAsync(target);
                }
            }
        }
        """);

    [Fact]
    public Task Fields_that_live_longer_than_a_call_are_not_reported() => Verify.VerifyAsync(Usings + """
        public class Lazy1
        {
            private HttpClient? _client;

            public async Task<string> GetAsync(Uri uri)
            {
                if (_client == null)
                {
                    _client = new HttpClient();
                }

                return await _client.GetStringAsync(uri);
            }
        }

        public class UsedElsewhere
        {
            private HttpClient _client = null!;

            public void Connect() => _client = new HttpClient();

            public Task<string> GetAsync(Uri uri) => _client.GetStringAsync(uri);
        }

        public class OnceFlag
        {
            private bool _ready;
            private HttpClient _client = null!;

            public async Task<string> GetAsync(Uri uri)
            {
                if (!_ready)
                {
                    _client = new HttpClient();
                    _ready = true;
                }

                return await _client.GetStringAsync(uri);
            }
        }

        public class Handed
        {
            private HttpClient _client = null!;
            public HttpClient Client => _client;

            public Task<string> GetAsync(Uri uri)
            {
                _client = new HttpClient();
                return _client.GetStringAsync(uri);
            }
        }

        public class NeverSends
        {
            private HttpClient _client = null!;

            public void Reset()
            {
                _client = new HttpClient();
                _client.Timeout = TimeSpan.FromSeconds(1);
            }
        }

        public class PublicField
        {
            public HttpClient Client = null!;

            public Task<string> GetAsync(Uri uri)
            {
                Client = new HttpClient();
                return Client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash() => AnalyzerRunner.AssertNoCrashAsync(new HttpClientPerOperationAnalyzer(), Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient(
                return await client.GetStringAsync(uri)
            }

            public void Other() { var c = new HttpClient(unknown) { Foo = 1 }; c.Dispose() }
            HttpClient Make() => new
        """);
}

public class SVH101FixTests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Using_declaration_becomes_the_shared_field() => VerifyFix.VerifyAsync(Usings + """
        public static class StatusClient
        {
            public static async Task<string> GetStatusAsync(Uri uri)
            {
                // one client per call
                using var client = {|SVH101:new HttpClient()|};
                return await client.GetStringAsync(uri);
            }
        }
        """, Usings + """
        public static class StatusClient
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public static async Task<string> GetStatusAsync(Uri uri)
            {
                // one client per call
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Using_statement_is_unwrapped_and_explicit_dispose_removed() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public string Get(Uri uri)
            {
                using (var client = {|SVH101:new HttpClient()|})
                {
                    // read the body
                    return client.GetStringAsync(uri).Result;
                }
            }

            public async Task<int> CountAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                var text = await client.GetStringAsync(uri);
                client.Dispose();
                return text.Length;
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public string Get(Uri uri)
            {
                // read the body
                return SharedHttpClient.GetStringAsync(uri).Result;
            }

            public async Task<int> CountAsync(Uri uri)
            {
                var text = await SharedHttpClient.GetStringAsync(uri);
                return text.Length;
            }
        }
        """);

    [Fact]
    public Task Guarded_dispose_that_is_the_body_of_an_if_leaves_an_empty_block() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<int> CountAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return (await client.GetStringAsync(uri)).Length;
                }
                finally
                {
                    if (uri.IsAbsoluteUri) client.Dispose();
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<int> CountAsync(Uri uri)
            {
                try
                {
                    return (await SharedHttpClient.GetStringAsync(uri)).Length;
                }
                finally
                {
                    if (uri.IsAbsoluteUri)
                    {
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Dispose_in_a_finally_unwraps_the_try() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<int> CountAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                // read it all
                try
                {
                    var text = await client.GetStringAsync(uri);
                    // count the characters
                    return text.Length;
                }
                finally
                {
                    client.Dispose();
                }
            }

            public async Task<string> GetAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    client?.Dispose();
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<int> CountAsync(Uri uri)
            {
                // read it all
                var text = await SharedHttpClient.GetStringAsync(uri);
                // count the characters
                return text.Length;
            }

            public async Task<string> GetAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Null_checked_dispose_in_a_finally_goes_with_its_if() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                HttpClient? client = null;
                client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    if (client != null) client.Dispose();
                }
            }

            public async Task<string> BracedAsync(Uri uri, bool owned)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    if (owned && client is not null)
                    {
                        client.Dispose();
                    }
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri)
            {
                HttpClient? client = null;
                client = SharedHttpClient;
                return await client.GetStringAsync(uri);
            }

            public async Task<string> BracedAsync(Uri uri, bool owned)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Emptied_finally_of_a_try_with_catches_goes_and_the_catches_stay() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                catch (HttpRequestException)
                {
                    return "";
                }
                finally
                {
                    client.Dispose();
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                catch (HttpRequestException)
                {
                    return "";
                }
            }
        }
        """);

    [Fact]
    public Task Finally_that_does_more_and_a_using_of_another_resource_stay() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public int Calls;

            public async Task<string> GetAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    client.Dispose();
                    Calls++;
                }
            }

            public async Task<int> PostAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                using (var content = new StringContent("ping"))
                {
                    try
                    {
                        var response = await client.PostAsync(uri, content);
                        return (int)response.StatusCode;
                    }
                    finally
                    {
                        client.Dispose();
                    }
                }
            }

            public async Task<string> CommentedAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    client.Dispose();
                    // nothing else to release
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            public int Calls;

            public async Task<string> GetAsync(Uri uri)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                finally
                {
                    Calls++;
                }
            }

            public async Task<int> PostAsync(Uri uri)
            {
                using (var content = new StringContent("ping"))
                {
                    var response = await SharedHttpClient.PostAsync(uri, content);
                    return (int)response.StatusCode;
                }
            }

            public async Task<string> CommentedAsync(Uri uri)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                finally
                {
                    // nothing else to release
                }
            }
        }
        """);

    [Fact]
    public Task Guard_with_side_effects_and_clashing_locals_keep_what_they_need() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            private bool Owned() => true;

            public async Task<int> CountAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return (await client.GetStringAsync(uri)).Length;
                }
                finally
                {
                    if (Owned()) client.Dispose();
                }
            }

            public async Task<int> TwiceAsync(Uri uri, bool again)
            {
                var client = {|SVH101:new HttpClient()|};
                var total = 0;
                try
                {
                    var text = await client.GetStringAsync(uri);
                    total += text.Length;
                }
                finally
                {
                    client.Dispose();
                }

                if (again)
                {
                    var text = "again";
                    total += text.Length;
                }

                return total;
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            private bool Owned() => true;

            public async Task<int> CountAsync(Uri uri)
            {
                try
                {
                    return (await SharedHttpClient.GetStringAsync(uri)).Length;
                }
                finally
                {
                    if (Owned())
                    {
                    }
                }
            }

            public async Task<int> TwiceAsync(Uri uri, bool again)
            {
                var total = 0;
                {
                    var text = await SharedHttpClient.GetStringAsync(uri);
                    total += text.Length;
                }

                if (again)
                {
                    var text = "again";
                    total += text.Length;
                }

                return total;
            }
        }
        """);

    [Fact]
    public Task Dispose_that_is_an_else_branch_takes_the_else_along() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri, bool quiet)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    if (quiet) Console.WriteLine(); else if (client != null) client.Dispose();
                }
            }

            public async Task<string> BracedAsync(Uri uri, bool quiet)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    if (quiet)
                    {
                        Console.WriteLine();
                    }
                    else
                    {
                        client.Dispose();
                    }
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri, bool quiet)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                finally
                {
                    if (quiet) Console.WriteLine();
                }
            }

            public async Task<string> BracedAsync(Uri uri, bool quiet)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                finally
                {
                    if (quiet)
                    {
                        Console.WriteLine();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Finally_with_code_under_if_keeps_it() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
        #if TRACE_CALLS
                    Console.WriteLine("done");
        #endif
                    client.Dispose();
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri)
            {
                try
                {
                    return await SharedHttpClient.GetStringAsync(uri);
                }
                finally
                {
        #if TRACE_CALLS
                    Console.WriteLine("done");
        #endif
                }
            }
        }
        """);

    [Fact]
    public Task Inline_target_typed_and_configured_creations_keep_their_settings() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public Task<string> GetAsync(Uri uri) => {|SVH101:new HttpClient()|}.GetStringAsync(uri);

            public async Task<string> SlowAsync(Uri uri)
            {
                using HttpClient client = {|SVH101:new() { Timeout = TimeSpan.FromSeconds(30) }|};
                return await client.GetStringAsync(uri);
            }

            public async Task<string> NoRedirectAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false })|};
                return await client.GetStringAsync(uri);
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static readonly HttpClient SharedHttpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) };
            private static readonly HttpClient SharedHttpClient3 = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public Task<string> GetAsync(Uri uri) => SharedHttpClient.GetStringAsync(uri);

            public async Task<string> SlowAsync(Uri uri)
            {
                return await SharedHttpClient2.GetStringAsync(uri);
            }

            public async Task<string> NoRedirectAsync(Uri uri)
            {
                return await SharedHttpClient3.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Fix_all_shares_one_field_per_type_and_configuration() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> FirstAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                return await client.GetStringAsync(uri);
            }

            public async Task<string> SecondAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                return await client.GetStringAsync(uri);
            }
        }

        public class Other
        {
            public Task<string> ThirdAsync(Uri uri) => {|SVH101:new HttpClient()|}.GetStringAsync(uri);
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> FirstAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }

            public async Task<string> SecondAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }

        public class Other
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public Task<string> ThirdAsync(Uri uri) => SharedHttpClient.GetStringAsync(uri);
        }
        """);

    [Fact]
    public Task Subclass_keeps_its_own_constructor() => VerifyFix.VerifyAsync(Usings + """
        public sealed class GitHubClient : HttpClient { }

        public class Api
        {
            public Task<string> GetAsync(Uri uri) => {|SVH101:new GitHubClient()|}.GetStringAsync(uri);
        }
        """, Usings + """
        public sealed class GitHubClient : HttpClient { }

        public class Api
        {
            private static readonly GitHubClient SharedHttpClient = new GitHubClient();

            public Task<string> GetAsync(Uri uri) => SharedHttpClient.GetStringAsync(uri);
        }
        """);

    [Fact]
    public Task Existing_member_name_is_not_reused() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            private string SharedHttpClient = "taken";

            public Task<string> GetAsync(Uri uri) => {|SVH101:new HttpClient()|}.GetStringAsync(uri + SharedHttpClient);
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient2 = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private string SharedHttpClient = "taken";

            public Task<string> GetAsync(Uri uri) => SharedHttpClient2.GetStringAsync(uri + SharedHttpClient);
        }
        """);

    [Fact]
    public Task Net48_target_keeps_the_default_handler() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using (var client = {|SVH101:new HttpClient()|})
                {
                    return await client.GetStringAsync(uri);
                }
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient();

            public async Task<string> GetAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task Creation_that_depends_on_the_call_is_reported_without_a_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri, TimeSpan timeout)
            {
                using var client = {|SVH101:new HttpClient { Timeout = timeout }|};
                return await client.GetStringAsync(uri);
            }

            public async Task<string> WithHandlerAsync(Uri uri, HttpMessageHandler handler)
            {
                using var client = {|SVH101:new HttpClient(handler)|};
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Unusual_use_sites_are_reported_without_a_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                HttpClient client = {|SVH101:new HttpClient()|}, other = null!;
                return await client.GetStringAsync(uri);
            }

            public async Task<string> DisposedAgainInsideTheUsingAsync(Uri uri)
            {
                using (var client = {|SVH101:new HttpClient()|})
                {
                    try
                    {
                        return await client.GetStringAsync(uri);
                    }
                    finally
                    {
                        client?.Dispose();
                    }
                }
            }

            public async Task<string> CastDisposeAsync(Uri uri)
            {
                var client = {|SVH101:new HttpClient()|};
                try
                {
                    return await client.GetStringAsync(uri);
                }
                finally
                {
                    ((IDisposable)client).Dispose();
                }
            }
        }
        """);

    [Fact]
    public Task Client_configured_after_creation_is_reported_without_a_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                client.Timeout = TimeSpan.FromSeconds(5);
                return await client.GetStringAsync(uri);
            }

            public async Task<string> WithHeadersAsync(Uri uri)
            {
                using (var client = {|SVH101:new HttpClient()|})
                {
                    client.DefaultRequestHeaders.Add("X-Api-Key", "key");
                    return await client.GetStringAsync(uri);
                }
            }

            public async Task<string> WithBaseAddressAsync()
            {
                HttpClient client;
                client = {|SVH101:new HttpClient()|};
                client.BaseAddress = new Uri("https://api.example/");
                var text = await client.GetStringAsync("status");
                client.Dispose();
                return text;
            }
        }
        """);

    [Fact]
    public Task Client_handed_to_other_code_or_copied_is_reported_without_a_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            // Issue 12: hoisted, Configure would set the shared client's Timeout on every call (the second call throws).
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                Configure(client);
                return await client.GetStringAsync(uri);
            }

            public async Task<string> AliasAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                var configured = client;
                configured.MaxResponseContentBufferSize = 1000;
                return await client.GetStringAsync(uri);
            }

            public async Task<string> WrappedAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                return await new Wrapper(client).GetAsync(uri);
            }

            private static void Configure(HttpClient client) => client.Timeout = TimeSpan.FromSeconds(5);
        }

        public sealed class Wrapper
        {
            private readonly HttpClient _client;

            public Wrapper(HttpClient client)
            {
                _client = client;
                _client.DefaultRequestHeaders.Add("X-Api-Key", "key");
            }

            public Task<string> GetAsync(Uri uri) => _client.GetStringAsync(uri);
        }
        """);

    [Fact]
    public Task Client_used_by_a_library_extension_method_keeps_its_fix() => VerifyFix.VerifyAsync(Usings + """
        using System.Net.Http.Json;

        public static class Weather
        {
            public static async Task<int?> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                return await client.GetFromJsonAsync<int?>(uri);
            }
        }
        """, Usings + """
        using System.Net.Http.Json;

        public static class Weather
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public static async Task<int?> GetAsync(Uri uri)
            {
                return await SharedHttpClient.GetFromJsonAsync<int?>(uri);
            }
        }
        """);

    [Fact]
    public Task Controller_field_configured_in_the_constructor_is_reported_without_a_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        using Microsoft.AspNetCore.Mvc;

        public class ProductController : Controller
        {
            private readonly HttpClient _httpClient;

            public ProductController()
            {
                _httpClient = {|SVH101:new HttpClient()|};
                _httpClient.BaseAddress = new Uri("https://localhost:5001");
            }

            public Task<string> Get() => _httpClient.GetStringAsync("api/products");
        }
        """);

    [Fact]
    public Task Helper_and_field_findings_have_no_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            private HttpClient _client = null!;

            private static HttpClient CreateClient() => {|SVH101:new HttpClient()|};

            public async Task<string> GetAsync(Uri uri)
            {
                using var client = CreateClient();
                return await client.GetStringAsync(uri);
            }

            public Task<string> OtherAsync(Uri uri)
            {
                _client = {|SVH101:new HttpClient()|};
                return _client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Local_read_by_name_elsewhere_keeps_the_alias() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = {|SVH101:new HttpClient()|};
                Console.WriteLine(nameof(client));
                return await client.GetStringAsync(uri);
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri)
            {
                var client = SharedHttpClient;
                Console.WriteLine(nameof(client));
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_reported_without_a_fix()
    {
        var test = VerifyFix.Create(Usings + """
            for (var i = 0; i < 3; i++)
            {
                using var client = {|SVH101:new HttpClient()|};
                await client.GetStringAsync("http://127.0.0.1/");
            }
            """, Usings + """
            for (var i = 0; i < 3; i++)
            {
                using var client = {|SVH101:new HttpClient()|};
                await client.GetStringAsync("http://127.0.0.1/");
            }
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public async Task Fix_offers_to_rename_the_invented_field()
    {
        var project = await FixApplier.CreateProjectAsync(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary, ("A.cs", Usings + """
            public class Sender
            {
                public async Task<string> GetAsync()
                {
                    using var client = new HttpClient();
                    return await client.GetStringAsync("http://127.0.0.1/");
                }
            }
            """));
        var fixedDocument = await FixApplier.ApplyFirstFixAsync(project, "SVH101");
        var root = (await fixedDocument.GetSyntaxRootAsync())!;
        var renamable = root.DescendantTokens().Where(t => t.HasAnnotations(Microsoft.CodeAnalysis.CodeActions.RenameAnnotation.Kind)).ToList();
        Assert.Equal("SharedHttpClient", Assert.Single(renamable).ValueText);
        Assert.IsType<Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax>(renamable[0].Parent);
    }
}
