namespace SocketVsHttp.Benchmarks.Corpus;

/// <summary>(a) Ordinary C#: records, LINQ, collections, parsing, async, pattern matching, IDisposable. No System.Net.</summary>
public static class PlainTemplates
{
    public static readonly Func<TemplateContext, string>[] All =
    [
        RecordsAndQueries, Parser, Repository, AsyncPipeline, Statistics, Shapes, StreamWork, Events,
    ];

    private static string RecordsAndQueries(TemplateContext c) => $$"""
        public sealed record {{c.Name("Line")}}(string Sku, int Quantity, decimal UnitPrice)
        {
            public decimal Total => Quantity * UnitPrice;
        }

        public sealed class {{c.Name("Summary")}}
        {
            private readonly List<{{c.Name("Line")}}> _lines = new();

            public void Add(string sku, int quantity, decimal price) => _lines.Add(new {{c.Name("Line")}}(sku, quantity, price));

            public decimal GrandTotal() => _lines.Sum(l => l.Total);

            public IReadOnlyList<string> TopSkus(int count) => _lines
                .GroupBy(l => l.Sku)
                .Select(g => new { Sku = g.Key, Total = g.Sum(x => x.Total) })
                .OrderByDescending(x => x.Total)
                .ThenBy(x => x.Sku, StringComparer.Ordinal)
                .Take(count)
                .Select(x => x.Sku)
                .ToList();
        {{c.Repeat(1, 3, i => $$"""

            public Dictionary<string, int> Quantities{{i}}(int minimum)
            {
                var result = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var line in _lines)
                {
                    if (line.Quantity < minimum + {{c.Int(0, 5)}})
                    {
                        continue;
                    }

                    result[line.Sku] = result.TryGetValue(line.Sku, out var existing) ? existing + line.Quantity : line.Quantity;
                }

