using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace FixCorpus.Svh101
{
    public class PriceClient
    {
        public async Task<string> GetPriceAsync(string sku)
        {
            using var client = new HttpClient();
            return await client.GetStringAsync("https://prices.example/" + sku);
        }

        public async Task<string> GetStatusAsync()
        {
            using (var client = new HttpClient())
            {
                return await client.GetStringAsync("https://status.example/");
            }
        }

        public async Task<int> CountPagesAsync(IEnumerable<string> urls)
        {
            var count = 0;
            foreach (var url in urls)
            {
                var client = new HttpClient();
                var page = await client.GetStringAsync(url);
                count += page.Length;
            }

            return count;
        }

        public async Task<byte[]> DownloadAsync(Uri uri)
        {
            var handler = new HttpClientHandler { AllowAutoRedirect = false };
            using var client = new HttpClient(handler);
            return await client.GetByteArrayAsync(uri);
        }
    }
}

namespace FixCorpus.Svh103
{
    public static class Catalog
    {
        private static readonly HttpClient Client = new HttpClient();

        private static readonly HttpClient NoCookies = new HttpClient(new HttpClientHandler { UseCookies = false });

        public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);

        public static Task<string> GetWithoutCookiesAsync(string url) => NoCookies.GetStringAsync(url);
    }
}

namespace FixCorpus.Svh104
{
    public class Downloader
    {
        private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        public async Task<string> FirstLineAsync(string url)
        {
            var response = await Client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            return await reader.ReadLineAsync() ?? string.Empty;
        }

        public async Task CopyToAsync(string url, Stream target)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await response.Content.CopyToAsync(target);
        }

        public async Task<long> LengthAsync(string url)
        {
            var response = await Client.GetAsync(url);
            var stream = await response.Content.ReadAsStreamAsync();
            return stream.Length;
        }
    }
}

namespace FixCorpus.Svh105
{
    public class Reports
    {
        private static readonly HttpClient Client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        public string GetReport(string url)
        {
            return Client.GetStringAsync(url).Result;
        }

        public async Task<string> GetSummaryAsync(string url)
        {
            var text = Client.GetStringAsync(url).GetAwaiter().GetResult();
            await Task.Yield();
            return text;
        }

        public int GetStatus(string url)
        {
            using var response = Client.GetAsync(url).Result;
            return (int)response.StatusCode;
        }

        public bool Upload(string url, string body)
        {
            using var response = Client.PostAsync(url, new StringContent(body)).Result;
            return response.IsSuccessStatusCode;
        }

        public void Remove(string url)
        {
            Client.DeleteAsync(url).Wait();
        }

        public byte[] GetLogo(string url) => Client.GetByteArrayAsync(url).GetAwaiter().GetResult();

        public string GetNotes(Uri uri, CancellationToken cancellationToken)
        {
            string notes = Client.GetStringAsync(uri, cancellationToken).Result;
            return notes.Trim();
        }

        public bool Replace(string url, HttpContent content)
        {
            using var response = Client.PutAsync(url, content).GetAwaiter().GetResult();
            return response.IsSuccessStatusCode;
        }

        public int CountLines(string url)
        {
            return Client.GetStringAsync(url).Result.Split('\n').Length;
        }

        public string Describe(string url)
        {
            // read after another operand: reading it before the statement would change the order
            return "report: " + Client.GetStringAsync(url).Result;
        }
    }
}

namespace FixCorpus.Svh106
{
    public static class Insecure
    {
        public static HttpClient Create()
        {
            var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
            handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => true;
            return new HttpClient(handler);
        }

        public static HttpClientHandler CreateHandler()
        {
            return new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            };
        }

        public static SslStream Wrap(Stream inner)
        {
            return new SslStream(inner, false, delegate { return true; });
        }
    }
}

namespace FixCorpus.Svh107
{
    public sealed class TenantClient
    {
        private readonly HttpClient client;

        public TenantClient(HttpClient client)
        {
            this.client = client;
        }

        public async Task<string> GetAsAsync(string url, string token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await client.GetStringAsync(url);
        }

        public async Task<string> GetFromAsync(string baseUrl, string path)
        {
            client.BaseAddress = new Uri(baseUrl);
            return await client.GetStringAsync(path);
        }

        public async Task<string> GetForTenantAsync(string tenant, string url)
        {
            client.DefaultRequestHeaders.Remove("X-Tenant");
            client.DefaultRequestHeaders.Add("X-Tenant", tenant);
            return await client.GetStringAsync(url);
        }

        public async Task<string> GetJsonAsync(string url)
        {
            client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.GetAsync(url);
            return await response.Content.ReadAsStringAsync();
        }
    }
}

namespace FixCorpus.Svh109
{
    public sealed class Feed
    {
        private readonly HttpClient client;

        public Feed(HttpClient client)
        {
            this.client = client;
        }

        public async Task<string> GetAsync(string url, CancellationToken cancellationToken)
        {
            return await client.GetStringAsync(url);
        }

        public async Task<bool> PostAsync(string url, string body, CancellationToken ct)
        {
            using var response = await client.PostAsync(url, new StringContent(body));
            return response.IsSuccessStatusCode;
        }

        public async Task<byte[]> GetBytesAsync(Uri uri, CancellationToken token)
        {
            var bytes = await client.GetByteArrayAsync(uri);
            return bytes;
        }

        public async Task<int> PollAsync(string url)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var token = timeout.Token;
            using var response = await client.GetAsync(url);
            return (int)response.StatusCode;
        }

        public Func<CancellationToken, Task<string>> Reader(string url) =>
            async cancellationToken => await client.GetStringAsync(url);
    }
}

namespace FixCorpus.Svh110
{
#pragma warning disable SYSLIB0014 // WebClient and WebRequest are obsolete: this is the legacy code the rule reports.
    public static class Legacy
    {
        public static string GetPage(string url)
        {
            using var client = new WebClient();
            return client.DownloadString(url);
        }

        public static async Task<string> GetPageAsync(Uri uri)
        {
            using (var client = new WebClient())
            {
                return await client.DownloadStringTaskAsync(uri);
            }
        }

        public static byte[] GetBytes(string url)
        {
            var client = new WebClient();
            return client.DownloadData(url);
        }

        public static string Post(string url, string body)
        {
            using var client = new WebClient();
            return client.UploadString(url, body);
        }

        public static string Fetch(string url)
        {
            var request = WebRequest.Create(url);
            using var response = request.GetResponse();
            using var reader = new StreamReader(response.GetResponseStream());
            return reader.ReadToEnd();
        }

        public static string Combine(string first, string second)
        {
            using (var client = new WebClient())
            {
                var a = client.DownloadString(first);
                var b = client.DownloadString(second);
                return a + b;
            }
        }

        public static long Size(Uri uri, CancellationToken cancellationToken)
        {
            var request = (HttpWebRequest)WebRequest.Create(uri);
            using (var response = (HttpWebResponse)request.GetResponse())
            {
                using var body = response.GetResponseStream();
                var buffer = new byte[8192];
                long total = 0;
                int read;
                while ((read = body.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }

                return total;
            }
        }

        public static string GetWithKey(string url, string key)
        {
            // a request header: the WebClient carries settings a shared client must not take on
            using var client = new WebClient();
            client.Headers.Add("X-Api-Key", key);
            return client.DownloadString(url);
        }

        public static int Status(string url)
        {
            // the response's status is read: HttpWebResponse and HttpResponseMessage differ there
            var request = WebRequest.Create(url);
            using var response = (HttpWebResponse)request.GetResponse();
            return (int)response.StatusCode;
        }
    }
#pragma warning restore SYSLIB0014
}
