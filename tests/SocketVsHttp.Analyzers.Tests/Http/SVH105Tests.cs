using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.BlockingHttpWaitAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.BlockingHttpWaitAnalyzer, SocketVsHttp.Http.BlockingHttpWaitFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH105Tests
{
    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // ---------- positives ----------

    [Fact]
    public Task Blocking_reads_of_http_tasks_are_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Result(string url) => client.GetStringAsync(url){|SVH105:.Result|};

            void Wait(string url) => client.DeleteAsync(url){|SVH105:.Wait()|};

            bool WaitWithTimeout(string url) => client.DeleteAsync(url){|SVH105:.Wait(TimeSpan.FromSeconds(5))|};

            string Awaiter(string url) => client.GetStringAsync(url){|SVH105:.GetAwaiter().GetResult()|};

            string ConfiguredAwaiter(string url) => client.GetStringAsync(url).ConfigureAwait(false){|SVH105:.GetAwaiter().GetResult()|};

            string Content(HttpResponseMessage response) => response.Content.ReadAsStringAsync(){|SVH105:.Result|};

            int Chained(string url) => client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead){|SVH105:.Result|}.Content.ReadAsByteArrayAsync(){|SVH105:.Result|}.Length;

            HttpResponseMessage Invoker(HttpMessageInvoker invoker, HttpRequestMessage request) => invoker.SendAsync(request, CancellationToken.None){|SVH105:.Result|};
        }
        """);

    [Fact]
    public Task Message_names_the_blocking_member_and_the_http_method() => Verify.VerifyAsync(Usings + """
        class C
        {
            string Run(HttpClient client, string url) => client.GetStringAsync(url){|#0:.Result|};
        }
        """,
        new DiagnosticResult(Descriptors.SVH105).WithLocation(0).WithArguments(".Result", "GetStringAsync"));

    [Fact]
    public Task Local_holding_an_http_task_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Run(string url)
            {
                var task = client.GetStringAsync(url);
                DoOtherWork();
                return task{|SVH105:.Result|};
            }

            void Waits(string url)
            {
                Task<HttpResponseMessage> task = client.PostAsync(url, null);
                task{|SVH105:.Wait()|};
                Console.WriteLine(task.Result.StatusCode);
            }

            static void DoOtherWork() { }
        }
        """);

    [Fact]
    public Task Forms_lambdas_local_functions_and_json_extensions() => Verify.VerifyAsync(Usings + """
        using System.Net.Http.Json;

        class C
        {
            static readonly HttpClient client = new HttpClient();

            void Run(string url)
            {
                Func<string> get = () => client.GetStringAsync(url){|SVH105:.Result|};
                int Local() => client.GetFromJsonAsync<int>(url){|SVH105:.Result|};
                var status = client.GetAsync(url){|SVH105:.Result|} is { IsSuccessStatusCode: true };
            }
        }
        """);

    [Fact]
    public Task Works_on_net48_and_netstandard20()
    {
        const string source = Usings + """
            class C
            {
                string Run(HttpClient client, string url) => client.GetStringAsync(url){|SVH105:.Result|};
            }
            """;
        return Task.WhenAll(
            Verify.VerifyAsync(source, TestReferences.Net48),
            Verify.VerifyAsync(source, TestReferences.NetStandard20));
    }

    [Fact]
    public Task Blocking_on_Task_Run_around_an_http_call_is_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Result(string url) => Task.Run(() => client.GetStringAsync(url)){|SVH105:.Result|};

            string Awaiter(string url) => Task.Run(() => client.GetStringAsync(url)){|SVH105:.GetAwaiter().GetResult()|};

            string AsyncLambda(string url) => Task.Run(async () => await client.GetStringAsync(url).ConfigureAwait(false)){|SVH105:.Result|};

            string Block(string url) => Task.Run(() => { return client.GetStringAsync(url); }){|SVH105:.Result|};

            string Local(string url)
            {
                var task = Task.Run(() => client.GetStringAsync(url));
                task{|SVH105:.Wait()|};
                return task.Result;
            }
        }
        """);

    [Fact]
    public Task Local_task_printed_before_the_blocking_read_is_flagged() => Verify.VerifyAsync(Usings + """
        static class Weather
        {
            static readonly HttpClient client = new HttpClient();

            public static HttpResponseMessage Get(string city)
            {
                var task = client.GetAsync("https://weather.example/?q=" + city);
                Console.WriteLine(task.ToString());
                return task{|SVH105:.Result|};
            }
        }
        """);

    [Fact]
    public Task Reads_that_complete_at_once_are_not_flagged_and_content_still_on_the_wire_is() => Verify.VerifyAsync(Usings + """
        using System.Collections.Generic;
        using System.IO;

        class C
        {
            static byte[] Form(Dictionary<string, string> form)
            {
                var content = new FormUrlEncodedContent(form);
                var text = content.ReadAsStringAsync().Result;
                var inline = new StringContent("x").ReadAsByteArrayAsync().GetAwaiter().GetResult();
                return inline;
            }

            static Stream Body(HttpResponseMessage response) =>
                response.Content.ReadAsStreamAsync().ConfigureAwait(false).GetAwaiter().GetResult();

            static readonly HttpClient client = new HttpClient();

            async Task<string> Buffered(string url)
            {
                var response = await client.GetAsync(url);
                var text = response.Content.ReadAsStringAsync().Result;
                var posted = client.PostAsync(url, null){|SVH105:.Result|};
                var bytes = posted.Content.ReadAsByteArrayAsync().Result;
                var explicitOption = (await client.GetAsync(url, HttpCompletionOption.ResponseContentRead)).Content.ReadAsStringAsync().Result;
                return text + bytes.Length + explicitOption;
            }

            async Task<string> StillOnTheWire(string url, HttpCompletionOption option)
            {
                var streamed = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                var unknown = await client.GetAsync(url, option);
                return streamed.Content.ReadAsStringAsync(){|SVH105:.Result|} + unknown.Content.ReadAsStringAsync(){|SVH105:.Result|};
            }
        }
        """);

    [Fact]
    public Task Task_Run_message_says_the_http_call_runs_inside_it() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Get(string url) => Task.Run(() => client.GetStringAsync(url)).Result;
        }
        """,
        new DiagnosticResult(Descriptors.SVH105).WithSpan(9, 73, 9, 80).WithArguments(".Result", "Task.Run(() => GetStringAsync(...))"));

    [Fact]
    public Task Task_Run_that_is_awaited_or_does_other_work_is_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string> Awaited(string url) => await Task.Run(() => client.GetStringAsync(url));

            int Other() => Task.Run(() => 42).Result;

            string TwoSteps(string url) => Task.Run(() =>
            {
                Console.WriteLine(url);
                return "cached";
            }).Result;

            Task<string> Returned(string url) => Task.Run(() => client.GetStringAsync(url));
        }
        """);

    // ---------- negatives ----------

    [Fact]
    public Task Completed_tasks_and_other_tasks_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int FromResult() => Task.FromResult(42).Result;

            int CompletedValueTask() => new ValueTask<int>(42).Result;

            int Unrelated(Func<Task<int>> work) => work().Result;

            string Parameter(Task<string> task) => task.Result;

            string NotOnlyHttp(bool cached, string url)
            {
                var task = cached ? Task.FromResult("x") : client.GetStringAsync(url);
                return task.Result;
            }

            string Reassigned(string url)
            {
                var task = client.GetStringAsync(url);
                task = Task.FromResult("cached");
                return task.Result;
            }
        }
        """);

    [Fact]
    public Task Reads_after_the_task_completed_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string> AfterWhenAll(string a, string b)
            {
                var first = client.GetStringAsync(a);
                var second = client.GetStringAsync(b);
                await Task.WhenAll(first, second);
                return first.Result + second.Result;
            }

            async Task<string> AfterAwait(string url)
            {
                var task = client.GetStringAsync(url);
                await task;
                return task.Result;
            }

            string AfterWaitAll(string a, string b)
            {
                var first = client.GetStringAsync(a);
                var second = client.GetStringAsync(b);
                Task.WaitAll(first, second);
                return first.Result + second.GetAwaiter().GetResult();
            }

            string Guarded(string url)
            {
                var task = client.GetStringAsync(url);
                return task.IsCompleted ? task.Result : "pending";
            }

            string GuardedIf(string url)
            {
                var task = client.GetStringAsync(url);
                if (task.IsCompletedSuccessfully)
                {
                    return task.Result;
                }

                return "pending";
            }

            async Task<string> AwaitedNormally(string url) => await client.GetStringAsync(url);
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash()
    {
        var source = Usings + """
            class C
            {
                string Run(HttpClient client, string url)
                {
                    var t = client.GetStringAsync(url
                    return t{|SVH105:.Result|} + client.GetStringAsync(.Result + client.Foo().Result;
                }
            """;
        var test = VerifyFix.Create(source, source, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        return test.RunAsync();
    }

    // ---------- code fix: await ----------

    [Fact]
    public Task Fix_awaits_inside_async_method() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                // read the page
                var text = client.GetStringAsync(url){|SVH105:.Result|}; // blocking
                var length = client.GetStringAsync(url){|SVH105:.Result|}.Length;
                var status = client.GetAsync(url){|SVH105:.GetAwaiter().GetResult()|}.StatusCode;
                var configured = client.GetStringAsync(url).ConfigureAwait(false){|SVH105:.GetAwaiter().GetResult()|};
                client.DeleteAsync(url){|SVH105:.Wait()|};
                return text.Length + length + (int)status + configured.Length;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                // read the page
                var text = await client.GetStringAsync(url); // blocking
                var length = (await client.GetStringAsync(url)).Length;
                var status = (await client.GetAsync(url)).StatusCode;
                var configured = await client.GetStringAsync(url).ConfigureAwait(false);
                await client.DeleteAsync(url);
                return text.Length + length + (int)status + configured.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_awaits_a_local_task_and_in_async_lambdas() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string> Run(string url)
            {
                var task = client.GetStringAsync(url);
                Func<Task<int>> probe = async () => client.GetByteArrayAsync(url){|SVH105:.Result|}.Length;
                async Task<string> Local() => client.GetStringAsync(url){|SVH105:.Result|};
                return task{|SVH105:.Result|} + await Local() + await probe();
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<string> Run(string url)
            {
                var task = client.GetStringAsync(url);
                Func<Task<int>> probe = async () => (await client.GetByteArrayAsync(url)).Length;
                async Task<string> Local() => await client.GetStringAsync(url);
                return await task + await Local() + await probe();
            }
        }
        """);

    [Fact]
    public Task Fix_all_handles_nested_findings_in_one_pass() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                var a = client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead){|SVH105:.Result|}.Content.ReadAsStringAsync(){|SVH105:.Result|};
                var b = client.GetStringAsync(url){|SVH105:.Result|};
                return a.Length + b.Length;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> Run(string url)
            {
                var a = await (await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)).Content.ReadAsStringAsync();
                var b = await client.GetStringAsync(url);
                return a.Length + b.Length;
            }
        }
        """);

    [Fact]
    public Task Fix_awaits_in_top_level_statements()
    {
        var test = VerifyFix.Create("""
            using System;
            using System.Net.Http;

            var client = new HttpClient();
            var text = client.GetStringAsync("http://localhost/"){|SVH105:.Result|};
            Console.WriteLine(text);
            """, """
            using System;
            using System.Net.Http;

            var client = new HttpClient();
            var text = await client.GetStringAsync("http://localhost/");
            Console.WriteLine(text);
            """, TestReferences.Net100);
        test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return test.RunAsync();
    }

    [Fact]
    public Task Fix_awaits_Task_Run_in_async_code() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> CountAsync(string url)
            {
                var text = Task.Run(() => client.GetStringAsync(url)){|SVH105:.Result|};
                return text.Length;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            async Task<int> CountAsync(string url)
            {
                var text = await Task.Run(() => client.GetStringAsync(url));
                return text.Length;
            }
        }
        """);

    [Fact]
    public Task No_fix_for_Task_Run_around_SendAsync_in_sync_code() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Sync(HttpRequestMessage request) => Task.Run(() => client.SendAsync(request)){|SVH105:.Result|}.ReasonPhrase ?? "";
        }
        """);

    // ---------- code fix: Send / none ----------

    [Fact]
    public Task Fix_uses_synchronous_send_outside_async_code() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Run(HttpRequestMessage request)
            {
                var response = client.SendAsync(request, HttpCompletionOption.ResponseContentRead){|SVH105:.Result|};
                using var other = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "http://localhost/")){|SVH105:.GetAwaiter().GetResult()|};
                client.SendAsync(request){|SVH105:.Wait()|};
                return (int)response.StatusCode + (int)other.StatusCode;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Run(HttpRequestMessage request)
            {
                var response = client.Send(request, HttpCompletionOption.ResponseContentRead);
                using var other = client.Send(new HttpRequestMessage(HttpMethod.Get, "http://localhost/"));
                client.Send(request);
                return (int)response.StatusCode + (int)other.StatusCode;
            }
        }
        """);

    [Fact]
    public Task Fix_sends_a_request_message_for_the_verb_helpers_outside_async_code() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Run(string url, Uri uri, HttpContent body, CancellationToken ct)
            {
                using var get = client.GetAsync(url){|SVH105:.Result|};
                using var headers = client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct){|SVH105:.GetAwaiter().GetResult()|};
                using var post = client.PostAsync(url, body){|SVH105:.Result|};
                using var put = client.PutAsync(uri, body, ct){|SVH105:.Result|};
                using var patch = client.PatchAsync(url, body){|SVH105:.Result|};
                client.DeleteAsync(url){|SVH105:.Wait()|};
                return (int)get.StatusCode + (int)headers.StatusCode + (int)post.StatusCode + (int)put.StatusCode + (int)patch.StatusCode;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Run(string url, Uri uri, HttpContent body, CancellationToken ct)
            {
                using var get = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
                using var headers = client.Send(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead, ct);
                using var post = client.Send(new HttpRequestMessage(HttpMethod.Post, url) { Content = body });
                using var put = client.Send(new HttpRequestMessage(HttpMethod.Put, uri) { Content = body }, ct);
                using var patch = client.Send(new HttpRequestMessage(HttpMethod.Patch, url) { Content = body });
                client.Send(new HttpRequestMessage(HttpMethod.Delete, url));
                return (int)get.StatusCode + (int)headers.StatusCode + (int)post.StatusCode + (int)put.StatusCode + (int)patch.StatusCode;
            }
        }
        """);

    [Fact]
    public Task No_verb_helper_fix_with_named_arguments()
    {
        var source = Usings + """
            class C
            {
                HttpResponseMessage Named(HttpClient client, string url) => client.GetAsync(requestUri: url){|SVH105:.Result|};
            }
            """;
        return VerifyFix.VerifyNoFixAsync(source);
    }

    [Fact]
    public Task Fix_reads_the_body_of_a_synchronous_send_for_GetStringAsync_outside_async_code() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Report(string url)
            {
                // the whole page
                var text = client.GetStringAsync(url){|SVH105:.Result|};
                return text.Trim();
            }

            string Page(Uri uri, CancellationToken ct)
            {
                var response = "taken";
                var page = client.GetStringAsync(uri, ct){|SVH105:.GetAwaiter().GetResult()|};
                return response + page;
            }

            string Arrow(string url) => client.GetStringAsync(url){|SVH105:.Result|};

            byte[] Bytes(string url)
            {
                return client.GetByteArrayAsync(url){|SVH105:.Result|};
            }

            string Scoped(string url, CancellationToken cancellationToken) => client.GetStringAsync(url){|SVH105:.Result|};

            int Length(string url) => client.GetStringAsync(url){|SVH105:.Result|}.Length;

            void Print(string url)
            {
                Console.WriteLine(client.GetStringAsync(url){|SVH105:.Result|}.Trim());
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Report(string url)
            {
                // the whole page
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                var text = reader.ReadToEnd();
                return text.Trim();
            }

            string Page(Uri uri, CancellationToken ct)
            {
                var response = "taken";
                using var response2 = client.Send(new HttpRequestMessage(HttpMethod.Get, uri), ct).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response2.Content.ReadAsStream(ct));
                var page = reader.ReadToEnd();
                return response + page;
            }

            string Arrow(string url)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd();
            }

            byte[] Bytes(string url)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var buffer = new System.IO.MemoryStream();
                response.Content.ReadAsStream().CopyTo(buffer);
                return buffer.ToArray();
            }

            string Scoped(string url, CancellationToken cancellationToken)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream(cancellationToken));
                return reader.ReadToEnd();
            }

            int Length(string url)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                return reader.ReadToEnd().Length;
            }

            void Print(string url)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                Console.WriteLine(reader.ReadToEnd().Trim());
            }
        }
        """);

    [Fact]
    public Task Fix_all_gives_each_synchronous_read_its_own_names() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Both(string a, string b)
            {
                var first = client.GetStringAsync(a){|SVH105:.Result|};
                var second = client.GetStringAsync(b){|SVH105:.Result|};
                return first + second;
            }
        }
        """, Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            string Both(string a, string b)
            {
                using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, a)).EnsureSuccessStatusCode();
                using var reader = new System.IO.StreamReader(response.Content.ReadAsStream());
                var first = reader.ReadToEnd();
                using var response2 = client.Send(new HttpRequestMessage(HttpMethod.Get, b)).EnsureSuccessStatusCode();
                using var reader2 = new System.IO.StreamReader(response2.Content.ReadAsStream());
                var second = reader2.ReadToEnd();
                return first + second;
            }
        }
        """);

    [Fact]
    public Task No_fix_outside_async_code_without_send() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            static readonly HttpClient client = new HttpClient();

            int Second(string url) => Math.Max(url.Length, client.GetStringAsync(url){|SVH105:.Result|}.Length);

            string Conditional(string url, bool cached) => cached ? "" : client.GetStringAsync(url){|SVH105:.Result|};

            string Receiver(string url) => Prefix().Insert(0, client.GetStringAsync(url){|SVH105:.Result|});

            string Prefix() => "x";

            void Discarded(string url)
            {
                if (url.Length > 0)
                    client.GetStringAsync(url){|SVH105:.Wait()|};
            }

            System.IO.Stream Stream(string url) => client.GetStreamAsync(url){|SVH105:.Result|};

            string TwoTokens(string url, CancellationToken a, CancellationToken b)
            {
                var text = client.GetStringAsync(url){|SVH105:.Result|};
                return text;
            }

            async Task<bool> Timeout(string url)
            {
                return client.DeleteAsync(url){|SVH105:.Wait(1000)|};
            }

            async Task Locked(string url)
            {
                lock (client)
                {
                    Console.WriteLine(url + client.GetStringAsync(url){|SVH105:.Result|});
                }
            }

            async Task<string?> ConditionalAccess(HttpClient? maybe, string url)
            {
                return maybe?.GetStringAsync(url){|SVH105:.Result|};
            }

            async Task NonAsyncLambda(string url)
            {
                Func<string> get = () => client.GetStringAsync(url){|SVH105:.Result|};
                await Task.Yield();
            }
        }
        """);

    [Fact]
    public Task No_send_fix_on_net48()
    {
        var source = Usings + """
            class C
            {
                HttpResponseMessage Run(HttpClient client, HttpRequestMessage request) => client.SendAsync(request){|SVH105:.Result|};

                string Text(HttpClient client, string url)
                {
                    var text = client.GetStringAsync(url){|SVH105:.Result|};
                    return text;
                }
            }
            """;
        return VerifyFix.VerifyAsync(source, source, TestReferences.Net48);
    }
}
