using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Microsoft.CodeAnalysis;

namespace SocketVsHttp.Tests.Http;

public class SVH112Tests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    /// <summary>A client in use: what makes the compilation an HttpClient user.</summary>
    private const string ClientUser = """

        static class Api
        {
            private static readonly HttpClient Client = new HttpClient();

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
        }
        """;

    /// <summary>
    /// A minimal IHttpClientFactory, only where a test needs one. The shared stubs are not used here: their own code calls
    /// IHttpClientFactory, which would make every test compilation a factory user.
    /// </summary>
    private const string FactoryStub = """

        namespace System.Net.Http
        {
            public interface IHttpClientFactory
            {
                HttpClient CreateClient(string name);
            }
        }
        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) => VerifyAsync(source, TestReferences.Net100, expected);

    private static Task VerifyAsync(string source, ReferenceAssemblies references, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<ServicePointSettingIgnoredAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = references,
        };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    private static Task VerifyProgramAsync(string source)
    {
        var test = new CSharpAnalyzerTest<ServicePointSettingIgnoredAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    /// <summary>
    /// The findings are reported at compilation end (non-local): the fix runs where the whole compilation is analyzed
    /// (build, dotnet format, the CLI, full solution analysis), so the testing library's local-diagnostic check is skipped.
    /// </summary>
    private static Task VerifyFixAsync(string source, string fixedSource, bool fixAllInOnePass = false)
    {
        var test = new CSharpCodeFixTest<ServicePointSettingIgnoredAnalyzer, ServicePointSettingIgnoredFixer, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.Net100,
            CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
        };
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        if (fixAllInOnePass)
        {
            test.NumberOfFixAllIterations = 1;
            test.NumberOfFixAllInDocumentIterations = 1;
            test.NumberOfFixAllInProjectIterations = 1;
        }

        return test.RunAsync();
    }

    private static Task VerifyNoFixAsync(string source) => VerifyFixAsync(source, source);

    private static Task VerifyFixAllAsync(string source, string fixedSource) => VerifyFixAsync(source, fixedSource, fixAllInOnePass: true);

    private static DiagnosticResult Finding(int markup, string property, string consequence) =>
        new DiagnosticResult(Descriptors.SVH112).WithLocation(markup).WithArguments(property, consequence);

    // ---------- positives ----------

    [Fact]
    public Task Every_ignored_setting_is_reported_with_what_HttpClient_does_instead() => VerifyAsync(Usings + """
        static class Startup
        {
            public static void Configure()
            {
                {|#0:ServicePointManager.DefaultConnectionLimit|} = 100;
                {|#1:ServicePointManager.ServerCertificateValidationCallback|} = (sender, certificate, chain, errors) => errors == System.Net.Security.SslPolicyErrors.None;
                {|#2:ServicePointManager.Expect100Continue|} = false;
                {|#3:ServicePointManager.UseNagleAlgorithm|} = false;
                {|#4:System.Net.ServicePointManager.DnsRefreshTimeout|} = 60000;
                {|#5:ServicePointManager.MaxServicePointIdleTime|} = 10000;
            }
        }
        """ + ClientUser,
        Finding(0, "DefaultConnectionLimit", "HttpClient opens as many connections per server as its requests need; limit them with SocketsHttpHandler.MaxConnectionsPerServer"),
        Finding(1, "ServerCertificateValidationCallback", "this callback is never called for HttpClient requests, so whatever it checks is not checked there; set SocketsHttpHandler.SslOptions.RemoteCertificateValidationCallback (or HttpClientHandler.ServerCertificateCustomValidationCallback) on the client's handler"),
        Finding(2, "Expect100Continue", "HttpClient sends 'Expect: 100-continue' only for requests whose Headers.ExpectContinue is true, and waits SocketsHttpHandler.Expect100ContinueTimeout for the answer"),
        Finding(3, "UseNagleAlgorithm", "SocketsHttpHandler always turns Nagle's algorithm off (NoDelay) on its connections; only a ConnectCallback can change that"),
        Finding(4, "DnsRefreshTimeout", "HttpClient keeps a pooled connection, and the address it resolved, until the connection closes; set SocketsHttpHandler.PooledConnectionLifetime to see DNS changes"),
        Finding(5, "MaxServicePointIdleTime", "idle pooled connections are closed after SocketsHttpHandler.PooledConnectionIdleTimeout"));

    [Fact]
    public Task Callback_added_with_plus_equals_and_compound_writes() => VerifyAsync(Usings + """
        static class Startup
        {
            static bool Check(object sender, System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Cryptography.X509Certificates.X509Chain chain, System.Net.Security.SslPolicyErrors errors) => errors == 0;

            public static void Configure()
            {
                {|SVH112:ServicePointManager.ServerCertificateValidationCallback|} += Check;
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} *= 4;
            }
        }
        """ + ClientUser);

    [Fact]
    public Task Top_level_program_with_a_factory_client() => VerifyProgramAsync("""
        using System.Net;
        using System.Net.Http;

        {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 50;
        IHttpClientFactory factory = null!;
        var client = factory.CreateClient("api");
        System.Console.WriteLine(client.BaseAddress);
        """ + FactoryStub);

    [Fact]
    public Task Code_that_also_uses_HttpWebRequest_is_reported_for_its_HttpClient() => VerifyAsync(Usings + """
        static class Legacy
        {
            public static void Configure()
            {
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 20;
            }

            public static WebResponse Get(string url) => WebRequest.Create(url).GetResponse();
        }
        """ + ClientUser);

    [Fact]
    public Task A_handler_alone_is_HttpClient_use() => VerifyAsync(Usings + """
        static class Startup
        {
            public static HttpMessageHandler Configure()
            {
                {|SVH112:ServicePointManager.Expect100Continue|} = false;
                return new SocketsHttpHandler();
            }
        }
        """);

    // ---------- negatives ----------

    [Fact]
    public Task NetFramework_where_the_settings_work_is_not_flagged() => VerifyAsync("""
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        static class Startup
        {
            private static readonly HttpClient Client = new HttpClient();

            public static Task<string> Configure(string url)
            {
                ServicePointManager.DefaultConnectionLimit = 100;
                ServicePointManager.Expect100Continue = false;
                ServicePointManager.ServerCertificateValidationCallback = (s, c, ch, e) => e == 0;
                return Client.GetStringAsync(url);
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task Netstandard_library_is_not_flagged() => VerifyAsync("""
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        static class Startup
        {
            private static readonly HttpClient Client = new HttpClient();

            public static Task<string> Configure(string url)
            {
                ServicePointManager.DefaultConnectionLimit = 100;
                return Client.GetStringAsync(url);
            }
        }
        """, TestReferences.NetStandard20);

    [Fact]
    public Task Code_that_only_uses_HttpWebRequest_or_WebClient_is_not_flagged() => VerifyAsync(Usings + """
        static class Legacy
        {
            public static string Get(string url)
            {
                ServicePointManager.DefaultConnectionLimit = 20;
                ServicePointManager.Expect100Continue = false;
                ServicePointManager.ServerCertificateValidationCallback = (s, c, ch, e) => e == 0;
        #pragma warning disable SYSLIB0014
                using var client = new WebClient();
        #pragma warning restore SYSLIB0014
                return client.DownloadString(url) + WebRequest.CreateHttp(url).GetResponse().ContentType;
            }
        }
        """);

    [Fact]
    public Task Code_without_any_http_client_is_not_flagged() => VerifyAsync(Usings + """
        static class Startup
        {
            public static void Configure() => ServicePointManager.DefaultConnectionLimit = 20;
        }
        """);

    [Fact]
    public Task Other_properties_reads_and_removed_callbacks_are_not_flagged() => VerifyAsync(Usings + """
        static class Startup
        {
            public static int Configure(System.Net.Security.RemoteCertificateValidationCallback callback)
            {
                ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12;
                ServicePointManager.CheckCertificateRevocationList = true;
                ServicePointManager.ServerCertificateValidationCallback = null;
                ServicePointManager.ServerCertificateValidationCallback -= callback;
                var point = ServicePointManager.FindServicePoint(new Uri("https://example.com/"));
                return ServicePointManager.DefaultConnectionLimit + point.ConnectionLimit;
            }
        }

        namespace Mine
        {
            static class ServicePointManager
            {
                public static int DefaultConnectionLimit { get; set; }
            }

            static class Use
            {
                static void M() => ServicePointManager.DefaultConnectionLimit = 5;
            }
        }
        """ + ClientUser);

    [Fact]
    public Task Broken_code_does_not_crash()
    {
        var test = new CSharpAnalyzerTest<ServicePointSettingIgnoredAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                static class Startup
                {
                    public static void Configure()
                    {
                        ServicePointManager.DefaultConnectionLimit = ;
                        ServicePointManager.Missing = 3;
                        ServicePointManager.ServerCertificateValidationCallback = (a, b) => true;
                        var c = new HttpClient(;
                    }
                }
                """ + ClientUser,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH112).WithSpan(9, 9, 9, 51).WithArguments("DefaultConnectionLimit", "HttpClient opens as many connections per server as its requests need; limit them with SocketsHttpHandler.MaxConnectionsPerServer"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH112).WithSpan(11, 9, 11, 64).WithArguments("ServerCertificateValidationCallback", "this callback is never called for HttpClient requests, so whatever it checks is not checked there; set SocketsHttpHandler.SslOptions.RemoteCertificateValidationCallback (or HttpClientHandler.ServerCertificateCustomValidationCallback) on the client's handler"));
        return test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public Task Fix_gives_new_HttpClient_a_handler_with_the_limit() => VerifyFixAsync(Usings + """
        static class Api
        {
            private static readonly HttpClient Client = new HttpClient();

            static Api()
            {
                // at most two connections to the API
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
            }

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
        }
        """, Usings + """
        static class Api
        {
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 });

            static Api()
            {
                // at most two connections to the API
            }

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
        }
        """);

    [Fact]
    public Task Fix_moves_the_callback_into_SslOptions_of_the_inline_handler() => VerifyFixAsync(Usings + """
        using System.Net.Security;

        sealed class Api
        {
            private readonly HttpClient client;

            public Api()
            {
        #pragma warning disable SYSLIB0014 // ServicePointManager is obsolete
                {|SVH112:ServicePointManager.ServerCertificateValidationCallback|} = (_, certificate, _, errors) => errors == SslPolicyErrors.None || certificate?.Subject == "CN=test";
        #pragma warning restore SYSLIB0014
                client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
            }

            public Task<string> GetAsync(string url) => client.GetStringAsync(url);
        }
        """, Usings + """
        using System.Net.Security;

        sealed class Api
        {
            private readonly HttpClient client;

            public Api()
            {
                client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => errors == SslPolicyErrors.None || certificate?.Subject == "CN=test" } });
            }

            public Task<string> GetAsync(string url) => client.GetStringAsync(url);
        }
        """);

    [Fact]
    public Task Fix_appends_to_the_handler_in_a_local() => VerifyFixAsync(Usings + """
        static class Program
        {
            static async Task Main()
            {
                {|SVH112:ServicePointManager.MaxServicePointIdleTime|} = 15000;
                var handler = new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                };
                using var client = new HttpClient(handler);
                Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
            }
        }
        """, Usings + """
        static class Program
        {
            static async Task Main()
            {
                var handler = new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    PooledConnectionIdleTimeout = TimeSpan.FromSeconds(15),
                };
                using var client = new HttpClient(handler);
                Console.WriteLine(await client.GetStringAsync("http://127.0.0.1/"));
            }
        }
        """);

    [Fact]
    public Task Fix_all_moves_every_mappable_setting_into_one_handler() => VerifyFixAllAsync(Usings + """
        static class Api
        {
            private const int IdleMilliseconds = 90000;
            private static readonly HttpClient Client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            public static void Configure()
            {
        #pragma warning disable SYSLIB0014
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} = Math.Max(4, Environment.ProcessorCount);
                {|SVH112:ServicePointManager.Expect100Continue|} = false;
                {|SVH112:ServicePointManager.UseNagleAlgorithm|} = false;
                {|SVH112:ServicePointManager.DnsRefreshTimeout|} = 120000;
                {|SVH112:ServicePointManager.MaxServicePointIdleTime|} = IdleMilliseconds;
        #pragma warning restore SYSLIB0014
            }

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
        }
        """, Usings + """
        static class Api
        {
            private const int IdleMilliseconds = 90000;
            private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(4, Environment.ProcessorCount), Expect100ContinueTimeout = TimeSpan.Zero, PooledConnectionLifetime = TimeSpan.FromMinutes(2), PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(IdleMilliseconds) }) { Timeout = TimeSpan.FromSeconds(30) };

            public static void Configure()
            {
        #pragma warning disable SYSLIB0014
                {|SVH112:ServicePointManager.UseNagleAlgorithm|} = false;
        #pragma warning restore SYSLIB0014
            }

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
        }
        """);

    [Theory]
    [InlineData("two clients", "ServicePointManager.DefaultConnectionLimit = 2;", "private static readonly HttpClient Other = new HttpClient();")]
    [InlineData("a value from a parameter", "ServicePointManager.DefaultConnectionLimit = limit;", "")]
    [InlineData("a callback that reads the sender", "ServicePointManager.ServerCertificateValidationCallback = (sender, c, ch, e) => sender is HttpWebRequest;", "")]
    [InlineData("a callback held in a field", "ServicePointManager.ServerCertificateValidationCallback = Callback;", "private static readonly System.Net.Security.RemoteCertificateValidationCallback Callback = (s, c, ch, e) => true;")]
    [InlineData("DNS refresh 0 (not 'never reuse')", "ServicePointManager.DnsRefreshTimeout = 0;", "")]
    [InlineData("DNS refresh not constant", "ServicePointManager.DnsRefreshTimeout = limit;", "")]
    [InlineData("Expect100Continue = true", "ServicePointManager.Expect100Continue = true;", "")]
    [InlineData("Nagle", "ServicePointManager.UseNagleAlgorithm = true;", "")]
    [InlineData("a compound write", "ServicePointManager.DefaultConnectionLimit += 2;", "")]
    [InlineData("the setting written twice", "ServicePointManager.DefaultConnectionLimit = 2; ServicePointManager.DefaultConnectionLimit = 3;", "")]
    [InlineData("a value that reads ServicePointManager", "ServicePointManager.DefaultConnectionLimit = ServicePointManager.DefaultConnectionLimit * 2;", "")]
    public Task No_fix_when_the_setting_cannot_move_as_it_is(string why, string writes, string member)
    {
        _ = why;
        var marked = writes
            .Replace("ServicePointManager.DefaultConnectionLimit =", "{|SVH112:ServicePointManager.DefaultConnectionLimit|} =", StringComparison.Ordinal)
            .Replace("ServicePointManager.DefaultConnectionLimit +=", "{|SVH112:ServicePointManager.DefaultConnectionLimit|} +=", StringComparison.Ordinal)
            .Replace("ServicePointManager.ServerCertificateValidationCallback =", "{|SVH112:ServicePointManager.ServerCertificateValidationCallback|} =", StringComparison.Ordinal)
            .Replace("ServicePointManager.DnsRefreshTimeout =", "{|SVH112:ServicePointManager.DnsRefreshTimeout|} =", StringComparison.Ordinal)
            .Replace("ServicePointManager.Expect100Continue =", "{|SVH112:ServicePointManager.Expect100Continue|} =", StringComparison.Ordinal)
            .Replace("ServicePointManager.UseNagleAlgorithm =", "{|SVH112:ServicePointManager.UseNagleAlgorithm|} =", StringComparison.Ordinal);
        return VerifyNoFixAsync(Usings + $$"""
            static class Api
            {
                private static readonly HttpClient Client = new HttpClient();
                {{member}}

                public static void Configure(int limit)
                {
                    {{marked}}
                }

                public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
            }
            """);
    }

    [Fact]
    public Task No_fix_when_the_client_is_built_in_another_type() => VerifyNoFixAsync(Usings + """
        static class Startup
        {
            public static void Configure()
            {
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
            }
        }
        """ + ClientUser);

    [Fact]
    public Task No_fix_for_factory_clients_or_HttpClientHandler() => Task.WhenAll(
        VerifyNoFixAsync(Usings + """
            sealed class Api
            {
                private readonly IHttpClientFactory factory;
                private readonly HttpClient own = new HttpClient();

                public Api(IHttpClientFactory factory)
                {
                    {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
                    this.factory = factory;
                }

                public Task<string> GetAsync(string url) => factory.CreateClient("api").GetStringAsync(url);
            }
            """ + FactoryStub),
        VerifyNoFixAsync(Usings + """
            static class Api
            {
                private static readonly HttpClient Client = new HttpClient(new HttpClientHandler());

                static Api()
                {
                    {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
                }

                public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
            }
            """),
        VerifyNoFixAsync(Usings + """
            static class Api
            {
                private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 });

                static Api()
                {
                    {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
                }

                public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);
            }
            """));

    [Fact]
    public Task No_fix_when_HttpWebRequest_may_still_read_the_setting() => VerifyNoFixAsync(Usings + """
        static class Api
        {
            private static readonly HttpClient Client = new HttpClient();

            static Api()
            {
                {|SVH112:ServicePointManager.DefaultConnectionLimit|} = 2;
            }

            public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);

            public static WebResponse GetLegacy(string url) => WebRequest.Create(url).GetResponse();
        }
        """);
}
