using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.LegacyWebClientAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.LegacyWebClientAnalyzer, SocketVsHttp.Http.LegacyWebClientFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH110Tests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    private const string Field = "\n    private static readonly HttpClient SharedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });\n";

    /// <summary>.NET Framework 4.8 without System.Net.Http: what a project that cannot use HttpClient sees.</summary>
    private static readonly ReferenceAssemblies Net48WithoutHttp = new ReferenceAssemblies(
            "net48",
            new PackageIdentity("Microsoft.NETFramework.ReferenceAssemblies.net48", "1.0.3"),
            Path.Combine("build", ".NETFramework", "v4.8"))
        .AddAssemblies(["mscorlib", "System", "System.Core"]);

    // ---------- positives ----------

    [Fact]
    public Task WebClient_creations() => Verify.VerifyAsync(Usings + """
        class C
        {
            string A(string url)
            {
                using var client = {|SVH110:new WebClient()|};
                return client.DownloadString(url);
            }

            string B(string url)
            {
                using (var client = {|SVH110:new WebClient()|})
                {
                    return client.DownloadString(url);
                }
            }

            Task<string> D(string url) => {|SVH110:new WebClient()|}.DownloadStringTaskAsync(url);

            void E()
            {
                WebClient client = {|SVH110:new()|};
                client.Headers.Add("X-Test", "1");
            }
        }

        class MyClient : WebClient { }

        class F
        {
            object Make() => {|SVH110:new MyClient()|};
        }
        """);

    [Fact]
    public Task WebRequest_creations() => Verify.VerifyAsync(Usings + """
        class C
        {
            void M(string url, Uri uri)
            {
                var a = {|SVH110:WebRequest.Create(url)|};
                var b = (HttpWebRequest){|SVH110:WebRequest.Create("https://example.com/")|};
                var c = {|SVH110:WebRequest.CreateHttp(uri)|};
                var d = {|SVH110:HttpWebRequest.Create(url)|};
                var e = {|SVH110:WebRequest.CreateDefault(new Uri("http://example.com/"))|};
            }
        }
        """);

    [Fact]
    public Task Top_level_statements() => Verify.VerifyProgramAsync("""
        using System.Net;
        using var client = {|SVH110:new WebClient()|};
        System.Console.WriteLine(client.DownloadString("https://example.com/"));
        """);

    [Fact]
    public Task NetFramework_and_netstandard_with_HttpClient_are_flagged() => Task.WhenAll(
        Verify.VerifyAsync("""
            using System.Net;
            class C
            {
                string M(string url) => {|SVH110:new WebClient()|}.DownloadString(url) + {|SVH110:WebRequest.Create(url)|}.Method;
            }
            """, TestReferences.Net48),
        Verify.VerifyAsync("""
            using System.Net;
            class C
            {
                string M(string url) => {|SVH110:new WebClient()|}.DownloadString(url);
            }
            """, TestReferences.NetStandard20));

    // ---------- negatives ----------

    [Fact]
    public Task NetFramework_without_HttpClient_is_not_flagged()
    {
        var test = new CSharpAnalyzerTest<LegacyWebClientAnalyzer, DefaultVerifier>
        {
            TestCode = """
                using System.Net;
                class C
                {
                    string M(string url) => new WebClient().DownloadString(url) + WebRequest.Create(url).Method;
                }
                """,
            ReferenceAssemblies = Net48WithoutHttp,
        };
        return test.RunAsync();
    }

    [Fact]
    public Task Non_http_requests_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            void M(string url)
            {
                var a = WebRequest.Create("ftp://example.com/file.txt");
                var b = (FtpWebRequest)WebRequest.Create(url);
                var c = WebRequest.Create(new Uri("file:///tmp/data.txt"));
                var d = WebRequest.Create(url) as FileWebRequest;
                var e = (FtpWebRequest)(WebRequest.CreateDefault(new Uri(url)));
            }
        }
        """);

    [Fact]
    public Task HttpClient_code_is_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            private static readonly HttpClient Client = new HttpClient();

            Task<string> M(string url) => Client.GetStringAsync(url);
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash()
    {
        var test = new CSharpAnalyzerTest<LegacyWebClientAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    void M(string url)
                    {
                        var a = new WebClient(;
                        var b = WebRequest.Create(
                        var c = WebRequest.Nope(url);
                        var d = new WebClient { Missing = 1 }
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH110).WithSpan(9, 17, 9, 31).WithArguments("WebClient", NetCoreCost));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH110).WithSpan(12, 17, 12, 46).WithArguments("WebClient", NetCoreCost));
        return test.RunAsync();
    }

    private const string NetCoreCost = "blocks the calling thread, and a request with credentials, a proxy, cookies or a certificate callback builds its own HttpClient and connections";

    [Fact]
    public Task Message_says_what_the_legacy_api_costs_on_each_target() => Task.WhenAll(
        // .NET 5+: the harness measured one cached HttpClient for default settings, so the message claims no connection
        // per request; it names the settings that do get their own client. .NET Framework / netstandard: blocking.
        new CSharpAnalyzerTest<SocketVsHttp.Http.LegacyWebClientAnalyzer, DefaultVerifier>
        {
            TestCode = "using System.Net; class C { string Get(string u) { using var c = {|#0:new WebClient()|}; return c.DownloadString(u); } }",
            ReferenceAssemblies = TestReferences.Net100,
            ExpectedDiagnostics = { new DiagnosticResult(Descriptors.SVH110).WithLocation(0).WithArguments("WebClient", NetCoreCost) },
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync(),
        new CSharpAnalyzerTest<SocketVsHttp.Http.LegacyWebClientAnalyzer, DefaultVerifier>
        {
            TestCode = "using System.Net; class C { WebRequest Get(string u) => {|#0:WebRequest.Create(u)|}; }",
            ReferenceAssemblies = TestReferences.Net48,
            ExpectedDiagnostics = { new DiagnosticResult(Descriptors.SVH110).WithLocation(0).WithArguments("WebRequest.Create", "is a legacy API whose synchronous calls block the calling thread") },
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync());

    // ---------- code fix ----------

    [Fact]
    public Task Fix_using_declaration_in_async_method() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task<int> CountAsync(string url)
            {
                // fetch the page
                using var client = {|SVH110:new WebClient()|};
                var text = client.DownloadString(url);
                client.UploadString(url, text); // echo it back
                return text.Length + client.DownloadData(url).Length;
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            async Task<int> CountAsync(string url)
            {
                // fetch the page
                var text = await SharedHttpClient.GetStringAsync(url);
                await (await SharedHttpClient.PostAsync(url, new StringContent(text))).EnsureSuccessStatusCode().Content.ReadAsStringAsync(); // echo it back
                return text.Length + (await SharedHttpClient.GetByteArrayAsync(url)).Length;
            }
        }
        """);

    [Fact]
    public Task Fix_direct_call_and_task_async_forms() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task<string> A(Uri uri) => {|SVH110:new WebClient()|}.DownloadString(uri);

            Task<byte[]> B(string url) => {|SVH110:new WebClient()|}.DownloadDataTaskAsync(url);

            Task<string> D(string url)
            {
                var client = {|SVH110:new WebClient()|};
                return client.DownloadStringTaskAsync(url);
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            async Task<string> A(Uri uri) => await SharedHttpClient.GetStringAsync(uri);

            Task<byte[]> B(string url) => SharedHttpClient.GetByteArrayAsync(url);

            Task<string> D(string url)
            {
                return SharedHttpClient.GetStringAsync(url);
            }
        }
        """);

    [Fact]
    public Task Fix_using_statement_and_uploads() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task<string> Post(string url, string body)
            {
                using (var client = {|SVH110:new WebClient()|})
                {
                    Console.WriteLine("posting");
                    return client.UploadString(url, body);
                }
            }

            async Task<string> PostAsync(string url, string body)
            {
                using (WebClient client = {|SVH110:new WebClient()|})
                {
                    var reply = await client.UploadStringTaskAsync(url, body);
                    return reply;
                }
            }

            async Task Lambda()
            {
                Func<string, Task<string>> get = async url => await {|SVH110:new WebClient()|}.DownloadStringTaskAsync(url);
                await get("https://example.com/");
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            async Task<string> Post(string url, string body)
            {
                Console.WriteLine("posting");
                return await (await SharedHttpClient.PostAsync(url, new StringContent(body))).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
            }

            async Task<string> PostAsync(string url, string body)
            {
                {
                    var reply = await (await SharedHttpClient.PostAsync(url, new StringContent(body))).EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                    return reply;
                }
            }

            async Task Lambda()
            {
                Func<string, Task<string>> get = async url => await SharedHttpClient.GetStringAsync(url);
                await get("https://example.com/");
            }
        }
        """);

    [Fact]
    public Task Fix_reuses_an_existing_field_and_builds_a_plain_client_without_SocketsHttpHandler() => Task.WhenAll(
        VerifyFix.VerifyAsync(Usings + """
            class C
            {
                private static readonly HttpClient SharedHttpClient = new HttpClient();

                async Task<string> A(string url) => {|SVH110:new WebClient()|}.DownloadString(url);
            }
            """, Usings + """
            class C
            {
                private static readonly HttpClient SharedHttpClient = new HttpClient();

                async Task<string> A(string url) => await SharedHttpClient.GetStringAsync(url);
            }
            """),
        VerifyFix.VerifyAsync("""
            using System.Net;
            using System.Threading.Tasks;

            class C
            {
                Task<string> A(string url) => {|SVH110:new WebClient()|}.DownloadStringTaskAsync(url);
            }
            """, """
            using System.Net;
            using System.Threading.Tasks;

            class C
            {
                private static readonly System.Net.Http.HttpClient SharedHttpClient = new System.Net.Http.HttpClient();

                Task<string> A(string url) => SharedHttpClient.GetStringAsync(url);
            }
            """, TestReferences.NetStandard20));

    [Fact]
    public Task Fix_all_inserts_one_field_per_type() => VerifyFix.VerifyFixAllAsync(Usings + """
        class A
        {
            async Task<string> One(string url) => {|SVH110:new WebClient()|}.DownloadString(url);

            async Task<string> Two(string url)
            {
                using var client = {|SVH110:new WebClient()|};
                return client.DownloadString(url) + await client.DownloadStringTaskAsync(url);
            }

            class Nested
            {
                Task<byte[]> Three(string url) => {|SVH110:new WebClient()|}.DownloadDataTaskAsync(url);
            }
        }

        struct B
        {
            Task<string> Four(string url) => {|SVH110:new WebClient()|}.DownloadStringTaskAsync(url);
        }
        """, Usings + """
        class A
        {
        """ + Field + """

            async Task<string> One(string url) => await SharedHttpClient.GetStringAsync(url);

            async Task<string> Two(string url)
            {
                return await SharedHttpClient.GetStringAsync(url) + await SharedHttpClient.GetStringAsync(url);
            }

            class Nested
            {
                Task<byte[]> Three(string url) => SharedHttpClient.GetByteArrayAsync(url);
            }
        }

        struct B
        {
        """ + Field + """

            Task<string> Four(string url) => SharedHttpClient.GetStringAsync(url);
        }
        """);

    [Fact]
    public Task No_fix_when_the_rewrite_would_block_or_lose_settings() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            private readonly object gate = new object();

            int Sync(string url) => Math.Max(1, {|SVH110:new WebClient()|}.DownloadString(url).Length);

            async Task<string> Headers(string url)
            {
                using var client = {|SVH110:new WebClient()|};
                client.Headers.Add("Authorization", "Bearer x");
                return await client.DownloadStringTaskAsync(url);
            }

            async Task<string> Credentials(string url)
            {
                using var client = {|SVH110:new WebClient()|};
                client.UseDefaultCredentials = true;
                return client.DownloadString(url);
            }

            async Task Locked(string url)
            {
                using var client = {|SVH110:new WebClient()|};
                lock (gate)
                {
                    Console.WriteLine(url + client.DownloadString(url));
                }
            }

            async Task<string> Configured(string url) => {|SVH110:new WebClient { BaseAddress = url }|}.DownloadString("/");

            Task<string> NotAwaited(string url, string body) => {|SVH110:new WebClient()|}.UploadStringTaskAsync(url, body);

            async Task<string> Method(string url, string body) => {|SVH110:new WebClient()|}.UploadString(url, "PUT", body);

            async Task File(string url) => {|SVH110:new WebClient()|}.DownloadFile(url, "x");

            Task<string> Request(string url) => Task.FromResult({|SVH110:WebRequest.Create(url)|}.Method);
        }

        class Conflict
        {
            async Task<string> A(string url, HttpClient SharedHttpClient) => {|SVH110:new WebClient()|}.DownloadString(url);
        }
        """);

    // ---------- code fix: synchronous code ----------

    [Fact]
    public Task Fix_synchronous_calls_send_on_the_shared_client() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            string Page(string url)
            {
                // fetch the page
                using var client = {|SVH110:new WebClient()|};
                var text = client.DownloadString(url);
                return text.Trim();
            }

            string Arrow(Uri uri) => {|SVH110:new WebClient()|}.DownloadString(uri);

            int Count(string url) => {|SVH110:new WebClient()|}.DownloadString(url).Length;

            string Token(string url, System.Threading.CancellationToken token)
            {
                using var client = {|SVH110:new WebClient()|};
                return client.DownloadString(url);
            }

            byte[] Bytes(string url)
            {
                using (var client = {|SVH110:new WebClient()|})
                {
                    return client.DownloadData(url);
                }
            }

            string Post(string url, string body)
            {
                var reader = body;
                var client = {|SVH110:new WebClient()|};
                var reply = client.UploadString(url, reader);
                return reply;
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            string Page(string url)
            {
                // fetch the page
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                var text = reader.ReadToEnd();
                return text.Trim();
            }

            string Arrow(Uri uri)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, uri)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd();
            }

            int Count(string url)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd().Length;
            }

            string Token(string url, System.Threading.CancellationToken token)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url), token).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream(token));
                return reader.ReadToEnd();
            }

            byte[] Bytes(string url)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var buffer = new System.IO.MemoryStream();
                response.Content.ReadAsStream().CopyTo(buffer);
                return buffer.ToArray();
            }

            string Post(string url, string body)
            {
                var reader = body;
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(reader) }).EnsureSuccessStatusCode();
                using var reader2 = new System.IO.StreamReader(response.Content.ReadAsStream());
                var reply = reader2.ReadToEnd();
                return reply;
            }
        }
        """);

    [Fact]
    public Task Fix_all_names_each_synchronous_read_of_a_using_statement() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            string Combine(string first, string second)
            {
                using (var client = {|SVH110:new WebClient()|})
                {
                    var a = client.DownloadString(first);
                    var b = client.DownloadString(second);
                    return a + b;
                }
            }

            string Other(string url) => {|SVH110:new WebClient()|}.DownloadString(url);
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            string Combine(string first, string second)
            {
                {
                    using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, first)).EnsureSuccessStatusCode();
                    using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                    var a = reader.ReadToEnd();
                    using var response2 = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, second)).EnsureSuccessStatusCode();
                    using var reader2 = new System.IO.StreamReader(response2.Content.ReadAsStream());
                    var b = reader2.ReadToEnd();
                    return a + b;
                }
            }

            string Other(string url)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd();
            }
        }
        """);

    [Fact]
    public Task Fix_web_request_with_a_disposed_response_sends_a_request_message() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            string Fetch(string url)
            {
                var request = {|SVH110:WebRequest.Create(url)|};
                using var response = request.GetResponse();
                using var reader = new System.IO.StreamReader(response.GetResponseStream());
                return reader.ReadToEnd();
            }

            long Cast(Uri uri)
            {
                HttpWebRequest request = (HttpWebRequest){|SVH110:WebRequest.Create(uri)|};
                using (HttpWebResponse response = (HttpWebResponse)request.GetResponse())
                {
                    return response.GetResponseStream().Length;
                }
            }

            void Ping(string url, System.Threading.CancellationToken ct)
            {
                using var response = {|SVH110:WebRequest.CreateHttp(url)|}.GetResponse();
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            string Fetch(string url)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = SharedHttpClient.Send(request, HttpCompletionOption.ResponseHeadersRead).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd();
            }

            long Cast(Uri uri)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                using (var response = SharedHttpClient.Send(request, HttpCompletionOption.ResponseHeadersRead).EnsureSuccessStatusCode())
                {
                    return response.Content.ReadAsStream().Length;
                }
            }

            void Ping(string url, System.Threading.CancellationToken ct)
            {
                using var response = SharedHttpClient.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, ct).EnsureSuccessStatusCode();
            }
        }
        """);

    [Fact]
    public Task Fix_web_request_in_async_code_awaits_SendAsync() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            async Task<string> ReadAsync(string url)
            {
                var request = (HttpWebRequest){|SVH110:WebRequest.Create(url)|};
                using var response = await request.GetResponseAsync();
                using var reader = new System.IO.StreamReader(response.GetResponseStream());
                return await reader.ReadToEndAsync();
            }

            async Task<long> LengthAsync(string url, System.Threading.CancellationToken ct)
            {
                using var response = {|SVH110:WebRequest.Create(url)|}.GetResponse();
                return response.GetResponseStream().Length;
            }
        }
        """, Usings + """
        class C
        {
        """ + Field + """

            async Task<string> ReadAsync(string url)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, url);
                using var response = (await SharedHttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(await response.Content.ReadAsStreamAsync());
                return await reader.ReadToEndAsync();
            }

            async Task<long> LengthAsync(string url, System.Threading.CancellationToken ct)
            {
                using var response = (await SharedHttpClient.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, ct)).EnsureSuccessStatusCode();
                return (await response.Content.ReadAsStreamAsync(ct)).Length;
            }
        }
        """);

    [Fact]
    public Task No_synchronous_fix_where_the_rewrite_would_be_wrong() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            string Part(string url, bool cached) => cached ? "" : {|SVH110:new WebClient()|}.DownloadString(url);

            void Embedded(string url, bool fetch)
            {
                using var client = {|SVH110:new WebClient()|};
                if (fetch)
                    client.DownloadString(url);
            }

            string Property => {|SVH110:new WebClient()|}.DownloadString("http://localhost/");

            string Method(string url)
            {
                var request = {|SVH110:WebRequest.Create(url)|};
                request.Method = "POST";
                using var response = request.GetResponse();
                using var reader = new System.IO.StreamReader(response.GetResponseStream());
                return reader.ReadToEnd();
            }

            string StatusAfter(string url)
            {
                var request = {|SVH110:WebRequest.Create(url)|};
                using var response = (HttpWebResponse)request.GetResponse();
                return response.StatusCode.ToString();
            }

            System.IO.Stream NotDisposed(string url)
            {
                var response = {|SVH110:WebRequest.Create(url)|}.GetResponse();
                return response.GetResponseStream();
            }

            async Task<string> NotAwaited(string url)
            {
                var pending = {|SVH110:WebRequest.Create(url)|}.GetResponseAsync();
                using var response = await pending;
                return response.ContentType;
            }

            string TwoTokens(string url, System.Threading.CancellationToken a, System.Threading.CancellationToken b)
            {
                using var client = {|SVH110:new WebClient()|};
                var text = client.DownloadString(url);
                return text;
            }

            string Twice(string url)
            {
                using var response = {|SVH110:WebRequest.Create(url)|}.GetResponse();
                using var first = new System.IO.StreamReader(response.GetResponseStream());
                using var second = new System.IO.StreamReader(response.GetResponseStream());
                return first.ReadToEnd() + second.ReadToEnd();
            }
        }
        """);

    [Fact]
    public Task No_synchronous_fix_on_targets_without_HttpClient_Send() => Task.WhenAll(
        VerifyFix.VerifyAsync("""
            using System.Net;

            class C
            {
                string Page(string url)
                {
                    using var client = {|SVH110:new WebClient()|};
                    var text = client.DownloadString(url);
                    return text;
                }

                string Fetch(string url)
                {
                    using var response = {|SVH110:WebRequest.Create(url)|}.GetResponse();
                    using var reader = new System.IO.StreamReader(response.GetResponseStream());
                    return reader.ReadToEnd();
                }
            }
            """, """
            using System.Net;

            class C
            {
                string Page(string url)
                {
                    using var client = {|SVH110:new WebClient()|};
                    var text = client.DownloadString(url);
                    return text;
                }

                string Fetch(string url)
                {
                    using var response = {|SVH110:WebRequest.Create(url)|}.GetResponse();
                    using var reader = new System.IO.StreamReader(response.GetResponseStream());
                    return reader.ReadToEnd();
                }
            }
            """, TestReferences.NetStandard20));

    [Fact]
    public Task No_fix_in_top_level_statements()
    {
        var test = VerifyFix.Create("""
            using System.Net;
            var text = await {|SVH110:new WebClient()|}.DownloadStringTaskAsync("https://example.com/");
            """, """
            using System.Net;
            var text = await {|SVH110:new WebClient()|}.DownloadStringTaskAsync("https://example.com/");
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_all_gives_a_partial_type_one_field_across_documents()
    {
        var test = VerifyFix.Create(Usings + """
            partial class P
            {
                Task<string> A(string url) => {|SVH110:new WebClient()|}.DownloadStringTaskAsync(url);
            }
            """, Usings + """
            partial class P
            {
            """ + Field + """

                Task<string> A(string url) => SharedHttpClient.GetStringAsync(url);
            }
            """, TestReferences.Net100);
        test.TestState.Sources.Add(("Second.cs", Usings + """
            partial class P
            {
                async Task<byte[]> B(string url) => {|SVH110:new WebClient()|}.DownloadData(url);
            }
            """));
        test.FixedState.Sources.Add(("Second.cs", Usings + """
            partial class P
            {
                async Task<byte[]> B(string url) => await SharedHttpClient.GetByteArrayAsync(url);
            }
            """));
        return test.RunAsync();
    }
}
