using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using Microsoft.CodeAnalysis;
using SocketVsHttp.Tests.Infrastructure;
using Xunit;

namespace SocketVsHttp.Tests.Quality;

/// <summary>
/// What <see cref="FixExecutionTests"/> needs to RUN a fix's output: the rule's real Fix All applied to a snippet (the
/// machinery of the other quality gates, <see cref="FixAllRunner"/>), the fixed (or the unfixed) project emitted against the
/// tests' reference assemblies and loaded into a collectible <see cref="AssemblyLoadContext"/>, and loopback peers on
/// 127.0.0.1, port 0. Everything is bounded by <see cref="Bound"/>: a run that hangs fails instead of hanging the suite.
/// </summary>
public static class FixExecution
{
    /// <summary>The longest any single run may take.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    /// <summary>The snippet (with <see cref="CorpusSources.GlobalUsings"/> and the stubs) as a library project that compiles.</summary>
    public static async Task<Project> ProjectAsync(string source)
    {
        var project = await FixApplier.CreateProjectAsync(
            OutputKind.DynamicallyLinkedLibrary,
            ("Snippet.cs", source),
            ("Stubs.cs", Stubs.Source),
            ("GlobalUsings.cs", CorpusSources.GlobalUsings));
        var errors = await FixAllRunner.ErrorsAsync(project);
        Assert.True(errors.IsEmpty, "the snippet does not compile:\n" + string.Join("\n", errors));
        return project;
    }

    /// <summary>
    /// The rule's Fix All over the snippet until it changes nothing (at most three rounds, as the convergence test does).
    /// Fails unless the rule reported the snippet and its fix changed it; the fixed text is in <see cref="Fixed.Text"/>.
    /// </summary>
    public static async Task<Fixed> FixAsync(string id, string source)
    {
        var project = await ProjectAsync(source);
        var findings = await FixApplier.DiagnosticsAsync(project, RuleCatalog.AnalyzerFor(id), id);
        Assert.False(findings.IsEmpty, $"{id} does not report the snippet");
        var current = project;
        for (var round = 0; round < 3; round++)
        {
            var next = await FixAllRunner.FixAllAsync(current, id);
            if (next == current)
            {
                break;
            }

            current = next;
        }

        Assert.False(current == project, $"{id} offered no fix for the snippet");
        var text = (await current.GetDocument(project.Documents.Single(d => d.Name == "Snippet.cs").Id)!.GetTextAsync()).ToString();
        return new Fixed(project, current, text);
    }

    /// <summary>The fix's effect on a snippet: the project before and after, and the fixed snippet's text.</summary>
    public sealed record Fixed(Project Before, Project After, string Text);

    /// <summary>Emits the project (no compiler error allowed) and loads it into a collectible context.</summary>
    public static async Task<LoadedCode> LoadAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        Assert.True(result.Success, "the code does not emit:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        return new LoadedCode(image);
    }

    /// <summary>An emitted snippet in its own collectible load context (framework assemblies come from the default context).</summary>
    public sealed class LoadedCode : IDisposable
    {
        private readonly AssemblyLoadContext context = new("fix-execution", isCollectible: true);
        private readonly Assembly assembly;

        public LoadedCode(Stream image) => assembly = context.LoadFromStream(image);

        /// <summary>A new instance of <paramref name="typeName"/> (public parameterless constructor, or the given arguments).</summary>
        public object Create(string typeName, params object?[] arguments) =>
            Activator.CreateInstance(Type(typeName), arguments)!;

        public Type Type(string typeName) =>
            assembly.GetType(typeName) ?? throw new InvalidOperationException(typeName + " is not in the emitted assembly");

        /// <summary>
        /// Calls <paramref name="methodName"/> (public or not, static or on <paramref name="target"/>) and, when it returns a task,
        /// awaits it within <see cref="Bound"/>; the result (or the task's result), or the exception the method threw, unwrapped.
        /// </summary>
        public Task<object?> CallAsync(object target, string methodName, params object?[] arguments) =>
            CallWithinAsync(Bound, target, methodName, arguments);

        /// <summary><see cref="CallAsync"/> with a shorter bound (a <see cref="TimeoutException"/> when it passes).</summary>
        public async Task<object?> CallWithinAsync(TimeSpan bound, object target, string methodName, params object?[] arguments)
        {
            var type = target as Type ?? target.GetType();
            var instance = target is Type ? null : target;
            var method = type.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance)
                ?? throw new InvalidOperationException(methodName + " is not a method of " + type);
            object? returned;
            try
            {
                returned = await Task.Run(() => method.Invoke(instance, arguments)).WaitAsync(bound);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }

            if (returned is Task task)
            {
                await task.WaitAsync(bound);
                return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            }

            return returned;
        }

        /// <summary>
        /// What the static <paramref name="typeName"/>.<paramref name="methodName"/> returns, as text: <c>value:</c> and the
        /// value, <c>bytes:</c> and a byte array's UTF-8 text, or <c>threw</c>.
        /// </summary>
        public async Task<string> OutcomeAsync(string typeName, string methodName, params object?[] arguments)
        {
            try
            {
                var result = await CallAsync(Type(typeName), methodName, arguments);
                return result is byte[] bytes ? "bytes:" + Encoding.UTF8.GetString(bytes) : "value:" + result;
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                return "threw";
            }
        }

