using Microsoft.CodeAnalysis.Testing;
using SocketVsHttp.Http;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Http;

public class SVH111Tests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Grpc.Core;
        using Grpc.Net.Client;

        """;

    private static Task Verify(string source, params DiagnosticResult[] expected) =>
        ClientLibraries.VerifyAsync<GrpcChannelPerOperationAnalyzer>(Usings + source, expected);

    private static Task VerifyFix(string source, string fixedSource) =>
        ClientLibraries.VerifyFixAsync<GrpcChannelPerOperationAnalyzer, GrpcChannelPerOperationFixer>(Usings + source, Usings + fixedSource);

    // ---- Positives -------------------------------------------------------------------------------------------

    [Fact]
    public Task Channel_disposed_at_the_end_of_the_method_is_reported_with_its_reason() => Verify("""
        public class Greeter
        {
            public async Task<string> CallAsync()
            {
                using var channel = {|#0:GrpcChannel.ForAddress("https://localhost:5001")|};
                var invoker = channel.CreateCallInvoker();
                await Task.Yield();
                return invoker.ToString()!;
            }
        }
        """,
        new DiagnosticResult(Descriptors.SVH111).WithLocation(0).WithArguments("per call and disposed at its end"));

    [Fact]
    public Task Channel_in_a_loop_and_in_a_using_statement_are_reported() => Verify("""
        public class Poller
        {
            public void PollAll(IEnumerable<string> names)
            {
                foreach (var name in names)
                {
                    using (var channel = {|SVH111:GrpcChannel.ForAddress("https://poller:5001")|})
                    {
                        Console.WriteLine(channel.Target + name);
                    }
                }
            }

            public void Once(Uri address)
            {
                var channel = {|SVH111:GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 1024 })|};
                Console.WriteLine(channel.Target);
                channel.Dispose();
            }
        }
        """);

    [Fact]
    public Task Channel_in_a_controller_is_made_per_request() => Verify("""
        public class OrdersController : Microsoft.AspNetCore.Mvc.ControllerBase
        {
            private readonly GrpcChannel channel = {|SVH111:GrpcChannel.ForAddress("https://orders:5001")|};
            private readonly CallInvoker invoker;

            public OrdersController() => invoker = {|SVH111:GrpcChannel.ForAddress("https://stock:5001")|}.CreateCallInvoker();

            public string Get() => channel.Target + invoker;
        }
        """);

    // ---- Negatives -------------------------------------------------------------------------------------------

    [Fact]
    public Task Static_singleton_factory_DI_and_escaping_channels_are_silent() => Verify("""
        public interface IRegistry { void AddSingleton<T>(Func<T> factory); }

        public class Shared
        {
            private static readonly GrpcChannel Channel = GrpcChannel.ForAddress("https://localhost:5001");
            private static readonly Lazy<GrpcChannel> LazyChannel = new(() => GrpcChannel.ForAddress("https://localhost:5002"));
            private readonly GrpcChannel instanceChannel;
            private GrpcChannel? cached;

            public Shared(string address) => instanceChannel = GrpcChannel.ForAddress(address);

            public static GrpcChannel Create(string address) => GrpcChannel.ForAddress(address);

            public GrpcChannel Cached(string address) => cached ??= GrpcChannel.ForAddress(address);

            public void Register(IRegistry registry, List<GrpcChannel> pool)
            {
                registry.AddSingleton(() => GrpcChannel.ForAddress("https://localhost:5003"));
                pool.Add(GrpcChannel.ForAddress("https://localhost:5004"));
                var channel = GrpcChannel.ForAddress("https://localhost:5005");
                pool.Add(channel);
            }

            // One channel per server: each iteration talks to another address.
            public void VisitEach(IEnumerable<string> addresses)
            {
                foreach (var address in addresses)
                {
                    using var channel = GrpcChannel.ForAddress(address);
                    Console.WriteLine(channel.Target);
                }

                for (var port = 5000; port < 5003; port++)
                {
                    var uri = new Uri("https://localhost:" + port);
                    using var channel = GrpcChannel.ForAddress(uri);
                    Console.WriteLine(channel.Target);
                }
            }

            public string Targets() => Channel.Target + LazyChannel.Value.Target + instanceChannel.Target;
        }
        """);

    [Fact]
    public Task A_channel_made_once_for_a_loop_that_runs_until_cancelled_is_silent() => Verify("""
        public class Watcher
        {
            public async Task WatchAsync(System.Threading.CancellationToken token)
            {
                using var channel = GrpcChannel.ForAddress("https://localhost:5001");
                var invoker = channel.CreateCallInvoker();
                while (!token.IsCancellationRequested)
                {
                    Console.WriteLine(invoker);
                    await Task.Delay(1000, token);
                }
            }
        }
        """);

    [Fact]
    public Task Entry_point_and_a_channel_handed_to_a_client_without_dispose_are_silent() =>
        ClientLibraries.VerifyProgramAsync<GrpcChannelPerOperationAnalyzer>("""
        using System;
        using Grpc.Net.Client;

        var channel = GrpcChannel.ForAddress("https://localhost:5001");
        Console.WriteLine(channel.Target);

        static class Wrappers
        {
            // Handed to another object (a generated client takes it the same way): that object may be kept.
            public static string Wrap(string address)
            {
                var channel = GrpcChannel.ForAddress(address);
                var holder = new Tuple<GrpcChannel>(channel);
                return holder.ToString();
            }
        }
        """);

    [Fact]
    public Task A_type_of_the_same_name_outside_Grpc_Net_Client_is_silent() =>
        AnalyzerVerifier<GrpcChannelPerOperationAnalyzer>.VerifyAsync("""
        namespace MyRpc
        {
            public sealed class GrpcChannel : System.IDisposable
            {
                public static GrpcChannel ForAddress(string address) => new GrpcChannel();
                public void Dispose() { }
            }

            public class Caller
            {
                public void Call()
                {
                    using var channel = GrpcChannel.ForAddress("x");
                }
            }
        }
        """);

    // ---- Fix -------------------------------------------------------------------------------------------------

    [Fact]
    public Task Fix_shares_one_static_channel_per_constant_address() => VerifyFix("""
        public class Greeter
        {
            public string Call()
            {
                using var channel = {|SVH111:GrpcChannel.ForAddress("https://localhost:5001")|};
                return channel.Target;
            }

            public string CallAgain()
            {
                using (var channel = {|SVH111:GrpcChannel.ForAddress("https://localhost:5001")|})
                {
                    return channel.Target;
                }
            }
        }
        """, """
        public class Greeter
        {
            private static readonly GrpcChannel SharedGrpcChannel = GrpcChannel.ForAddress("https://localhost:5001");

            public string Call()
            {
                return SharedGrpcChannel.Target;
            }

            public string CallAgain()
            {
                return SharedGrpcChannel.Target;
            }
        }
        """);

    [Fact]
    public Task No_fix_when_the_address_depends_on_the_call() => VerifyFix("""
        public class Greeter
        {
            public string Call(string address)
            {
                using var channel = {|SVH111:GrpcChannel.ForAddress(address)|};
                return channel.Target;
            }
        }
        """, """
        public class Greeter
        {
            public string Call(string address)
            {
                using var channel = {|SVH111:GrpcChannel.ForAddress(address)|};
                return channel.Target;
            }
        }
        """);
}
