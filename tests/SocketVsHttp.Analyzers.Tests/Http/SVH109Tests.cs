using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.HttpCallCanWaitForeverAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.HttpCallCanWaitForeverAnalyzer, SocketVsHttp.Http.HttpCallCanWaitForeverFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH109Tests
{
    // ---- (b) token in scope, not passed ----

    [Fact]
    public async Task Flags_calls_that_do_not_pass_the_token_in_scope()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            record Item(string Name);

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public async Task<string> RunAsync(string url, CancellationToken ct)
                {
                    using var response = await {|#0:Client.GetAsync(url)|};
                    var text = await response.Content.ReadAsStringAsync(); // buffered by GetAsync: nothing to cancel
                    var item = await response.Content.ReadFromJsonAsync<Item>();
                    await {|#3:Client.GetStringAsync(url)|};
                    await {|#4:Client.GetFromJsonAsync<Item>(url)|};
                    using var posted = await {|#5:Client.PostAsync(url, new StringContent(text))|};
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    using var sent = await {|#6:Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead)|};
                    return text;
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Missing(0, "GetAsync", "ct"),
            Missing(3, "GetStringAsync", "ct"),
            Missing(4, "GetFromJsonAsync", "ct"),
            Missing(5, "PostAsync", "ct"),
            Missing(6, "SendAsync", "ct"));
    }

    [Fact]
    public async Task Reading_content_already_in_memory_needs_no_token()
    {
        // Buffered (default ResponseContentRead, awaited, .Result or Send) or built in memory: reading it waits for no
        // peer. Streamed (ResponseHeadersRead), of unknown origin (a parameter) or with a non-constant option: flagged.
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public async Task<string> RunAsync(string url, HttpContent unknown, HttpCompletionOption option, CancellationToken ct)
                {
                    var sent = await Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
                    var a = await sent.Content.ReadAsStringAsync();
                    var response = await Client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                    HttpResponseMessage alias = response;
                    var b = await alias.Content.ReadAsByteArrayAsync();
                    var synchronous = Client.Send(new HttpRequestMessage(HttpMethod.Get, url), ct);
                    var c = await synchronous.Content.ReadAsStringAsync();
                    var blocked = Client.GetAsync(url, ct).Result;
                    var d = await blocked.Content.ReadAsStringAsync();
                    HttpContent body = new StringContent("x");
                    var e = await body.ReadAsStringAsync();
                    var f = await new FormUrlEncodedContent(new[] { new System.Collections.Generic.KeyValuePair<string, string>("k", "v") }).ReadAsStringAsync();

                    var streamed = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
                    var g = await {|SVH109:streamed.Content.ReadAsStringAsync()|};
                    var h = await {|SVH109:unknown.ReadAsStringAsync()|};
                    var chosen = await Client.GetAsync(url, option, ct);
                    var i = await {|SVH109:chosen.Content.ReadAsStringAsync()|};
                    return a + b.Length + c + d + e + f + g + h + i;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Content_of_a_response_from_a_buffering_wrapper_needs_no_token()
    {
        // A wrapper of the same type (ApiGetAsync -> SendCoreAsync -> _http.SendAsync(request, token)) hands back a
        // buffered response; one that streams (ResponseHeadersRead, an option parameter), uses an HttpMessageInvoker, or
        // whose receiver is a local hiding the field does not: reading its content is still flagged.
        const string source = """
            using System.IO;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private readonly HttpClient _http = new HttpClient();
                private readonly HttpMessageInvoker _invoker = new HttpMessageInvoker(new SocketsHttpHandler());

                public async Task<HttpResponseMessage> ApiGetAsync(string url, CancellationToken ct)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    return await SendCoreAsync(request, ct);
                }

                private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    try
                    {
                        return await _http.SendAsync(request, ct).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e)
                    {
                        throw new IOException("failed", e);
                    }
                }

                private async Task<HttpResponseMessage> StreamAsync(string url, CancellationToken ct) =>
                    await this._http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);

                private async Task<HttpResponseMessage> WithOptionAsync(string url, HttpCompletionOption option, CancellationToken ct) =>
                    await _http.GetAsync(url, ct);

                private async Task<HttpResponseMessage> InvokeAsync(HttpRequestMessage request, CancellationToken ct) =>
                    await _invoker.SendAsync(request, ct);

                private async Task<HttpResponseMessage> HiddenAsync(HttpRequestMessage request, CancellationToken ct)
                {
                    var _http = new HttpMessageInvoker(new SocketsHttpHandler());
                    return await _http.SendAsync(request, ct);
                }

                public async Task<string> RunAsync(string url, Stream output, CancellationToken ct)
                {
                    using var response = await ApiGetAsync(url, ct).ConfigureAwait(false);
                    await response.Content.CopyToAsync(output);
                    var a = await response.Content.ReadAsStringAsync();

                    using var streamed = await StreamAsync(url, ct);
                    var b = await {|SVH109:streamed.Content.ReadAsStringAsync()|};
                    using var chosen = await WithOptionAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
                    var c = await {|SVH109:chosen.Content.ReadAsStringAsync()|};
                    using var invoked = await InvokeAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
                    var d = await {|SVH109:invoked.Content.ReadAsStringAsync()|};
                    using var hidden = await HiddenAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
                    var e = await {|SVH109:hidden.Content.ReadAsStringAsync()|};
                    return a + b + c + d + e;
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Flags_tokens_of_lambdas_local_functions_locals_and_background_services()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;

            class Worker : BackgroundService
            {
                private readonly HttpClient _client = new HttpClient();

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await {|#0:_client.GetAsync("https://example.org/")|};
                    }
                }

                public Task Other()
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                    var token = cts.Token;
                    Func<CancellationToken, Task> send = async inner => await {|#1:_client.DeleteAsync("x")|};
                    return Local(token);

                    async Task Local(CancellationToken local) => await {|#2:_client.GetByteArrayAsync("x")|};
                }

                public async Task Outer(CancellationToken outer)
                {
                    await Task.Run(async () => await {|#3:_client.GetStreamAsync("x")|});
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Missing(0, "GetAsync", "stoppingToken"),
            Missing(1, "DeleteAsync", "inner"),
            Missing(2, "GetByteArrayAsync", "local"),
            Missing(3, "GetStreamAsync", "outer"));
    }

    [Fact]
    public async Task Fixes_an_aspnet_action_that_ignores_the_request_token()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class WeatherController : ControllerBase
            {
                private readonly IHttpClientFactory _factory;
                public WeatherController(IHttpClientFactory factory) => _factory = factory;

                [HttpGet]
                public async Task<string> Get(string city, CancellationToken cancellationToken)
                {
                    var client = _factory.CreateClient();
                    return await {|SVH109:client.GetStringAsync($"https://example.org/weather/{city}")|};
                }
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class WeatherController : ControllerBase
            {
                private readonly IHttpClientFactory _factory;
                public WeatherController(IHttpClientFactory factory) => _factory = factory;

                [HttpGet]
                public async Task<string> Get(string city, CancellationToken cancellationToken)
                {
                    var client = _factory.CreateClient();
                    return await client.GetStringAsync($"https://example.org/weather/{city}", cancellationToken);
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Flags_several_tokens_without_naming_one()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                public async Task RunAsync(HttpClient client, CancellationToken a, CancellationToken b)
                {
                    await {|#0:client.GetAsync("x")|};
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            new DiagnosticResult(Descriptors.SVH109).WithLocation(0)
                .WithArguments("'GetAsync'", "passes none of the CancellationTokens 'a', 'b' that are in scope", "the call cannot be cancelled"));
    }

    [Fact]
    public async Task Does_not_flag_calls_that_pass_a_token_or_have_none_in_scope()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            record Item(string Name);

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public async Task RunAsync(string url, CancellationToken ct)
                {
                    using var a = await Client.GetAsync(url, ct);
                    using var b = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
                    await a.Content.ReadAsStringAsync(ct);
                    await a.Content.ReadFromJsonAsync<Item>(cancellationToken: ct);
                    await Client.GetFromJsonAsync<Item>(url, default(CancellationToken));
                    Client.CancelPendingRequests();
                    await Task.Run(static async () => await Client.GetAsync("x"));
                    await new HttpClient().GetAsync(url, ct);
                }

                public async Task NoToken(string url)
                {
                    using var a = await Client.GetAsync(url);
                    await a.Content.ReadAsStringAsync();
                }

                public async Task LocalDeclaredLater(string url)
                {
                    await Client.GetAsync(url);
                    var ct = CancellationToken.None;
                    await Client.GetAsync(url, ct);
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Does_not_flag_overloads_the_target_lacks()
    {
        // netstandard2.0 has GetAsync(string, CancellationToken) but no ReadAsStringAsync(CancellationToken) or GetStringAsync(string, CancellationToken).
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                public async Task<string> RunAsync(HttpClient client, string url, CancellationToken ct)
                {
                    var response = await {|SVH109:client.GetAsync(url)|};
                    await client.GetStringAsync(url);
                    return await response.Content.ReadAsStringAsync();
                }
            }
            """;
        await Verify.VerifyAsync(source, TestReferences.NetStandard20);
        await Verify.VerifyAsync(source, TestReferences.Net48);
    }

    // ---- (a) infinite timeout ----

    [Fact]
    public async Task Flags_infinite_or_huge_timeouts_on_clients_whose_calls_pass_no_token()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient A = new HttpClient { {|#0:Timeout = Timeout.InfiniteTimeSpan|} };
                private readonly HttpClient _b = new HttpClient();
                private HttpClient C { get; } = new HttpClient();

                public Api()
                {
                    {|#1:_b.Timeout = TimeSpan.FromDays(2)|};
                    {|#2:C.Timeout = new TimeSpan(1, 0, 0, 0)|};
                }

                public async Task RunAsync()
                {
                    await A.GetStringAsync("x");
                    await _b.GetAsync("x");
                    await C.SendAsync(new HttpRequestMessage(HttpMethod.Get, "x"), CancellationToken.None);
                    var local = new HttpClient();
                    {|#3:local.Timeout = TimeSpan.MaxValue|};
                    await local.GetAsync("x");
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Forever(0, "A", "Timeout.InfiniteTimeSpan"),
            Forever(1, "_b", "TimeSpan.FromDays(2)"),
            Forever(2, "C", "new TimeSpan(1, 0, 0, 0)"),
            Forever(3, "local", "TimeSpan.MaxValue"));
    }

    [Fact]
    public async Task Does_not_flag_finite_timeouts_or_clients_whose_calls_pass_a_token()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            public class Api
            {
                private static readonly HttpClient A = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
                private static readonly HttpClient B = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                private static readonly HttpClient Unused = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                public static readonly HttpClient Exposed = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                private readonly HttpClient _c = new HttpClient { Timeout = TimeSpan.FromHours(23) };
                private readonly HttpClient _d = new HttpClient { Timeout = TimeSpan.FromSeconds(Seconds()) };

                public async Task RunAsync()
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                    await A.GetAsync("x");
                    await B.GetAsync("x");
                    await B.GetAsync("y", cts.Token);
                    await Exposed.GetAsync("x");
                    await _c.GetAsync("x");
                    await _d.GetAsync("x");
                }

                private static int Seconds() => 10;
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Counts_calls_in_every_part_of_a_partial_type()
    {
        const string first = """
            using System.Net.Http;
            using System.Threading;

            partial class Api
            {
                private static readonly HttpClient A = new HttpClient { {|#0:Timeout = Timeout.InfiniteTimeSpan|} };
                private static readonly HttpClient B = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                private static readonly HttpClient Unused = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            }
            """;
        const string second = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            partial class Api
            {
                public async Task RunAsync()
                {
                    using var cts = new CancellationTokenSource();
                    await A.GetAsync("x");
                    await B.GetAsync("x");
                    await B.GetAsync("y", cts.Token);
                }
            }
            """;
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Http.HttpCallCanWaitForeverAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.Sources.Add(("First.cs", first));
        test.TestState.Sources.Add(("Second.cs", second));
        test.ExpectedDiagnostics.Add(Forever(0, "A", "Timeout.InfiniteTimeSpan"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Counts_calls_in_any_member_but_not_in_nested_types()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient A = new HttpClient();
                private readonly HttpClient _b = new HttpClient();
                private static readonly HttpClient OnlyNested = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
                private readonly Func<Task> _send;

                public Api()
                {
                    {|#0:A.Timeout = Timeout.InfiniteTimeSpan|};
                    {|#1:_b.Timeout = TimeSpan.MaxValue|};
                    _send = () => A.GetAsync("x");
                }

                private Task<string> Page => Local();

                private Task<string> Local()
                {
                    return Get();
                    Task<string> Get() => _b.GetStringAsync("x");
                }

                private class Nested
                {
                    private readonly HttpClient _own = new HttpClient();

                    public async Task RunAsync(CancellationToken ct)
                    {
                        await A.GetAsync("x", ct);
                        await _own.GetAsync("x", ct);
                    }

                    public Task Run()
                    {
                        {|#2:OnlyNested.Timeout = TimeSpan.FromDays(7)|};
                        return OnlyNested.GetAsync("x");
                    }
                }
            }
            """;
        await Verify.VerifyAsync(
            source,
            Forever(0, "A", "Timeout.InfiniteTimeSpan"),
            Forever(1, "_b", "TimeSpan.MaxValue"),
            Forever(2, "OnlyNested", "TimeSpan.FromDays(7)"));
    }

    [Fact]
    public async Task Does_not_flag_writes_in_types_that_hold_no_client()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient A = new HttpClient();

                private static class Setup
                {
                    public static Task RunAsync()
                    {
                        A.Timeout = Timeout.InfiniteTimeSpan;
                        return A.GetAsync("x");
                    }
                }
            }
            """;
        await Verify.VerifyAsync(source);
    }

    [Fact]
    public async Task Huge_timeout_threshold_is_configurable()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient A = new HttpClient { {|#0:Timeout = TimeSpan.FromHours(1)|} };

                public Task RunAsync() => A.GetAsync("x");
            }
            """;
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SocketVsHttp.Http.HttpCallCanWaitForeverAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = TestReferences.Net100,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nsocketvshttp.svh109.huge_timeout_hours = 1\n"));
        test.ExpectedDiagnostics.Add(Forever(0, "A", "TimeSpan.FromHours(1)"));
        await test.RunAsync();
    }

    [Fact]
    public async Task Works_in_top_level_statements()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;

            using var cts = new CancellationTokenSource();
            var token = cts.Token;
            var client = new HttpClient { {|#0:Timeout = Timeout.InfiniteTimeSpan|} };
            await {|#1:client.GetStringAsync("https://example.org/")|};
            """;
        await Verify.VerifyProgramAsync(
            source,
            Forever(0, "client", "Timeout.InfiniteTimeSpan"),
            Missing(1, "GetStringAsync", "token"));
    }

    // ---- code fix ----

    [Fact]
    public async Task Fix_passes_the_token_choosing_the_overload_and_named_form()
    {
        const string source = """
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            record Item(string Name);

            class Api
            {
                public async Task<Item?> RunAsync(HttpClient client, string url, CancellationToken ct)
                {
                    using var response = await {|SVH109:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|}; // keep
                    await {|SVH109:client.GetAsync(requestUri: url)|};
                    await {|SVH109:response.Content.ReadAsStringAsync()|};
                    await {|SVH109:client.GetFromJsonAsync<Item>(url)|};
                    return await {|SVH109:response.Content.ReadFromJsonAsync<Item>()|};
                }
            }
            """;
        const string fixedSource = """
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            record Item(string Name);

            class Api
            {
                public async Task<Item?> RunAsync(HttpClient client, string url, CancellationToken ct)
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct); // keep
                    await client.GetAsync(requestUri: url, cancellationToken: ct);
                    await response.Content.ReadAsStringAsync(ct);
                    await client.GetFromJsonAsync<Item>(url, ct);
                    return await response.Content.ReadFromJsonAsync<Item>(ct);
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task Fix_all_handles_nested_calls_and_lambdas()
    {
        const string source = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public async Task<string> RunAsync(CancellationToken cancellationToken)
                {
                    var text = await (await {|SVH109:Client.GetAsync("a")|}).Content.ReadAsStringAsync();
                    Func<CancellationToken, Task<byte[]>> get = token => {|SVH109:Client.GetByteArrayAsync("b")|};
                    return text + await {|SVH109:Client.GetStringAsync("c")|};
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient();

                public async Task<string> RunAsync(CancellationToken cancellationToken)
                {
                    var text = await (await Client.GetAsync("a", cancellationToken)).Content.ReadAsStringAsync();
                    Func<CancellationToken, Task<byte[]>> get = token => Client.GetByteArrayAsync("b", token);
                    return text + await Client.GetStringAsync("c", cancellationToken);
                }
            }
            """;
        await VerifyFix.VerifyAsync(source, fixedSource);
    }

    [Fact]
    public async Task No_fix_for_timeouts_or_ambiguous_tokens()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient { {|SVH109:Timeout = Timeout.InfiniteTimeSpan|} };

                public async Task RunAsync(CancellationToken a, CancellationToken b)
                {
                    await {|SVH109:Client.GetAsync("x")|};
                }
            }
            """;
        await VerifyFix.VerifyNoFixAsync(source);
    }

    [Fact]
    public async Task Broken_code_does_not_crash()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading;

            class Api
            {
                private static readonly HttpClient Client = new HttpClient { Timeout = };

                public async void Run(CancellationToken ct, )
                {
                    await Client.GetAsync(;
                    await Missing.GetAsync("x");
                    Client.Timeout = TimeSpan.FromDays(;
                    await Client.GetAsync("x", ct
                }
            }
            """;
        var test = VerifyFix.Create(source, source, TestReferences.Net100);
        test.CompilerDiagnostics = CompilerDiagnostics.None;
        await test.RunAsync();
    }

    private static DiagnosticResult Missing(int location, string method, string token) =>
        new DiagnosticResult(Descriptors.SVH109).WithLocation(location)
            .WithArguments($"'{method}'", $"does not pass the CancellationToken '{token}' that is in scope", "the call cannot be cancelled");

    private static DiagnosticResult Forever(int location, string client, string value) =>
        new DiagnosticResult(Descriptors.SVH109).WithLocation(location)
            .WithArguments($"HttpClient '{client}'", $"never times out ('{value}') and none of its calls passes a CancellationToken", "a server that stops answering hangs them forever");
}
