using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;
using Verify = SocketVsHttp.Tests.Infrastructure.AnalyzerVerifier<SocketVsHttp.Http.CertificateValidationDisabledAnalyzer>;
using VerifyFix = SocketVsHttp.Tests.Infrastructure.CodeFixVerifier<SocketVsHttp.Http.CertificateValidationDisabledAnalyzer, SocketVsHttp.Http.CertificateValidationDisabledFixer>;

namespace SocketVsHttp.Tests.Http;

public class SVH106Tests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        """;

    // ---------- positives ----------

    [Fact]
    public Task Lambda_assigned_to_handler_callback() => Verify.VerifyAsync(Usings + """
        class C
        {
            HttpClient Make()
            {
                var handler = new HttpClientHandler();
                handler.ServerCertificateCustomValidationCallback = {|SVH106:(message, cert, chain, errors) => true|};
                return new HttpClient(handler);
            }
        }
        """);

    [Fact]
    public Task Discards_block_lambda_and_anonymous_method() => Verify.VerifyAsync(Usings + """
        class C
        {
            void M(HttpClientHandler a, HttpClientHandler b, HttpClientHandler c)
            {
                a.ServerCertificateCustomValidationCallback = {|SVH106:(_, _, _, _) => true|};
                b.ServerCertificateCustomValidationCallback = {|SVH106:(m, x, ch, e) => { Console.WriteLine(e); return true; }|};
                c.ServerCertificateCustomValidationCallback = {|SVH106:delegate { return true; }|};
            }
        }
        """);

    [Fact]
    public Task Dangerous_accept_any_validator() => Verify.VerifyAsync(Usings + """
        class C
        {
            HttpClient Make() => new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|},
            });

            object Keep() => {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
        }
        """);

    [Fact]
    public Task Method_group_into_source_method_and_local_function() => Verify.VerifyAsync(Usings + """
        class C
        {
            static bool AcceptAll(HttpRequestMessage m, X509Certificate2? c, X509Chain? ch, SslPolicyErrors e) => true;

            static bool AcceptAllBlock(object sender, X509Certificate? c, X509Chain? ch, SslPolicyErrors e)
            {
                return true;
            }

            void M(HttpClientHandler handler, Stream inner)
            {
                handler.ServerCertificateCustomValidationCallback = {|SVH106:AcceptAll|};
                var ssl = new SslStream(inner, false, {|SVH106:AcceptAllBlock|});
                var ssl2 = new SslStream(inner, false, new RemoteCertificateValidationCallback({|SVH106:Local|}));

                bool Local(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => true;
            }
        }
        """);

    [Fact]
    public Task Sockets_handler_ssl_options_and_client_authentication_options() => Verify.VerifyAsync(Usings + """
        class C
        {
            void M(SocketsHttpHandler handler)
            {
                handler.SslOptions.RemoteCertificateValidationCallback = {|SVH106:(s, c, ch, e) => true|};
                var other = new SocketsHttpHandler
                {
                    SslOptions = { RemoteCertificateValidationCallback = {|SVH106:(s, c, ch, e) => true|} },
                };
                SslClientAuthenticationOptions options = new() { TargetHost = "h", RemoteCertificateValidationCallback = {|SVH106:delegate { return true; }|} };
            }
        }
        """);

    [Fact]
    public Task Service_point_manager_on_net100_and_net48() => Task.WhenAll(
        Verify.VerifyAsync(Usings + """
            class C
            {
                void M()
                {
                    ServicePointManager.ServerCertificateValidationCallback += {|SVH106:(s, c, ch, e) => true|};
                    ServicePointManager.ServerCertificateValidationCallback = {|SVH106:delegate { return true; }|};
                }
            }
            """),
        Verify.VerifyAsync("""
            using System.Net;
            using System.Net.Security;
            class C
            {
                void M(HttpWebRequest request)
                {
                    ServicePointManager.ServerCertificateValidationCallback += {|SVH106:(s, c, ch, e) => true|};
                    ServicePointManager.ServerCertificateValidationCallback = new RemoteCertificateValidationCallback({|SVH106:delegate { return true; }|});
                    request.ServerCertificateValidationCallback = {|SVH106:(s, c, ch, e) => true|};
                }
            }
            """, TestReferences.Net48));

    /// <summary>.NET Framework 4.8 with System.Net.Http.WebRequest.dll, where WebRequestHandler lives.</summary>
    private static readonly ReferenceAssemblies Net48WithWebRequestHandler = TestReferences.Net48.AddAssemblies(["System.Net.Http.WebRequest"]);

    [Fact]
    public Task Web_request_handler_on_net48() => Verify.VerifyAsync("""
        using System.Net;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;

        class MyHandler : WebRequestHandler { }

        class C
        {
            static bool AcceptAll(object s, X509Certificate c, X509Chain ch, SslPolicyErrors e) { return true; }

            HttpClient Make(bool pinned)
            {
                var handler = new WebRequestHandler();
                handler.ServerCertificateValidationCallback = {|#0:delegate { return true; }|};
                handler.ServerCertificateValidationCallback += {|#1:(sender, cert, chain, errors) => true|};
                var other = new WebRequestHandler { ServerCertificateValidationCallback = {|#2:AcceptAll|} };
                var derived = new MyHandler();
                derived.ServerCertificateValidationCallback = new RemoteCertificateValidationCallback({|#3:delegate { return true; }|});
                return new HttpClient(handler);
            }
        }
        """,
        Net48WithWebRequestHandler,
        Expect(0, "This WebRequestHandler.ServerCertificateValidationCallback"),
        Expect(1, "This WebRequestHandler.ServerCertificateValidationCallback"),
        Expect(2, "This WebRequestHandler.ServerCertificateValidationCallback"),
        Expect(3, "This WebRequestHandler.ServerCertificateValidationCallback"));

    [Fact]
    public Task Win_http_handler_and_client_web_socket_options() => Verify.VerifyAsync(Usings + """
        using System.Net.WebSockets;

        class C
        {
            void M(ClientWebSocket socket)
            {
                var handler = new WinHttpHandler { ServerCertificateValidationCallback = {|#0:(m, cert, chain, errors) => true|} };
                handler.ServerCertificateValidationCallback = {|#1:delegate { return true; }|};
                socket.Options.RemoteCertificateValidationCallback = {|#2:(s, c, ch, e) => true|};
            }
        }
        """ + WinHttpHandlerStub,
        Expect(0, "This WinHttpHandler.ServerCertificateValidationCallback"),
        Expect(1, "This WinHttpHandler.ServerCertificateValidationCallback"),
        Expect(2, "This ClientWebSocketOptions.RemoteCertificateValidationCallback"));

    /// <summary>
    /// WinHttpHandler comes in its own package (System.Net.Http.WinHttpHandler), not in a reference pack: a stub with the
    /// same metadata name and property, which the rule matches through KnownTypes exactly as it matches the package's type.
    /// </summary>
    private const string WinHttpHandlerStub = """

        namespace System.Net.Http
        {
            public class WinHttpHandler : HttpMessageHandler
            {
                public Func<HttpRequestMessage, X509Certificate2, X509Chain, SslPolicyErrors, bool>? ServerCertificateValidationCallback { get; set; }
                protected override System.Threading.Tasks.Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, System.Threading.CancellationToken cancellationToken) => throw new NotSupportedException();
            }
        }
        """;

    [Fact]
    public Task Top_level_statements() => Verify.VerifyProgramAsync(Usings + """
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = {|SVH106:static (_, _, _, _) => true|} };
        using var client = new HttpClient(handler);
        """);

    // ---------- negatives ----------

    [Fact]
    public Task Callbacks_that_decide_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class C
        {
            const string Pinned = "ABCDEF";

            static bool Validate(X509Certificate2? cert) => cert is not null;

            void M(HttpClientHandler h, SocketsHttpHandler s, Stream inner)
            {
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) => errors == SslPolicyErrors.None;
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) => cert?.GetCertHashString() == Pinned;
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) => chain!.ChainStatus.Length == 0;
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) => Validate(cert);
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) => false;
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) =>
                {
                    if (errors == SslPolicyErrors.None) return true;
                    return cert?.GetCertHashString() == Pinned;
                };
                h.ServerCertificateCustomValidationCallback = (m, cert, chain, errors) =>
                {
                    if (errors != SslPolicyErrors.None) throw new InvalidOperationException("bad certificate");
                    return true;
                };
                s.SslOptions.RemoteCertificateValidationCallback = (sender, cert, chain, errors) => errors == SslPolicyErrors.None;
                var ssl = new SslStream(inner, false, (sender, cert, chain, errors) => errors == SslPolicyErrors.None);
            }
        }
        """);

    [Fact]
    public Task Framework_handler_callbacks_that_decide_are_not_flagged() => Task.WhenAll(
        Verify.VerifyAsync("""
            using System.Net.Http;
            using System.Net.Security;

            class C
            {
                void M(WebRequestHandler handler, string thumbprint)
                {
                    handler.ServerCertificateValidationCallback = (s, cert, chain, errors) => errors == SslPolicyErrors.None;
                    handler.ServerCertificateValidationCallback = delegate { return false; };
                    handler.ServerCertificateValidationCallback = (s, cert, chain, errors) => cert.GetCertHashString() == thumbprint;
                    handler.ServerCertificateValidationCallback = null;
                }
            }
            """, Net48WithWebRequestHandler),
        Verify.VerifyAsync(Usings + """
            using System.Net.WebSockets;

            class C
            {
                void M(ClientWebSocket socket, WinHttpHandler handler)
                {
                    handler.ServerCertificateValidationCallback = (m, cert, chain, errors) => errors == SslPolicyErrors.None;
                    socket.Options.RemoteCertificateValidationCallback = (s, c, ch, e) => e == SslPolicyErrors.None;
                }
            }
            """ + WinHttpHandlerStub));

    [Fact]
    public Task Method_groups_that_decide_or_cannot_be_seen_are_not_flagged() => Verify.VerifyAsync(Usings + """
        class Base
        {
            protected virtual bool Accept(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => true;
        }

        class C : Base
        {
            static bool Strict(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => e == SslPolicyErrors.None;

            void M(Stream inner, RemoteCertificateValidationCallback fromCaller)
            {
                var a = new SslStream(inner, false, Strict);
                var b = new SslStream(inner, false, Accept);
                var c = new SslStream(inner, false, fromCaller);
                var d = new SslStream(inner, false, null);
            }
        }
        """);

    [Fact]
    public Task Lambdas_not_handed_to_a_certificate_sink_and_server_streams_are_not_flagged() => Verify.VerifyAsync(Usings + """
        using System.Threading.Tasks;
        class C
        {
            async Task Serve(Stream inner, X509Certificate2 serverCertificate)
            {
                Func<int, bool> always = _ => true;
                using var ssl = new SslStream(inner, false, (s, c, ch, e) => true);
                await ssl.AuthenticateAsServerAsync(serverCertificate);
            }
        }
        """);

    [Fact]
    public Task Callback_reaching_a_sink_through_locals_and_a_forwarding_callback() => Verify.VerifyAsync(Usings + """
        class C
        {
            bool validate;

            SslStream Direct(Stream inner)
            {
                RemoteCertificateValidationCallback callback = {|SVH106:(s, c, ch, e) => true|};
                return new SslStream(inner, false, callback);
            }

            HttpClient Copied()
            {
                Func<HttpRequestMessage, X509Certificate2, X509Chain, SslPolicyErrors, bool> accept = {|SVH106:delegate { return true; }|};
                var copy = accept;
                return new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = copy });
            }

            SslStream Forwarded(Stream inner)
            {
                RemoteCertificateValidationCallback inner2;
                if (validate)
                {
                    inner2 = (s, c, ch, e) => e == SslPolicyErrors.None;
                }
                else
                {
                    inner2 = {|SVH106:delegate { return true; }|};
                }

                RemoteCertificateValidationCallback outer = delegate (object s, X509Certificate c, X509Chain ch, SslPolicyErrors e)
                {
                    return inner2(this, c, ch, e);
                };
                return new SslStream(inner, false, outer);
            }
        }
        """);

    [Fact]
    public Task Locals_that_reach_no_client_sink_are_not_flagged() => Verify.VerifyAsync(Usings + """
        using System.Threading.Tasks;
        class C
        {
            async Task Serve(Stream inner, X509Certificate2 serverCertificate)
            {
                RemoteCertificateValidationCallback clientCertificates = (s, c, ch, e) => true;
                using var ssl = new SslStream(inner, false, clientCertificates);
                await ssl.AuthenticateAsServerAsync(serverCertificate);
            }

            bool Unused(Stream inner)
            {
                RemoteCertificateValidationCallback callback = (s, c, ch, e) => true;
                return callback(this, null, null, SslPolicyErrors.None);
            }

            SslStream Decides(Stream inner)
            {
                RemoteCertificateValidationCallback inner2 = (s, c, ch, e) => true;
                RemoteCertificateValidationCallback outer = (s, c, ch, e) => e == SslPolicyErrors.None && inner2(s, c, ch, e);
                return new SslStream(inner, false, outer);
            }
        }
        """);

    [Fact]
    public Task Broken_code_does_not_crash()
    {
        // Only the absence of AD0001 (an analyzer crash) and the findings marked here matter: the unfinished lambda (syntax
        // errors) is not reported, the one with the wrong parameter count (it binds, with a semantic error) is.
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<CertificateValidationDisabledAnalyzer, DefaultVerifier>
        {
            TestCode = Usings + """
                class C
                {
                    void M(HttpClientHandler h)
                    {
                        h.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { return true
                        h.Unknown = (a, b) => true;
                        var s = new SslStream(, false, (a, b, c, d) => true);
                        ServicePointManager.ServerCertificateValidationCallback += Missing;
                        h.ServerCertificateCustomValidationCallback = (m, c) => true;
                    }
                }
                """,
            ReferenceAssemblies = TestReferences.Net100,
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.Sources.Add(("Stubs.cs", Stubs.Source));
        test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SVH106).WithSpan(15, 55, 15, 69).WithArguments("This ServerCertificateCustomValidationCallback"));
        return test.RunAsync();
    }

    // ---------- code fix ----------

    [Fact]
    public Task Fix_removes_assignment_statement_and_keeps_comments() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            HttpClient Make()
            {
                var handler = new HttpClientHandler();
                // TLS settings
                handler.ServerCertificateCustomValidationCallback = {|SVH106:(message, cert, chain, errors) => true|}; // dev only
                handler.UseProxy = false;
                return new HttpClient(handler);
            }
        }
        """, Usings + """
        class C
        {
            HttpClient Make()
            {
                var handler = new HttpClientHandler();
                // TLS settings
                handler.UseProxy = false;
                return new HttpClient(handler);
            }
        }
        """);

    [Fact]
    public Task Fix_keeps_preprocessor_directives() => VerifyFix.VerifyAsync("#define DEV\n" + Usings + """
        class C
        {
            void M(HttpClientHandler handler)
            {
        #if DEV
                handler.ServerCertificateCustomValidationCallback = {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
        #endif
                handler.UseProxy = false;
            }
        }
        """, "#define DEV\n" + Usings + """
        class C
        {
            void M(HttpClientHandler handler)
            {
        #if DEV
        #endif
                handler.UseProxy = false;
            }
        }
        """);

    [Fact]
    public Task Fix_removes_initializer_members() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            HttpClient A() => new HttpClient(new HttpClientHandler
            {
                UseProxy = false,
                ServerCertificateCustomValidationCallback = {|SVH106:(m, c, ch, e) => true|},
                MaxConnectionsPerServer = 4,
            });

            HttpClient B() => new HttpClient(new HttpClientHandler
            {
                UseProxy = false,
                ServerCertificateCustomValidationCallback = {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|}
            });

            HttpClient D() => new HttpClient(new HttpClientHandler { UseProxy = false, ServerCertificateCustomValidationCallback = {|SVH106:(m, c, ch, e) => true|} });

            HttpClient E() => new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = {|SVH106:(m, c, ch, e) => true|} });

            SocketsHttpHandler F() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                SslOptions = { RemoteCertificateValidationCallback = {|SVH106:(s, c, ch, e) => true|} },
            };

            SslClientAuthenticationOptions G() => new() { RemoteCertificateValidationCallback = {|SVH106:delegate { return true; }|} };
        }
        """, Usings + """
        class C
        {
            HttpClient A() => new HttpClient(new HttpClientHandler
            {
                UseProxy = false,
                MaxConnectionsPerServer = 4,
            });

            HttpClient B() => new HttpClient(new HttpClientHandler
            {
                UseProxy = false
            });

            HttpClient D() => new HttpClient(new HttpClientHandler { UseProxy = false });

            HttpClient E() => new HttpClient(new HttpClientHandler());

            SocketsHttpHandler F() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            };

            SslClientAuthenticationOptions G() => new();
        }
        """);

    [Fact]
    public Task Fix_on_ssl_stream_uses_overload_without_callback_or_passes_null() => VerifyFix.VerifyAsync(Usings + """
        class C
        {
            static bool AcceptAll(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => true;

            void M(Stream inner)
            {
                using var a = new SslStream(inner, false, {|SVH106:(s, c, ch, e) => true|});
                using var b = new SslStream(inner, leaveInnerStreamOpen: true, {|SVH106:AcceptAll|}, null);
            }
        }
        """, Usings + """
        class C
        {
            static bool AcceptAll(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) => true;

            void M(Stream inner)
            {
                using var a = new SslStream(inner, false);
                using var b = new SslStream(inner, leaveInnerStreamOpen: true, null, null);
            }
        }
        """);

    [Fact]
    public Task Fix_removes_service_point_manager_statements_on_net48() => VerifyFix.VerifyAsync("""
        using System.Net;
        class C
        {
            static void Main()
            {
                ServicePointManager.ServerCertificateValidationCallback += {|SVH106:(s, c, ch, e) => true|};
                System.Console.WriteLine("start");
            }
        }
        """, """
        using System.Net;
        class C
        {
            static void Main()
            {
                System.Console.WriteLine("start");
            }
        }
        """, TestReferences.Net48);

    [Fact]
    public Task Fix_removes_the_web_request_handler_callback_on_net48() => VerifyFix.VerifyAsync("""
        using System.Net.Http;
        class C
        {
            HttpClient Make()
            {
                var handler = new WebRequestHandler();
                handler.ServerCertificateValidationCallback = {|SVH106:delegate { return true; }|};
                return new HttpClient(handler);
            }
        }
        """, """
        using System.Net.Http;
        class C
        {
            HttpClient Make()
            {
                var handler = new WebRequestHandler();
                return new HttpClient(handler);
            }
        }
        """, Net48WithWebRequestHandler);

    [Fact]
    public Task Fix_all_in_document() => VerifyFix.VerifyFixAllAsync(Usings + """
        class C
        {
            void M(HttpClientHandler a, SocketsHttpHandler b, Stream inner)
            {
                a.ServerCertificateCustomValidationCallback = {|SVH106:(_, _, _, _) => true|};
                b.SslOptions.RemoteCertificateValidationCallback = {|SVH106:(_, _, _, _) => true|};
                ServicePointManager.ServerCertificateValidationCallback += {|SVH106:delegate { return true; }|};
                var c = new HttpClientHandler
                {
                    ServerCertificateCustomValidationCallback = {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|},
                    UseCookies = false,
                };
                var d = new SslStream(inner, false, {|SVH106:(_, _, _, _) => true|});
            }
        }
        """, Usings + """
        class C
        {
            void M(HttpClientHandler a, SocketsHttpHandler b, Stream inner)
            {
                var c = new HttpClientHandler
                {
                    UseCookies = false,
                };
                var d = new SslStream(inner, false);
            }
        }
        """);

    [Fact]
    public Task No_fix_where_the_callback_cannot_be_removed() => VerifyFix.VerifyNoFixAsync(Usings + """
        class C
        {
            void Configure(HttpClientHandler h) => h.ServerCertificateCustomValidationCallback = {|SVH106:(m, c, ch, e) => true|};

            void M(HttpClientHandler h, bool insecure)
            {
                if (insecure) h.ServerCertificateCustomValidationCallback = {|SVH106:(m, c, ch, e) => true|};
                var callback = {|SVH106:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
            }
        }
        """);

    [Fact]
    public Task Fix_in_top_level_statements_and_http_web_request_on_net48()
    {
        var topLevel = VerifyFix.Create("""
            using System.Net.Http;
            var handler = new HttpClientHandler();
            handler.ServerCertificateCustomValidationCallback = {|SVH106:(_, _, _, _) => true|};
            using var client = new HttpClient(handler);
            """, """
            using System.Net.Http;
            var handler = new HttpClientHandler();
            using var client = new HttpClient(handler);
            """, TestReferences.Net100);
        topLevel.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        return Task.WhenAll(
            topLevel.RunAsync(),
            VerifyFix.VerifyAsync("""
                using System.Net;
                class C
                {
                    WebResponse Get(string url)
                    {
                        var request = (HttpWebRequest)WebRequest.Create(url);
                        request.ServerCertificateValidationCallback = {|SVH106:(s, c, ch, e) => true|};
                        return request.GetResponse();
                    }
                }
                """, """
                using System.Net;
                class C
                {
                    WebResponse Get(string url)
                    {
                        var request = (HttpWebRequest)WebRequest.Create(url);
                        return request.GetResponse();
                    }
                }
                """, TestReferences.Net48));
    }

    // ---- a callback that returns the setting that guards its installation ----

    [Fact]
    public Task Flags_a_callback_returning_the_flag_it_is_installed_under() => Verify.VerifyAsync(Usings + """
        class Settings
        {
            public bool AcceptInvalidCertificates = true;
        }

        class Client
        {
            private readonly Settings _settings = new Settings();
            private bool _insecure;

            void Connect(Stream inner)
            {
                SslStream ssl;
                if (_settings.AcceptInvalidCertificates)
                    ssl = new SslStream(inner, false, new RemoteCertificateValidationCallback({|SVH106:Accept|}));
                else
                    ssl = new SslStream(inner, false);
                ssl.AuthenticateAsClient("host");

                var other = _insecure ? new SslStream(inner, false, {|SVH106:(s, c, ch, e) => _insecure|}) : new SslStream(inner, false);
                other.AuthenticateAsClient("host");
            }

            private bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
            {
                return _settings.AcceptInvalidCertificates;
            }
        }
        """);

    [Fact]
    public Task Ignores_a_flag_callback_not_guarded_by_its_flag_or_on_a_server() => Verify.VerifyAsync(Usings + """
        class Settings
        {
            public bool AcceptInvalidCertificates;
            public bool Other;
        }

        class Client
        {
            private readonly Settings _settings = new Settings();

            void Connect(Stream inner, bool acceptInvalidCertificates)
            {
                // Installed always: with the setting off it rejects, it does not accept everything.
                var a = new SslStream(inner, false, Accept);
                a.AuthenticateAsClient("host");

                // Guarded by another setting, or installed on the false branch.
                if (_settings.Other)
                {
                    var b = new SslStream(inner, false, Accept);
                    b.AuthenticateAsClient("host");
                }

                if (_settings.AcceptInvalidCertificates) { }
                else
                {
                    var c = new SslStream(inner, false, Accept);
                    c.AuthenticateAsClient("host");
                }

                // A parameter of the same name is not the setting.
                if (acceptInvalidCertificates)
                {
                    var d = new SslStream(inner, false, (s, cert, ch, e) => acceptInvalidCertificates);
                    d.AuthenticateAsClient("host");
                }

                // Decides something besides the setting.
                if (_settings.AcceptInvalidCertificates)
                {
                    var e = new SslStream(inner, false, (s, cert, ch, errors) => _settings.AcceptInvalidCertificates || errors == SslPolicyErrors.None);
                    e.AuthenticateAsClient("host");
                }
            }

            private bool Accept(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => _settings.AcceptInvalidCertificates;
        }

        class Server
        {
            private readonly Settings _settings = new Settings();
            private SslStream? _ssl;

            void Accept(Stream inner)
            {
                if (_settings.AcceptInvalidCertificates)
                    _ssl = new SslStream(inner, false, Validate);
            }

            void Start(X509Certificate certificate) => _ssl!.AuthenticateAsServer(certificate, true, false);

            private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => _settings.AcceptInvalidCertificates;
        }
        """);

    private static DiagnosticResult Expect(int location, string sink) =>
        new DiagnosticResult(Descriptors.SVH106).WithLocation(location).WithArguments(sink);
}
