using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.FactoryHttpClientCapturedAnalyzer>;

namespace SocketVsHttp.Tests.Http;

public class SVH108Tests
{
    // ---- Positives ----

    [Fact]
    public Task Assignment_to_a_static_field_in_a_constructor_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class GitHubClient
            {
                private static HttpClient? client;

                public GitHubClient(IHttpClientFactory factory)
                {
                    client = {|SVH108:factory.CreateClient("github")|};
                }
            }
            """);

    [Fact]
    public Task Extension_CreateClient_and_coalesce_assignment_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class Api
            {
                private static HttpClient? client;
                private readonly IHttpClientFactory factory;

                public Api(IHttpClientFactory factory) => this.factory = factory;

                private HttpClient Client => client ??= {|SVH108:factory.CreateClient()|};
            }
            """);

    [Fact]
    public Task Static_property_and_qualified_static_access_are_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            static class Holder
            {
                public static HttpClient? Client { get; set; }
            }

            class Startup
            {
                public void Configure(IHttpClientFactory factory)
                {
                    Holder.Client = {|SVH108:factory.CreateClient("api")|};
                }
            }
            """);

    [Fact]
    public Task Static_field_initializer_is_flagged_with_the_member_name() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            static class Clients
            {
                public static IHttpClientFactory Factory = null!;
                public static readonly HttpClient Shared = Factory.CreateClient("shared");
            }
            """,
            new DiagnosticResult(Descriptors.SVH108).WithSpan(6, 48, 6, 78).WithArguments("Shared"));

    [Fact]
    public Task Through_a_local_then_stored_in_a_static_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System;
            using System.Net.Http;

            class Api
            {
                private static HttpClient? client;

                public Api(IHttpClientFactory factory)
                {
                    var created = factory.CreateClient("api");
                    created.Timeout = TimeSpan.FromSeconds(5);
                    client = {|SVH108:created|};
                }
            }
            """);

    [Fact]
    public Task Lambdas_local_functions_and_top_level_statements_are_flagged() =>
        Verify.VerifyProgramAsync(
            """
            using System;
            using System.Net.Http;

            IHttpClientFactory factory = null!;
            Holder.Client = {|SVH108:factory.CreateClient("a")|};
            Action init = () => Holder.Client = {|SVH108:factory.CreateClient("b")|};
            Store();

            void Store()
            {
                HttpClient local = factory.CreateClient("c");
                Holder.Client = {|SVH108:local|};
            }

            static class Holder
            {
                public static HttpClient? Client;
            }
            """);

    [Fact]
    public Task Implementation_of_the_factory_interface_is_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            sealed class MyFactory : IHttpClientFactory
            {
                public HttpClient CreateClient(string name) => new HttpClient();
            }

            static class Holder
            {
                static readonly MyFactory Factory = new();
                public static readonly HttpClient Client = {|SVH108:Factory.CreateClient("x")|};
            }
            """);

    // ---- Must not flag ----

    [Fact]
    public Task Instance_fields_of_typed_clients_are_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class GitHubClient
            {
                private readonly HttpClient client;
                private HttpClient? lazy;
                private readonly IHttpClientFactory factory;

                public GitHubClient(IHttpClientFactory factory)
                {
                    this.factory = factory;
                    client = factory.CreateClient("github");
                }

                public HttpClient Lazy => lazy ??= factory.CreateClient();

                public HttpClient Client { get; } = null!;
            }
            """);

    [Fact]
    public Task Local_use_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private readonly IHttpClientFactory factory;

                public Api(IHttpClientFactory factory) => this.factory = factory;

                public async Task<string> GetAsync()
                {
                    var client = factory.CreateClient("api");
                    return await client.GetStringAsync("https://example.com/");
                }

                public HttpClient Create() => factory.CreateClient();
            }
            """);

    [Fact]
    public Task CreateClient_on_something_that_is_not_the_factory_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class ClientMaker
            {
                public HttpClient CreateClient(string name) => new HttpClient();
            }

            static class Extensions
            {
                public static HttpClient CreateClient(this ClientMaker maker) => maker.CreateClient("x");
            }

            static class Holder
            {
                static readonly ClientMaker Maker = new();
                public static readonly HttpClient A = Maker.CreateClient("a");
                public static readonly HttpClient B = Maker.CreateClient();
                public static readonly HttpClient C = new HttpClient();
            }
            """);

    [Fact]
    public Task Local_that_may_hold_another_client_is_not_flagged() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            class Api
            {
                private static HttpClient? client;

                public Api(IHttpClientFactory factory, bool own)
                {
                    var created = factory.CreateClient("api");
                    if (own)
                    {
                        created = new HttpClient();
                    }

                    client = created;
                }
            }
            """);

    [Fact]
    public Task Net48_without_the_factory_type_registers_nothing() =>
        Verify.VerifyAsync(
            """
            using System.Net.Http;

            static class Holder
            {
                public static readonly HttpClient Client = new HttpClient();
            }
            """,
            TestReferences.Net48);

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Http.FactoryHttpClientCapturedAnalyzer, DefaultVerifier>
        {
            TestCode = """
                using System.Net.Http;

                class Api
                {
                    static HttpClient? a;
                    static HttpClient? b = Missing.CreateClient(;
                    public Api(IHttpClientFactory factory)
                    {
                        a = factory.CreateClient(1, 2);
                        var x = factory.CreateClient("x")
                        a = x;
                        Nope = factory.CreateClient("y");
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH108).WithSpan(11, 13, 11, 14).WithArguments("a"));
        await test.RunAsync();
    }
}