        public void Dispose() => context.Unload();
    }

    /// <summary>The text <see cref="PagesAndEcho"/> serves: UTF-8 with a non-ASCII character, so a wrong decoding shows.</summary>
    public const string Page = "hello, wörld";

    /// <summary>
    /// An <see cref="LoopbackHttpServer.Answer"/> for download code: <c>/missing</c> answers 404, a POST echoes its body after
    /// "echo:", anything else answers <see cref="Page"/>.
    /// </summary>
    public static (int Status, string Body) PagesAndEcho(string method, string path, string body) =>
        path == "/missing" ? (404, "not here") : method == "POST" ? (200, "echo:" + body) : (200, Page);

    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 (keep-alive, answers every request with <c>200 ok</c> unless
    /// <see cref="Answer"/> says otherwise): counts the TCP connections it accepted and keeps each request's head, so a
    /// test can see connection reuse and the headers sent.
    /// </summary>
    public sealed class LoopbackHttpServer : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource stop = new();
        private readonly Task accepting;
        private int connections;

        public LoopbackHttpServer()
        {
            listener.Start();
            Uri = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
            accepting = AcceptAsync();
        }

        public Uri Uri { get; }

        public int Connections => Volatile.Read(ref connections);

        public ConcurrentQueue<string> RequestHeads { get; } = new();

        /// <summary>The status and UTF-8 text answered to a request (method, path, body read by its Content-Length); null: <c>200 ok</c>.</summary>
        public Func<string, string, string, (int Status, string Body)>? Answer { get; init; }

        /// <summary>How long each answer waits (so concurrent requests overlap); none by default.</summary>
        public TimeSpan ResponseDelay { get; init; }

        private int open;

        /// <summary>The most connections that were open at once.</summary>
        public int MaxOpenConnections { get; private set; }

        private async Task AcceptAsync()
        {
            var serving = new List<Task>();
            try
            {
                while (true)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    Interlocked.Increment(ref connections);
                    serving.Add(ServeAsync(client));
                }
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
            }

            await Task.WhenAll(serving);
        }

        private async Task ServeAsync(TcpClient client)
        {
            using var _ = client;
            lock (RequestHeads)
            {
                MaxOpenConnections = Math.Max(MaxOpenConnections, ++open);
            }

            try
            {
                await AnswerAsync(client);
            }
            finally
            {
                lock (RequestHeads)
                {
                    open--;
                }
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            var stream = client.GetStream();
            var buffer = new byte[8192];
            var pending = new StringBuilder();
            try
            {
                while (true)
                {
                    var text = pending.ToString();
                    var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (end < 0)
                    {
                        var n = await stream.ReadAsync(buffer, stop.Token);
                        if (n == 0)
                        {
                            return;
                        }

                        pending.Append(Encoding.Latin1.GetString(buffer, 0, n));
                        continue;
                    }

                    var head = text[..end];
                    var length = ContentLength(head);
                    if (length > 0 && pending.Length < end + 4 + length)
                    {
                        if (head.Contains("Expect: 100-continue", StringComparison.OrdinalIgnoreCase) && pending.Length == end + 4)
                        {
                            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n"), stop.Token);
                        }

                        var n = await stream.ReadAsync(buffer, stop.Token);
                        if (n == 0)
                        {
                            return;
                        }

                        pending.Append(Encoding.Latin1.GetString(buffer, 0, n));
                        continue;
                    }

                    RequestHeads.Enqueue(head);
                    var body = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(text.Substring(end + 4, length)));
                    pending.Remove(0, end + 4 + length);
                    if (ResponseDelay > TimeSpan.Zero)
                    {
                        await Task.Delay(ResponseDelay, stop.Token);
                    }

                    await stream.WriteAsync(Response(head, body), stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A client that went away, or the server stopping: either ends this connection.
            }
        }

        private byte[] Response(string head, string body)
        {
            if (Answer is null)
            {
                return Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok");
            }

            var requestLine = head.Split("\r\n")[0].Split(' ');
            var (status, text) = Answer(requestLine[0], requestLine[1], body);
            var content = Encoding.UTF8.GetBytes(text);
            var start = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 {status} {(HttpStatusCode)status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {content.Length}\r\n\r\n");
            return [.. start, .. content];
        }

        private static int ContentLength(string head)
        {
            foreach (var line in head.Split("\r\n"))
            {
                if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                {
                    return int.Parse(line["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            listener.Stop();
            await accepting.WaitAsync(Bound);
            stop.Dispose();
        }
    }

    /// <summary>
    /// A TCP peer on 127.0.0.1 for one connection: the test decides what it sends and when it closes. <see cref="Accepted"/>
    /// completes with the server side of the connection.
    /// </summary>
    public sealed class LoopbackPeer : IDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);

        public LoopbackPeer()
        {
            listener.Start();
            EndPoint = (IPEndPoint)listener.LocalEndpoint;
            Accepted = listener.AcceptSocketAsync().WaitAsync(Bound);
        }

        public IPEndPoint EndPoint { get; }

        public Task<Socket> Accepted { get; }

        /// <summary>A connected client stream to this peer (the code under test reads it; the test drives the server side).</summary>
        public async Task<(TcpClient Client, Socket Server)> ConnectAsync()
        {
            var client = new TcpClient();
            await client.ConnectAsync(EndPoint).WaitAsync(Bound);
            return (client, await Accepted);
        }

        public void Dispose()
        {
            listener.Stop();
            if (Accepted.IsCompletedSuccessfully)
            {
                Accepted.Result.Dispose();
            }
        }
    }
}
