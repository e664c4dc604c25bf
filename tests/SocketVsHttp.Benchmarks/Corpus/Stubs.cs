namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>
/// Look-alikes of the ASP.NET Core / Microsoft.Extensions types that are not in the .NET ref pack
/// (same shapes as tests/SocketVsHttp.Analyzers.Tests/Infrastructure/Stubs.cs). Added to every corpus.
/// </summary>
public static class Stubs
{
    public const string Source = """
        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }
            public abstract class Controller : ControllerBase { }
            public sealed class HttpGetAttribute : System.Attribute { public HttpGetAttribute() { } public HttpGetAttribute(string template) { } }
        }
        namespace Microsoft.AspNetCore.Mvc.RazorPages
        {
            public abstract class PageModel { }
        }
        namespace Microsoft.AspNetCore.SignalR
        {
            public abstract class Hub { }
        }
        namespace Microsoft.Extensions.Hosting
        {
            public abstract class BackgroundService
            {
                protected abstract System.Threading.Tasks.Task ExecuteAsync(System.Threading.CancellationToken stoppingToken);
            }
        }
        namespace System.Net.Http
        {
            public interface IHttpClientFactory
            {
                HttpClient CreateClient(string name);
            }
            public static class HttpClientFactoryExtensions
            {
                public static HttpClient CreateClient(this IHttpClientFactory factory) => factory.CreateClient(string.Empty);
            }
        }
        namespace Microsoft.Extensions.DependencyInjection
        {
            public interface IServiceCollection { }
            public interface IHttpClientBuilder
            {
                IHttpClientBuilder ConfigurePrimaryHttpMessageHandler(System.Func<System.Net.Http.HttpMessageHandler> configure);
            }
            public static class ServiceCollectionExtensions
            {
                public static IServiceCollection AddSingleton<T>(this IServiceCollection services, System.Func<System.IServiceProvider, T> factory) => services;
                public static IServiceCollection AddSingleton<T>(this IServiceCollection services, T instance) => services;
                public static IHttpClientBuilder AddHttpClient(this IServiceCollection services, string name) => null!;
                public static IHttpClientBuilder AddHttpClient(this IServiceCollection services, string name, System.Action<System.Net.Http.HttpClient> configure) => null!;
            }
        }
        """;
}
