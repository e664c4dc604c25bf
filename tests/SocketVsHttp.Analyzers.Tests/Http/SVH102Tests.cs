using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.HttpMessageHandlerPerOperationAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.HttpMessageHandlerPerOperationAnalyzer, SocketVsHttp.Http.HttpMessageHandlerPerOperationFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH102Tests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task Inline_handler_of_a_per_call_client_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient({|SVH102:new HttpClientHandler { AllowAutoRedirect = false }|});
                return await client.GetStringAsync(uri);
            }

            public async Task<string> PooledAsync(Uri uri)
            {
                using var client = new HttpClient({|SVH102:new SocketsHttpHandler()|}, disposeHandler: true);
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Handler_in_a_local_handed_to_a_per_call_client_is_reported() => Verify.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri, ICredentials credentials)
            {
                var handler = {|SVH102:new HttpClientHandler { Credentials = credentials }|};
                using var client = new HttpClient(handler);
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Handler_in_a_loop_is_reported() => Verify.VerifyProgramAsync(Usings + """
        foreach (var url in args)
        {
            using var client = new HttpClient({|SVH102:new HttpClientHandler()|});
            Console.WriteLine(await client.GetStringAsync(url));
        }
        """);

    [Fact]
    public Task Handlers_built_once_are_not_reported() => Verify.VerifyAsync(Usings + """
        using Microsoft.Extensions.DependencyInjection;

        public class Api
        {
            private static readonly HttpClient Shared = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            private static readonly HttpMessageHandler Handler = new HttpClientHandler();
            private readonly HttpClient _owned;

            public Api() => _owned = new HttpClient(new HttpClientHandler());

            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient(Handler, disposeHandler: false);
                return await client.GetStringAsync(uri);
            }

            public static void Configure(IServiceCollection services) =>
                services.AddHttpClient("github").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public static HttpMessageHandler CreateHandler() => new HttpClientHandler();
        }
        """);

    [Fact]
    public Task Handler_of_a_client_in_Main_is_not_reported() => Verify.VerifyProgramAsync(Usings + """
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
        """);

    [Fact]
    public Task Fix_hoists_client_and_handler_together() => VerifyFix.VerifyAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri)
            {
                using var client = new HttpClient({|SVH102:new SocketsHttpHandler { AllowAutoRedirect = false }|});
                return await client.GetStringAsync(uri);
            }

            public async Task<string> AgainAsync(Uri uri)
            {
                using var client = new HttpClient({|SVH102:new SocketsHttpHandler { AllowAutoRedirect = false }|});
                return await client.GetStringAsync(uri);
            }
        }
        """, Usings + """
        public class Api
        {
            private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public async Task<string> GetAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }

            public async Task<string> AgainAsync(Uri uri)
            {
                return await SharedHttpClient.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Handler_in_a_local_or_depending_on_the_call_has_no_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        public class Api
        {
            public async Task<string> GetAsync(Uri uri, ICredentials credentials)
            {
                using var client = new HttpClient({|SVH102:new HttpClientHandler { Credentials = credentials }|});
                return await client.GetStringAsync(uri);
            }

            public async Task<string> LocalAsync(Uri uri)
            {
                var handler = {|SVH102:new HttpClientHandler()|};
                using var client = new HttpClient(handler);
                return await client.GetStringAsync(uri);
            }
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash() => AnalyzerRunner.AssertNoCrashAsync(new HttpMessageHandlerPerOperationAnalyzer(), Usings + """
        public class Api
        {
            public void Get()
            {
                var handler = new HttpClientHandler(
                using var client = new HttpClient(handler
            }
            void X() => new HttpClient(new SocketsHttpHandler {
        """);
}