                return result;
            }
        """)}}
        }

        """;

    private static string Parser(TemplateContext c) => $$"""
        public static class {{c.Name("Parser")}}
        {
            public static IEnumerable<KeyValuePair<string, string>> Parse(string text)
            {
                foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    var line = raw.Trim();
                    if (line.Length == 0 || line[0] == '#')
                    {
                        continue;
                    }

                    var equals = line.IndexOf('=');
                    if (equals <= 0)
                    {
                        throw new FormatException("Missing '=' in line: " + line);
                    }

                    yield return new KeyValuePair<string, string>(line[..equals].Trim(), line[(equals + 1)..].Trim());
                }
            }

            public static string Escape(string value)
            {
                var builder = new StringBuilder(value.Length + {{c.Int(2, 16)}});
                foreach (var ch in value)
                {
                    switch (ch)
                    {
                        case '"':
                            builder.Append("\\\"");
                            break;
                        case '\\':
                            builder.Append("\\\\");
                            break;
                        case '\n':
                            builder.Append("\\n");
                            break;
                        default:
                            builder.Append(ch);
                            break;
                    }
                }

                return builder.ToString();
            }
        {{c.Repeat(1, 3, i => $$"""

            public static int CountWords{{i}}(string text)
            {
                var count = 0;
                var inWord = false;
                for (var index = 0; index < text.Length; index++)
                {
                    var letter = char.IsLetterOrDigit(text[index]);
                    if (letter && !inWord)
                    {
                        count++;
                    }

                    inWord = letter;
                }

                return count * {{c.Int(1, 3)}};
            }
        """)}}
        }

        """;

    private static string Repository(TemplateContext c) => $$"""
        public interface I{{c.Name("Store")}}<TKey, TValue> where TKey : notnull
        {
            bool TryGet(TKey key, out TValue? value);
            void Put(TKey key, TValue value);
        }

        public sealed class {{c.Name("Store")}}<TKey, TValue> : I{{c.Name("Store")}}<TKey, TValue> where TKey : notnull
        {
            private readonly Dictionary<TKey, TValue> _items = new();
            private readonly object _gate = new();
            private int _version;

            public int Version => _version;

            public bool TryGet(TKey key, out TValue? value)
            {
                lock (_gate)
                {
                    return _items.TryGetValue(key, out value);
                }
            }

            public void Put(TKey key, TValue value)
            {
                ArgumentNullException.ThrowIfNull(key);
                lock (_gate)
                {
                    _items[key] = value;
                    _version++;
                }
            }

            public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
            {
                lock (_gate)
                {
                    if (!_items.TryGetValue(key, out var value))
                    {
                        value = factory(key);
                        _items.Add(key, value);
                        _version += {{c.Int(1, 3)}};
                    }

                    return value;
                }
            }
        }

        """;

    private static string AsyncPipeline(TemplateContext c) => $$"""
        public sealed class {{c.Name("Pipeline")}}
        {
            private readonly SemaphoreSlim _throttle = new({{c.Int(2, 8)}});

            public async Task<int[]> RunAsync(IReadOnlyList<int> inputs, CancellationToken cancellationToken)
            {
                var tasks = new List<Task<int>>(inputs.Count);
                foreach (var input in inputs)
                {
                    tasks.Add(StepAsync(input, cancellationToken));
                }

                return await Task.WhenAll(tasks);
            }

            private async Task<int> StepAsync(int input, CancellationToken cancellationToken)
            {
                await _throttle.WaitAsync(cancellationToken);
                try
                {
                    await Task.Delay({{c.Int(1, 20)}}, cancellationToken);
                    return input switch
                    {
                        < 0 => 0,
                        0 => 1,
                        > 1000 => 1000,
                        _ => input * 2,
                    };
                }
                finally
                {
                    _throttle.Release();
                }
            }
        {{c.Repeat(0, 2, i => $$"""

            public async IAsyncEnumerable<int> Stream{{i}}Async(int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                for (var n = 0; n < count; n++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await Task.Yield();
                    yield return n * {{c.Int(1, 9)}};
                }
            }
        """)}}
        }

        """;

    private static string Statistics(TemplateContext c) => $$"""
        public static class {{c.Name("Stats")}}
        {
            public static (double Mean, double StdDev) Describe(ReadOnlySpan<double> values)
            {
                if (values.IsEmpty)
                {
                    return (0, 0);
                }

                double sum = 0;
                foreach (var v in values)
                {
                    sum += v;
                }

                var mean = sum / values.Length;
                double squares = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    var d = values[i] - mean;
                    squares += d * d;
                }

                return (mean, Math.Sqrt(squares / values.Length));
            }

            public static double Percentile(double[] values, double p)
            {
                var sorted = (double[])values.Clone();
                Array.Sort(sorted);
                var rank = p / 100.0 * (sorted.Length - 1);
                var low = (int)Math.Floor(rank);
                var high = Math.Min(low + 1, sorted.Length - 1);
                return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
            }
        {{c.Repeat(1, 2, i => $$"""

            public static long Fibonacci{{i}}(int n)
            {
                long a = 0, b = 1;
                while (n-- > 0)
                {
                    (a, b) = (b, a + b + {{c.Int(0, 2)}});
                }

                return a;
            }
        """)}}
        }

        """;

    private static string Shapes(TemplateContext c) => $$"""
        public abstract record {{c.Name("Shape")}};
        public sealed record {{c.Name("Circle")}}(double Radius) : {{c.Name("Shape")}};
        public sealed record {{c.Name("Rect")}}(double Width, double Height) : {{c.Name("Shape")}};
        public sealed record {{c.Name("Tri")}}(double A, double B, double C) : {{c.Name("Shape")}};

        public static class {{c.Name("Geometry")}}
        {
            public static double Area({{c.Name("Shape")}} shape) => shape switch
            {
                {{c.Name("Circle")}} { Radius: var r } => Math.PI * r * r,
                {{c.Name("Rect")}}(var w, var h) => w * h,
                {{c.Name("Tri")}} t when t.A > 0 && t.B > 0 && t.C > 0 => Heron(t.A, t.B, t.C),
                _ => throw new ArgumentOutOfRangeException(nameof(shape)),
            };

            public static string Describe(object? value) => value switch
            {
                null => "nothing",
                int i and > {{c.Int(10, 100)}} => "big " + i,
                int i => "small " + i,
                string { Length: 0 } => "empty",
                string s => s,
                IEnumerable<int> list => "list of " + list.Count(),
                _ => value.ToString() ?? string.Empty,
            };

            private static double Heron(double a, double b, double c)
            {
                var s = (a + b + c) / 2;
                return Math.Sqrt(s * (s - a) * (s - b) * (s - c));
            }
        }

        """;

    private static string StreamWork(TemplateContext c) => $$"""
        public sealed class {{c.Name("Archive")}} : IDisposable
        {
            private readonly MemoryStream _buffer = new();
            private bool _disposed;

            public void Append(string text)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                var bytes = Encoding.UTF8.GetBytes(text);
                _buffer.Write(bytes, 0, bytes.Length);
            }

            public string ReadAll()
            {
                _buffer.Position = 0;
                using var reader = new StreamReader(_buffer, Encoding.UTF8, false, {{c.Int(256, 4096)}}, leaveOpen: true);
                return reader.ReadToEnd();
            }

            public static int CopyLines(string text, TextWriter writer)
            {
                using var reader = new StringReader(text);
                var count = 0;
                string? line;
                while ((line = reader.ReadLine()) != null)
                {
                    writer.WriteLine(line);
                    count++;
                }

                return count;
            }

            public static long Checksum(Stream stream)
            {
                var chunk = new byte[{{c.Int(64, 1024)}}];
                long sum = 0;
                int read;
                while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
                {
                    for (var i = 0; i < read; i++)
                    {
                        sum += chunk[i];
                    }
                }

                return sum;
            }

            public void Dispose()
            {
                if (!_disposed)
                {
                    _buffer.Dispose();
                    _disposed = true;
                }
            }
        }

        """;

    private static string Events(TemplateContext c) => $$"""
        public sealed class {{c.Name("Monitor")}}
        {
            public event EventHandler<int>? Changed;

            private int _value;

            public int Value
            {
                get => _value;
                set
                {
                    if (_value == value)
                    {
                        return;
                    }

                    _value = value;
                    Changed?.Invoke(this, value);
                }
            }

            public Func<int, int> Compose(params Func<int, int>[] steps)
            {
                return input =>
                {
                    var current = input;
                    foreach (var step in steps)
                    {
                        current = Clamp(step(current));
                    }

                    return current;
                };

                static int Clamp(int v) => Math.Clamp(v, -{{c.Int(100, 1000)}}, {{c.Int(100, 1000)}});
            }

            public IDisposable Subscribe(Action<int> onChange)
            {
                EventHandler<int> handler = (_, v) => onChange(v);
                Changed += handler;
                return new Unsubscriber(() => Changed -= handler);
            }

            private sealed class Unsubscriber(Action unsubscribe) : IDisposable
            {
                public void Dispose() => unsubscribe();
            }
        }

        """;
}
