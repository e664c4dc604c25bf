using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.CodeFixes.Http;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.LongLivedHttpClientDnsAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.LongLivedHttpClientDnsAnalyzer, SocketVsHttp.CodeFixes.Http.LongLivedHttpClientDnsFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH103Tests
{
    // ---- Positives and fixes ----

    [Fact]
    public Task Static_readonly_field_with_default_handler_gets_SocketsHttpHandler() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                // shared client
                private static readonly HttpClient Client = {|SVH103:new HttpClient()|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                // shared client
                private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            }
            """);

    [Fact]
    public Task Without_usings_the_fix_stays_fully_qualified_and_compiles() =>
        VerifyFix.VerifyAsync(
            """
            class Api
            {
                static readonly System.Net.Http.HttpClient Client = {|SVH103:new System.Net.Http.HttpClient()|};
            }
            """,
            """
            class Api
            {
                static readonly System.Net.Http.HttpClient Client = new System.Net.Http.HttpClient(new System.Net.Http.SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) });
            }
            """);

    [Fact]
    public Task Target_typed_new_with_initializer_keeps_initializer() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                public static HttpClient Client { get; } = {|SVH103:new() { Timeout = TimeSpan.FromSeconds(30) }|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(30) };
            }
            """);

    [Fact]
    public Task Object_initializer_without_parentheses_gets_an_argument_list() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient
                {
                    BaseAddress = new Uri("https://example.com/"),
                }|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
                {
                    BaseAddress = new Uri("https://example.com/"),
                };
            }
            """);

    [Fact]
    public Task Inline_HttpClientHandler_with_mappable_settings_is_rebuilt_keeping_them_and_the_dispose_flag() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient(new HttpClientHandler
                {
                    AllowAutoRedirect = false, // no redirects
                    AutomaticDecompression = DecompressionMethods.GZip,
                    CookieContainer = new CookieContainer(),
                    UseCookies = true,
                    Credentials = CredentialCache.DefaultCredentials,
                    PreAuthenticate = true,
                    MaxAutomaticRedirections = 3,
                    MaxConnectionsPerServer = 10,
                    MaxResponseHeadersLength = 128,
                    Proxy = null,
                    UseProxy = false,
                    DefaultProxyCredentials = null
                }, disposeHandler: true)
                {
                    Timeout = TimeSpan.FromSeconds(10)
                }|};
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler
                {
                    AllowAutoRedirect = false, // no redirects
                    AutomaticDecompression = DecompressionMethods.GZip,
                    CookieContainer = new CookieContainer(),
                    UseCookies = true,
                    Credentials = CredentialCache.DefaultCredentials,
                    PreAuthenticate = true,
                    MaxAutomaticRedirections = 3,
                    MaxConnectionsPerServer = 10,
                    MaxResponseHeadersLength = 128,
                    Proxy = null,
                    UseProxy = false,
                    DefaultProxyCredentials = null,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2)
                }, disposeHandler: true)
                {
                    Timeout = TimeSpan.FromSeconds(10)
                };
            }
            """);

    [Fact]
    public Task Single_line_HttpClientHandler_with_trailing_comment_is_rebuilt() =>
        VerifyFix.VerifyAsync(
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient(new HttpClientHandler() { UseCookies = false })|}; // cookies off
            }
            """,
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler() { UseCookies = false, PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) }); // cookies off
            }
            """);

    [Fact]
    public Task Bare_HttpClientHandler_is_rebuilt() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient(new HttpClientHandler(), false)|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, false);
            }
            """);

    [Fact]
    public Task SocketsHttpHandler_without_lifetime_gets_it_even_with_only_an_idle_timeout() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient(new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1)
                })|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2)
                });
            }
            """);

    [Fact]
    public Task SocketsHttpHandler_in_a_static_field_gets_the_lifetime_where_it_is_created() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler();
                private static readonly HttpClient Client = {|SVH103:new HttpClient(Handler, disposeHandler: false)|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                private static readonly HttpClient Client = new HttpClient(Handler, disposeHandler: false);
            }
            """);

    [Fact]
    public Task Static_constructor_assignment_is_flagged_and_fixed() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static readonly HttpClient client;

                static Api()
                {
                    client = {|SVH103:new HttpClient()|};
                    client.Timeout = TimeSpan.FromSeconds(5);
                }
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static readonly HttpClient client;

                static Api()
                {
                    client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    client.Timeout = TimeSpan.FromSeconds(5);
                }
            }
            """);

    [Fact]
    public Task Lazy_coalesce_assignment_to_a_static_is_flagged() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static HttpClient? client;

                public static HttpClient Client => client ??= {|SVH103:new HttpClient()|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static HttpClient? client;

                public static HttpClient Client => client ??= new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            }
            """);

    [Fact]
    public Task Static_Lazy_factory_is_flagged_with_the_Lazy_member_name() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading;

            class Api
            {
                private static readonly Lazy<HttpClient> Client = new Lazy<HttpClient>(() => {|SVH103:new HttpClient()|}, LazyThreadSafetyMode.ExecutionAndPublication);
            }
            """,
            """
            using System;
            using System.Net.Http;
            using System.Threading;

            class Api
            {
                private static readonly Lazy<HttpClient> Client = new Lazy<HttpClient>(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }), LazyThreadSafetyMode.ExecutionAndPublication);
            }
            """);

    [Fact]
    public Task Static_Lazy_factory_with_a_local_handler_is_flagged() =>
        VerifyFix.VerifyNoFixAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly Lazy<HttpClient> Other = new(() =>
                {
                    var handler = new HttpClientHandler();
                    return {|SVH103:new HttpClient(handler)|};
                });
            }
            """);

    [Fact]
    public Task Message_names_the_member() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly Lazy<HttpClient> Shared = new(() => new HttpClient());
            }
            """,
            new DiagnosticResult(Descriptors.SVH103).WithSpan(6, 65, 6, 81).WithArguments("Shared"));

    [Fact]
    public Task Singleton_registrations_are_flagged_as_singleton() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            static class Setup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton({|SVH103:new HttpClient()|});
                    services.AddSingleton(_ => {|SVH103:new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })|});
                    services.AddSingleton<HttpClient>(sp =>
                    {
                        return {|SVH103:new HttpClient { Timeout = TimeSpan.FromSeconds(3) }|};
                    });
                }
            }
            """,
            """
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            static class Setup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
                    services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
                    services.AddSingleton<HttpClient>(sp =>
                    {
                        return new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(3) };
                    });
                }
            }
            """);

    [Fact]
    public Task Singleton_message_argument_is_singleton() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            static class Setup
            {
                public static void Configure(IServiceCollection services) => services.AddSingleton(new HttpClient());
            }
            """,
            new DiagnosticResult(Descriptors.SVH103).WithSpan(6, 88, 6, 104).WithArguments("singleton"));

    [Fact]
    public Task Fix_all_fixes_every_client_in_the_document() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Clients
            {
                static readonly HttpClient A = {|SVH103:new HttpClient()|};
                static readonly HttpClient B = {|SVH103:new HttpClient(new HttpClientHandler { UseProxy = false })|};
                static readonly HttpClient C = {|SVH103:new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4 })|};
                static HttpClient D { get; } = {|SVH103:new()|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Clients
            {
                static readonly HttpClient A = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                static readonly HttpClient B = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                static readonly HttpClient C = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 4, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                static HttpClient D { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            }
            """);

    [Fact]
    public async Task Lifetime_minutes_option_is_used_by_the_fix()
    {
        var test = VerifyFix.Create(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient()|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
            }
            """,
            TestReferences.Net100);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", """
            root = true

            [*.cs]
            socketvshttp.svh103.pooled_connection_lifetime_minutes = 5
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task Fix_all_with_two_clients_on_one_shared_handler_adds_the_lifetime_once() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Clients
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = 20,
                };
                public static readonly HttpClient A = {|SVH103:new HttpClient(Handler, disposeHandler: false)|};
                public static readonly HttpClient B = {|SVH103:new HttpClient(Handler, disposeHandler: false)|};
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Clients
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler
                {
                    MaxConnectionsPerServer = 20,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
                public static readonly HttpClient A = new HttpClient(Handler, disposeHandler: false);
                public static readonly HttpClient B = new HttpClient(Handler, disposeHandler: false);
            }
            """);

    [Fact]
    public Task Local_SocketsHttpHandler_in_a_static_constructor_gets_the_lifetime() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                public static HttpClient Client { get; }

                static Api()
                {
                    var handler = new SocketsHttpHandler() { UseCookies = false, };
                    Client = {|SVH103:new HttpClient(handler)|};
                }
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                public static HttpClient Client { get; }

                static Api()
                {
                    var handler = new SocketsHttpHandler() { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), };
                    Client = new HttpClient(handler);
                }
            }
            """);

    [Fact]
    public Task Static_Lazy_built_from_a_method_group_is_flagged_in_the_helper() =>
        VerifyFix.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Http
            {
                private static readonly Lazy<HttpClient> LazyClient = new Lazy<HttpClient>(CreateClient);

                public static HttpClient Client => LazyClient.Value;

                private static HttpClient CreateClient()
                {
                    var client = {|SVH103:new HttpClient()|};
                    client.BaseAddress = new Uri("https://api.example/");
                    return client;
                }
            }
            """,
            """
            using System;
            using System.Net.Http;

            static class Http
            {
                private static readonly Lazy<HttpClient> LazyClient = new Lazy<HttpClient>(CreateClient);

                public static HttpClient Client => LazyClient.Value;

                private static HttpClient CreateClient()
                {
                    var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    client.BaseAddress = new Uri("https://api.example/");
                    return client;
                }
            }
            """);

    [Fact]
    public Task Static_Lazy_lambda_with_a_configured_local_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Client
            {
                private static readonly Lazy<HttpClient> Instance = new Lazy<HttpClient>(() =>
                {
                    var client = {|SVH103:new HttpClient { BaseAddress = new Uri("https://127.0.0.1:9002") }|};
                    client.Timeout = TimeSpan.FromSeconds(20);
                    return client;
                });
            }
            """);

    [Fact]
    public Task Static_client_created_by_a_helper_method_is_flagged_in_the_helper() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static readonly HttpClient Client = CreateClient();
                private static HttpClient Other { get; } = Build(TimeSpan.FromSeconds(5));

                private static HttpClient CreateClient() => {|#0:new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })|};

                private static HttpClient Build(TimeSpan timeout)
                {
                    HttpClient client = {|#1:new()|};
                    client.Timeout = timeout;
                    client.DefaultRequestHeaders.Add("User-Agent", "api");
                    return client;
                }
            }
            """,
            new DiagnosticResult(Descriptors.SVH103).WithLocation(0).WithArguments("Client").WithOptions(DiagnosticOptions.IgnoreAdditionalLocations),
            new DiagnosticResult(Descriptors.SVH103).WithLocation(1).WithArguments("Other"));

    // ---- Reported without a fix ----

    [Fact]
    public Task HttpClientHandler_with_settings_that_do_not_map_gets_no_fix() =>
        VerifyFix.VerifyNoFixAsync(
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient A = {|SVH103:new HttpClient(new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = (m, c, ch, e) => e == System.Net.Security.SslPolicyErrors.None,
                })|};
                static readonly HttpClient B = {|SVH103:new HttpClient(new HttpClientHandler { UseDefaultCredentials = true })|};
                static readonly HttpClient C = {|SVH103:new HttpClient(new HttpClientHandler { ClientCertificateOptions = ClientCertificateOption.Manual })|};
                static readonly HttpClient D = {|SVH103:new HttpClient(new HttpClientHandler { CheckCertificateRevocationList = true })|};
                static readonly HttpClient E = {|SVH103:new HttpClient(new HttpClientHandler { SslProtocols = System.Security.Authentication.SslProtocols.Tls13 })|};
                static readonly HttpClient F = {|SVH103:new HttpClient(new HttpClientHandler { ClientCertificates = { } })|};
            }
            """);

    [Fact]
    public Task HttpClientHandler_held_in_a_static_field_or_local_gets_no_fix() =>
        VerifyFix.VerifyNoFixAsync(
            """
            using System.Net.Http;

            class Api
            {
                private static readonly HttpClientHandler Handler = new HttpClientHandler();
                private static readonly HttpClient A = {|SVH103:new HttpClient(Handler)|};
                private static readonly HttpClient B;

                static Api()
                {
                    var local = new HttpClientHandler { UseCookies = false };
                    B = {|SVH103:new HttpClient(local)|};
                }
            }
            """);

    [Fact]
    public Task Derived_HttpClientHandler_gets_no_fix() =>
        VerifyFix.VerifyNoFixAsync(
            """
            using System.Net.Http;

            class MyHandler : HttpClientHandler { }

            class Api
            {
                static readonly HttpClient Client = {|SVH103:new HttpClient(new MyHandler())|};
            }
            """);

    // ---- Must not flag ----

    [Fact]
    public Task Static_field_replaced_by_every_instance_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class HomeController
            {
                private static HttpClient httpClient = new HttpClient();

                public HomeController()
                {
                    httpClient = new HttpClient();
                }
            }

            class Other
            {
                private static HttpClient s_client = {|SVH103:new HttpClient()|};
                private static HttpClient? s_lazy;

                public Other()
                {
                    s_lazy ??= {|SVH103:new HttpClient()|};
                }

                public static void Reset() => s_client = {|SVH103:new HttpClient()|};
            }
            """);

    [Fact]
    public Task Helpers_whose_clients_are_not_kept_statically_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _client = Create();
                private static readonly HttpClient Pooled = CreatePooled();

                private static HttpClient Create()
                {
                    var client = new HttpClient();
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
                }

                private static HttpClient CreatePooled() =>
                    new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

                public async Task<string> GetAsync(Uri uri)
                {
                    using var client = Create();
                    return await client.GetStringAsync(uri);
                }
            }
            """);


    [Fact]
    public Task SocketsHttpHandler_with_lifetime_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;
            using System.Threading;

            class Api
            {
                static readonly HttpClient A = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
                static readonly HttpClient B = new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }, disposeHandler: false);
                static readonly SocketsHttpHandler Handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(1) };
                static readonly HttpClient C = new HttpClient(Handler);
            }
            """);

    [Fact]
    public Task Lifetime_assigned_to_the_handler_in_a_static_constructor_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler();
                private static readonly SocketsHttpHandler Other;
                private static readonly HttpClient A = new HttpClient(Handler);
                private static readonly HttpClient B;
                private static readonly HttpClient C;

                static Api()
                {
                    Handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
                    Other = new SocketsHttpHandler();
                    Other.PooledConnectionLifetime = TimeSpan.FromMinutes(3);
                    B = new HttpClient(Other);
                    var local = new SocketsHttpHandler();
                    local.PooledConnectionLifetime = TimeSpan.FromMinutes(1);
                    C = new HttpClient(local);
                }
            }
            """);

    [Fact]
    public Task Clients_from_the_factory_and_per_operation_clients_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient instanceClient = new HttpClient();
                private readonly HttpClient fromFactory;
                private static HttpClient Create() => new HttpClient();
                private static HttpClient PerAccess => new HttpClient();

                public Api(IHttpClientFactory factory)
                {
                    fromFactory = factory.CreateClient("api");
                }

                public async Task<string> GetAsync()
                {
                    using var client = new HttpClient();
                    var other = new HttpClient();
                    return await client.GetStringAsync("https://example.com/") + await other.GetStringAsync("https://example.com/");
                }
            }
            """);

    [Fact]
    public Task Unknown_handlers_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            class Logging : DelegatingHandler
            {
                public Logging(HttpMessageHandler inner) : base(inner) { }
            }

            class MyClient : HttpClient { }

            class Api
            {
                public static HttpClient? Client;
                static HttpMessageHandler Handler { get; } = new HttpClientHandler();
                static HttpMessageHandler Mutable = new HttpClientHandler();
                static readonly HttpClient A = new HttpClient(Handler);
                static readonly HttpClient B = new HttpClient(new Logging(new HttpClientHandler()));
                static readonly HttpClient C = new MyClient();
                static readonly HttpClient D = new HttpClient(Mutable);

                public static void Init(HttpMessageHandler handler, IServiceCollection services)
                {
                    Client = new HttpClient(handler);
                    services.AddSingleton(sp => new HttpClient(handler));
                    var h = handler;
                    services.AddSingleton(new HttpClient(h));
                }

                public static void Reset() => Mutable = new SocketsHttpHandler();
            }
            """);

    [Fact]
    public async Task Handler_field_of_a_type_declared_over_two_files_is_not_flagged()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<LongLivedHttpClientDnsAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("A.cs", """
            using System.Net.Http;

            static partial class Api
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler();
                public static readonly HttpClient Client = new HttpClient(Handler);
            }
            """));
        test.TestState.Sources.Add(("B.cs", """
            static partial class Api
            {
                static Api() => Handler.PooledConnectionLifetime = System.TimeSpan.FromMinutes(1);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task Handlers_handed_to_other_code_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            static class Api
            {
                private static readonly SocketsHttpHandler Handler = new SocketsHttpHandler();
                public static readonly HttpClient A = new HttpClient(Handler);
                public static readonly HttpClient B;

                static Api()
                {
                    Configure(Handler);
                    var local = new SocketsHttpHandler();
                    Configure(local);
                    B = new HttpClient(local, disposeHandler: true);
                }

                static void Configure(SocketsHttpHandler handler) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(1);
            }
            """);

    [Fact]
    public Task Non_singleton_registrations_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            static class Other
            {
                public static IServiceCollection AddSingleton<T>(this object services, T instance) => null!;
            }

            static class Setup
            {
                public static void Configure(IServiceCollection services, object notServices)
                {
                    notServices.AddSingleton(new HttpClient());
                    services.AddHttpClient("api", c => c.Timeout = System.TimeSpan.FromSeconds(1));
                }
            }
            """);

    [Fact]
    public Task Net48_target_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient();
                static readonly HttpClient Other = new HttpClient(new HttpClientHandler { UseCookies = false });
            }
            """,
            TestReferences.Net48);

    [Fact]
    public Task NetStandard20_target_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient Client = new HttpClient();
            }
            """,
            TestReferences.NetStandard20);

    [Theory]
    [InlineData("build_property.TargetFramework = net10.0-android")]
    [InlineData("build_property.TargetFramework = net10.0-ios")]
    [InlineData("build_property.TargetFramework = net10.0-browser")]
    [InlineData("build_property._SupportedPlatformList = browser")]
    public async Task Platform_targets_with_their_own_default_handler_are_not_flagged(string property)
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<LongLivedHttpClientDnsAnalyzer, DefaultVerifier>
        {
            TestCode = """
                using System.Net.Http;

                class Api
                {
                    static readonly HttpClient Client = new HttpClient();
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\n" + property + "\n"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Desktop_platform_list_is_still_flagged()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<LongLivedHttpClientDnsAnalyzer, DefaultVerifier>
        {
            TestCode = """
                using System.Net.Http;

                class Api
                {
                    static readonly HttpClient Client = {|SVH103:new HttpClient()|};
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.TargetFramework = net10.0\nbuild_property._SupportedPlatformList = Linux,macOS,Windows\n"));
        await test.RunAsync();
    }

    [Fact]
    public Task Top_level_program_clients_are_not_flagged_but_static_ones_in_its_types_are() =>
        Verify.VerifyProgramAsync(
            """
            using System.Net.Http;

            var client = new HttpClient();
            await client.GetStringAsync("https://example.com/");
            Holder.Client.Dispose();

            static class Holder
            {
                public static readonly HttpClient Client = {|SVH103:new HttpClient()|};
            }
            """);

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = VerifyFix.Create(
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient A = new HttpClient(;
                static readonly HttpClient B = {|SVH103:new HttpClient(new HttpClientHandler { Nope = 1 })|};
                static readonly HttpClient C = new HttpClient(new Missing());
                static readonly HttpClient D = new HttpClient(1, 2, 3);
                static readonly System.Lazy<HttpClient> E = new(() => new HttpClient(
            }
            """,
            """
            using System.Net.Http;

            class Api
            {
                static readonly HttpClient A = new HttpClient(;
                static readonly HttpClient B = {|SVH103:new HttpClient(new HttpClientHandler { Nope = 1 })|};
                static readonly HttpClient C = new HttpClient(new Missing());
                static readonly HttpClient D = new HttpClient(1, 2, 3);
                static readonly System.Lazy<HttpClient> E = new(() => new HttpClient(
            }
            """,
            TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }
}
