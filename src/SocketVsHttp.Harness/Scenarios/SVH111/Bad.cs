using System.Threading.Tasks;
using Grpc.Core;
using Grpc.Net.Client;

namespace SocketVsHttp.Harness.Scenarios.SVH111.Bad;

/// <summary>Where the gRPC service listens; the scenario sets it before the first call.</summary>
public static class EchoEndpoint
{
    public static string Address { get; set; } = "http://127.0.0.1:1";
}

public static class EchoClient
{
    private static readonly Method<string, string> Say = new(MethodType.Unary, "harness.Echo", "Say", Marshallers.StringMarshaller, Marshallers.StringMarshaller);

    public static async Task<string> SayAsync(string text)
    {
        using var channel = GrpcChannel.ForAddress(EchoEndpoint.Address);
        var invoker = channel.CreateCallInvoker();
        return await invoker.AsyncUnaryCall(Say, null, default, text);
    }
}
