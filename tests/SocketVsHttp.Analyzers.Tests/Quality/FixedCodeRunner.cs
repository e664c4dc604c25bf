using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// Runs code before and after a fix, harness-style: the project is emitted and loaded into a collectible context, and its
/// static methods are called against <see cref="EchoHttpServer"/>. For fixes whose "compiles" says too little.
/// </summary>
public static class FixedCodeRunner
{
    public static async Task<Type> LoadTypeAsync(Project project, string typeName)
    {
        var compilation = (await project.GetCompilationAsync())!;
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var context = new AssemblyLoadContext(project.Name + Guid.NewGuid().ToString("N"), isCollectible: true);
        image.Position = 0;
        return context.LoadFromStream(image).GetType(typeName, throwOnError: true)!;
    }

    /// <summary>What a static method returns (byte arrays as their text), or "threw" when it throws.</summary>
    public static string Outcome(Type type, string method, params object[] arguments)
    {
        try
        {
            var result = type.GetMethod(method, BindingFlags.Public | BindingFlags.Static)!.Invoke(null, arguments);
            return result is byte[] bytes ? "bytes:" + Encoding.UTF8.GetString(bytes) : "value:" + result;
        }
        catch (TargetInvocationException)
        {
            return "threw";
        }
    }
}

/// <summary>
/// An HTTP server on 127.0.0.1: <c>/missing</c> answers 404, a POST echoes its body after "echo:", anything else
/// answers a UTF-8 text with a non-ASCII character.
/// </summary>
public sealed class EchoHttpServer : IDisposable
{
    public const string Page = "hello, wörld";

    private readonly HttpListener listener = new();
    private readonly Task loop;

    public EchoHttpServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(Url);
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            byte[] body;
            if (context.Request.Url!.AbsolutePath == "/missing")
            {
                response.StatusCode = 404;
                body = Encoding.UTF8.GetBytes("not here");
            }
            else if (context.Request.HttpMethod == "POST")
            {
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                body = Encoding.UTF8.GetBytes("echo:" + await reader.ReadToEndAsync());
            }
            else
            {
                body = Encoding.UTF8.GetBytes(Page);
            }

            response.ContentType = "text/plain; charset=utf-8";
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body);
        }
    }
}
