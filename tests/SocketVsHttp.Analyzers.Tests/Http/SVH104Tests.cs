using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.ResponseNotDisposedAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.ResponseNotDisposedAnalyzer, SocketVsHttp.Http.ResponseNotDisposedFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH104Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task Headers_read_response_never_disposed_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                return (int)response.StatusCode;
            }
        }
        """);

    [Fact]
    public Task Content_read_as_stream_without_dispose_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<long> Run(string url)
            {
                var response = await {|SVH104:client.GetAsync(url)|};
                response.EnsureSuccessStatusCode();
                using var stream = await response.Content.ReadAsStreamAsync();
                return stream.Length;
            }

            async Task Copy(HttpRequestMessage request, Stream target)
            {
                var response = await {|SVH104:client.SendAsync(request)|};
                await response.Content.CopyToAsync(target);
            }
        }
        """);

    [Fact]
    public Task Dispose_only_on_the_success_path_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(HttpRequestMessage request, Stream target)
            {
                var response = await {|SVH104:client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)|};
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(target);
                response.Dispose();
            }
        }
        """);

    [Fact]
    public Task Discarded_headers_read_response_and_inline_stream_read_are_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Ping(string url)
            {
                await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                _ = await {|SVH104:client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|}.ConfigureAwait(false);
            }

            async Task<int> FirstByte(string url)
            {
                var stream = await (await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|}).Content.ReadAsStreamAsync();
                return stream.ReadByte();
            }
        }
        """);

    [Fact]
    public Task Synchronous_send_and_blocking_result_are_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Sync(HttpRequestMessage request)
            {
                var response = {|SVH104:client.Send(request, HttpCompletionOption.ResponseHeadersRead)|};
                return (int)response.StatusCode;
            }

            int Blocking(string url)
            {
                var response = {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|}.Result;
                return (int)response.StatusCode;
            }

            int Awaiter(string url)
            {
                var response = {|SVH104:client.DeleteAsync(url)|}.GetAwaiter().GetResult();
                return response.Content.ReadAsStream().ReadByte();
            }
        }
        """);

    [Fact]
    public Task Message_names_the_method() => Verify.VerifyAsync(Usings + """
        class C
        {
            async Task Run(HttpClient client, string url)
            {
                var response = await {|#0:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                Console.WriteLine(response.StatusCode);
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH104).WithLocation(0).WithArguments("GetAsync"));

    [Fact]
    public Task Forms_lambda_local_function_and_top_level() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            void Register()
            {
                Func<string, Task<int>> probe = async url =>
                {
                    var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                    return (int)response.StatusCode;
                };

                async Task<int> Local(string url)
                {
                    HttpResponseMessage response = await {|SVH104:client.PutAsync(url, null)|};
                    return (await response.Content.ReadAsStreamAsync()).ReadByte();
                }
            }

            async Task<int> ExpressionBodied(string url) =>
                (int)(await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|}).StatusCode;

            async Task<bool> TargetTypedNew(string url)
            {
                HttpResponseMessage response = await {|SVH104:client.SendAsync(new(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|};
                return response.IsSuccessStatusCode;
            }

            async Task InLoop(string[] urls, Stream target)
            {
                foreach (var url in urls)
                {
                    var response = await {|SVH104:client.PatchAsync(url, null)|};
                    await response.Content.CopyToAsync(target);
                }
            }
        }
        """);

    [Fact]
    public Task Top_level_statements_are_analyzed() => Verify.VerifyProgramAsync("""
        using System;
        using System.Net.Http;

        var client = new HttpClient();
        var response = await {|SVH104:client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead)|};
        Console.WriteLine(response.StatusCode);
        """);

    [Fact]
    public Task Works_on_net48_and_netstandard20()
    {
        const string source = Usings + """
            class C
            {
                async Task<int> Run(HttpClient client, string url)
                {
                    var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                    return (int)response.StatusCode;
                }
            }
            """;
        return Task.WhenAll(
            Verify.VerifyAsync(source, TestReferences.Net48),
            Verify.VerifyAsync(source, TestReferences.NetStandard20));
    }

    [Fact]
    public Task Early_return_before_a_later_using_is_flagged_at_the_call_with_the_exit() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string?> Run(string url)
            {
                var response = await {|#0:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                if (!response.IsSuccessStatusCode)
                {
                    {|#1:return null;|}
                }

                using (response)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH104).WithLocation(0).WithLocation(1).WithArguments("GetAsync"));

    [Fact]
    public Task Continue_or_break_before_a_later_using_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<long> Run(string[] urls)
            {
                long total = 0;
                foreach (var url in urls)
                {
                    HttpResponseMessage response;
                    response = await {|SVH104:client.GetAsync(url)|};
                    if (response.Content.Headers.ContentLength is null) continue;
                    using (response)
                    {
                        using var stream = await response.Content.ReadAsStreamAsync();
                        total += stream.Length;
                    }
                }

                return total;
            }

            async Task Stop(string url)
            {
                while (true)
                {
                    var response = await {|SVH104:client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|};
                    if (response.StatusCode == System.Net.HttpStatusCode.NotModified) break;
                    using (response) { }
                }
            }
        }
        """);

    [Fact]
    public Task Early_exit_shapes_that_dispose_or_never_had_a_response_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string?> DisposedFirst(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (!response.IsSuccessStatusCode)
                {
                    response.Dispose();
                    return null;
                }

                using (response)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }

            async Task<string?> ConditionalDispose(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == System.Net.HttpStatusCode.NoContent)
                {
                    response?.Dispose();
                    return null;
                }

                using (response)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }

            async Task<string?> CatchReturnsBeforeAnyResponse(string url)
            {
                HttpResponseMessage response;
                try
                {
                    response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                }
                catch (HttpRequestException)
                {
                    return null;
                }

                using (response)
                {
                    return await response.Content.ReadAsStringAsync();
                }
            }

            async Task<int> InnerLoopAndLambda(string url, int[] codes)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                foreach (var code in codes)
                {
                    if (code == 0) continue;
                    if (code < 0) break;
                }

                Func<int> local = () => { return 1; };
                using (response)
                {
                    return (int)response.StatusCode + local();
                }
            }

            async Task<HttpResponseMessage?> ReturnsIt(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                using (response)
                {
                    return null;
                }
            }
        }
        """);

    [Fact]
    public Task Early_exit_finding_has_no_fix() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                if (response.Content.Headers.ContentLength == 0) return 0;
                using (response)
                {
                    return (int)response.StatusCode;
                }
            }
        }
        """);

    // ---------- negatives ----------

    [Fact]
    public Task Using_forms_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> UsingVar(string url)
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return (await response.Content.ReadAsStreamAsync()).ReadByte();
            }

            async Task<int> UsingStatement(string url)
            {
                using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
                {
                    return (int)response.StatusCode;
                }
            }

            async Task<int> UsingExistingLocal(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                using (response)
                {
                    return (int)response.StatusCode;
                }
            }

            async Task<int> UsingInline(string url)
            {
                using (await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
                {
                    return 0;
                }
            }

            async Task<int> UsingEnsureChain(string url)
            {
                using var response = (await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)).EnsureSuccessStatusCode();
                return (await response.Content.ReadAsStreamAsync()).ReadByte();
            }

            async Task<int> Aliased(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                using var owned = response;
                return (int)owned.StatusCode;
            }
        }
        """);

    [Fact]
    public Task Disposed_in_finally_or_catch_is_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Finally(string url, Stream target)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                try
                {
                    await response.Content.CopyToAsync(target);
                }
                finally
                {
                    response.Dispose();
                }
            }

            async Task NullableFinally(string url, Stream target)
            {
                HttpResponseMessage? response = null;
                try
                {
                    response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    await response.Content.CopyToAsync(target);
                }
                finally
                {
                    response?.Dispose();
                }
            }

            async Task<HttpResponseMessage> DisposeOnFailure(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                try
                {
                    response.EnsureSuccessStatusCode();
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                return response;
            }

            async Task DisposeInCatchAndAtTheEnd(string url, Stream target)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                try
                {
                    await response.Content.CopyToAsync(target);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }

                response.Dispose();
            }
        }
        """);

    [Fact]
    public Task Dispose_only_in_catch_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(string url, Stream target)
            {
                var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                try
                {
                    await response.Content.CopyToAsync(target);
                }
                catch
                {
                    response.Dispose();
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Ownership_handed_on_is_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();
            private HttpResponseMessage? last;

            HttpResponseMessage? Last { get; set; }

            async Task<HttpResponseMessage> Returned(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return response;
            }

            async Task<HttpResponseMessage> ReturnedInline(string url) =>
                await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

            async Task<HttpResponseMessage> ReturnedAfterEnsure(string url) =>
                (await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)).EnsureSuccessStatusCode();

            async Task StoredInField(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                last = response;
            }

            async Task StoredInProperty(string url)
            {
                Last = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            }

            async Task PassedOn(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                Consume(response);
            }

            async Task PassedInline(string url) => Consume(await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead));

            async Task<Stream> StreamReturned(string url)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStreamAsync();
            }

            async Task DisposedByCallback(string url, CancellationToken token)
            {
                var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                token.Register(() => response.Dispose());
            }

            static void Consume(HttpResponseMessage response) => response.Dispose();
        }
        """);

    [Fact]
    public Task Buffered_responses_fully_read_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string> Text(string url)
            {
                var response = await client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }

            async Task<byte[]> Bytes(string url)
            {
                var response = await client.PostAsync(url, new StringContent("x"));
                return await response.Content.ReadAsByteArrayAsync();
            }

            async Task<int> Status(string url) => (int)(await client.GetAsync(url)).StatusCode;

            async Task Fire(string url) => await client.DeleteAsync(url);
        }
        """);

    [Fact]
    public Task Non_http_methods_and_unknown_completion_options_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class Fake
        {
            public Task<HttpResponseMessage> GetAsync(string url, HttpCompletionOption option) => Task.FromResult(new HttpResponseMessage());
        }

        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> NotHttpClient(Fake fake, string url)
            {
                var response = await fake.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                return (int)response.StatusCode;
            }

            async Task<int> OptionFromCaller(string url, HttpCompletionOption option)
            {
                var response = await client.GetAsync(url, option);
                return (int)response.StatusCode;
            }

            Task<HttpResponseMessage> NotAwaited(string url) => client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash()
    {
        var test = VerifyFix.Create(Usings + """
            class C
            {
                async Task Run(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead
                    var other = await client.SendAsync(;
                    await response.Content.ReadAsStreamAsync(
                }
            """, Usings + """
            class C
            {
                async Task Run(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead
                    var other = await client.SendAsync(;
                    await response.Content.ReadAsStreamAsync(
                }
            """, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public Task Fix_adds_using_declaration_and_keeps_comments() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                // fetch headers only
                var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|}; // trailing
                return (int)response.StatusCode;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                // fetch headers only
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead); // trailing
                return (int)response.StatusCode;
            }
        }
        """);

    [Fact]
    public Task Fix_removes_the_redundant_dispose() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(HttpRequestMessage request, Stream target)
            {
                HttpResponseMessage response = await {|SVH104:client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)|};
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(target);
                response.Dispose();
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(HttpRequestMessage request, Stream target)
            {
                using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await response.Content.CopyToAsync(target);
            }
        }
        """);

    [Fact]
    public Task Fix_all_in_document_fixes_every_response() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(string url, Stream target)
            {
                var first = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                var second = {|SVH104:client.GetAsync(url)|}.Result;
                await first.Content.CopyToAsync(target);
                await second.Content.CopyToAsync(target);
                first.Dispose();
                second?.Dispose();
            }

            int Sync(HttpRequestMessage request)
            {
                var response = {|SVH104:client.Send(request, HttpCompletionOption.ResponseHeadersRead)|};
                return (int)response.StatusCode;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task Run(string url, Stream target)
            {
                using var first = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                using var second = client.GetAsync(url).Result;
                await first.Content.CopyToAsync(target);
                await second.Content.CopyToAsync(target);
            }

            int Sync(HttpRequestMessage request)
            {
                using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                return (int)response.StatusCode;
            }
        }
        """);

    [Fact]
    public Task Fix_in_lambda_and_top_level_program()
    {
        var test = VerifyFix.Create("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            var client = new HttpClient();
            var response = await {|SVH104:client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead)|};
            Func<Task<int>> probe = async () =>
            {
                var inner = await {|SVH104:client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead)|};
                return (int)inner.StatusCode;
            };
            Console.WriteLine(response.StatusCode);
            """, """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            var client = new HttpClient();
            using var response = await client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead);
            Func<Task<int>> probe = async () =>
            {
                using var inner = await client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead);
                return (int)inner.StatusCode;
            };
            Console.WriteLine(response.StatusCode);
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_removes_redundant_dispose_in_top_level_program()
    {
        var test = VerifyFix.Create("""
            using System;
            using System.Net.Http;

            var client = new HttpClient();
            var response = await {|SVH104:client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead)|};
            response.EnsureSuccessStatusCode();
            Console.WriteLine(response.StatusCode);
            response.Dispose();
            Console.WriteLine("done");
            """, """
            using System;
            using System.Net.Http;

            var client = new HttpClient();
            using var response = await client.GetAsync("http://localhost/", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            Console.WriteLine(response.StatusCode);
            Console.WriteLine("done");
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task No_fix_in_switch_section_or_for_assigned_local() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Switch(int kind, string url)
            {
                switch (kind)
                {
                    case 1:
                        var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                        return (int)response.StatusCode;
                    default:
                        return 0;
                }
            }

            async Task<int> Assigned(string url)
            {
                HttpResponseMessage response;
                response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                return (int)response.StatusCode;
            }

            async Task<int> Reassigned(string url)
            {
                var response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                response = await {|SVH104:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                return (int)response.StatusCode;
            }
        }
        """);

    // ---- a retry loop in a message handler that drops unbuffered responses ----

    [Fact]
    public async Task Flags_a_retry_loop_in_a_handler_that_drops_responses()
    {
        const string source = Usings + """
            using System.Net;

            class CatchRetry : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
                {
                    HttpResponseMessage response = null;
                    var attempts = 0;
                    var sent = false;
                    while (!sent)
                    {
                        try
                        {
                            response = await {|#0:base.SendAsync(request, token)|}.ConfigureAwait(false);
                            ThrowIfRetriable(response);
                            sent = true;
                        }
                        catch (HttpRequestException)
                        {
                            if (++attempts > 3) throw;
                            await Task.Delay(100);
                        }
                    }

                    return response;
                }

                private void ThrowIfRetriable(HttpResponseMessage response)
                {
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable) throw new HttpRequestException("retry");
                }
            }

            class ConditionRetry : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
                {
                    HttpResponseMessage response;
                    var attempts = 0;
                    do
                    {
                        response = await {|#1:base.SendAsync(request, token)|};
                    }
                    while (!response.IsSuccessStatusCode && ++attempts < 3);
                    return response;
                }
            }

            class ContinueRetry : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
                {
                    for (var i = 0; ; i++)
                    {
                        var response = await {|#2:base.SendAsync(request, token)|};
                        if ((int)response.StatusCode >= 500 && i < 3)
                        {
                            continue;
                        }

                        return response;
                    }
                }
            }

            class FallThroughRetry : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
                {
                    for (var i = 0; i < 3; i++)
                    {
                        var response = await {|#3:base.SendAsync(request, token)|};
                        if (response.IsSuccessStatusCode)
                        {
                            return response;
                        }

                        await Task.Delay(100, token);
                    }

                    throw new HttpRequestException("gave up");
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(Descriptors.SVH104).WithLocation(0).WithArguments("SendAsync"),
            new DiagnosticResult(Descriptors.SVH104).WithLocation(1).WithArguments("SendAsync"),
            new DiagnosticResult(Descriptors.SVH104).WithLocation(2).WithArguments("SendAsync"),
            new DiagnosticResult(Descriptors.SVH104).WithLocation(3).WithArguments("SendAsync"));
    }

    [Fact]
    public async Task Ignores_handler_sends_that_dispose_read_or_do_not_retry()
    {
        const string source = Usings + """
            class Handlers : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken token)
                {
                    // Disposed before the next attempt.
                    for (var i = 0; i < 3; i++)
                    {
                        var response = await base.SendAsync(request, token);
                        if (response.IsSuccessStatusCode)
                        {
                            return response;
                        }

                        response.Dispose();
                    }

                    // The content is read (the connection goes back when it is drained).
                    for (var i = 0; i < 3; i++)
                    {
                        var response = await base.SendAsync(request, token);
                        if (response.IsSuccessStatusCode)
                        {
                            return response;
                        }

                        await response.Content.ReadAsStringAsync();
                    }

                    // Handed to another object that may dispose it.
                    for (var i = 0; i < 3; i++)
                    {
                        var response = await base.SendAsync(request, token);
                        if (response.IsSuccessStatusCode)
                        {
                            return response;
                        }

                        Sink.Drop(response);
                    }

                    // A catch that always rethrows does not retry.
                    HttpResponseMessage last = null;
                    while (last == null)
                    {
                        try
                        {
                            last = await base.SendAsync(request, token);
                            last.EnsureSuccessStatusCode();
                        }
                        catch (HttpRequestException)
                        {
                            throw;
                        }
                    }

                    // No retry: one send, returned.
                    return await base.SendAsync(request, token);
                }
            }

            static class Sink
            {
                public static void Drop(HttpResponseMessage response) => response.Dispose();
            }
            """;
        await Verify.VerifyAsync(source);
    }
}
