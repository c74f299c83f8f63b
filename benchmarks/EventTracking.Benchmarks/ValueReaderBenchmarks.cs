using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>
/// Generated readers against the reflection fallback (what every value went through before the source generator), on
/// Emit: a request context pushed, an event emitted and popped, the backend reading the merged context and the data.
/// The "reflection" rows pass the same shapes through a variable typed <c>object</c>, which the generator cannot see.
/// </summary>
[MemoryDiagnoser]
public class ValueReaderBenchmarks
{
    private const string Url = "http://www.edx.org/some/path/1";

    private Tracker _reading = null!;
    private Tracker _notReading = null!;

    [GlobalSetup]
    public void Setup()
    {
        _reading = new Tracker(new RoutingBackend([new("read", new ReadingBackend())]));
        _notReading = new Tracker(new RoutingBackend([new("noop", new NoopBackend())]));
    }

    [Benchmark(Baseline = true, Description = "anonymous, reflection: push context + emit + read both + pop")]
    public void AnonymousReflection()
    {
        object context = new { uid = 10938, sid = "2987lkjdyoioey" };
        object data = new { url = Url, status = 200 };
        using (_reading.Context("request", context))
        {
            _reading.Emit("navigation.request", data);
        }
    }

    [Benchmark(Description = "anonymous, generated: push context + emit + read both + pop")]
    public void AnonymousGenerated()
    {
        using (_reading.Context("request", new { user = 10938, session = "2987lkjdyoioey" }))
        {
            _reading.Emit("navigation.request", new { href = Url, code = 200 });
        }
    }

    [Benchmark(Description = "class, reflection: emit + read data")]
    public void ClassReflection()
    {
        object data = new ReflectedPageView { Url = Url, Status = 200, Referrer = null };
        _reading.Emit("navigation.request", data);
    }

    [Benchmark(Description = "class, generated: emit + read data")]
    public void ClassGenerated() => _reading.Emit("navigation.request", new PageView { Url = Url, Status = 200, Referrer = null });

    [Benchmark(Description = "anonymous, generated: emit, data never read")]
    public void AnonymousUnread() => _notReading.Emit("navigation.request", new { link = Url, result = 200 });

    /// <summary>The same shape as <see cref="PageView"/>, only ever passed as <c>object</c>, so no reader is generated for it.</summary>
    public sealed class ReflectedPageView
    {
        /// <summary>The page.</summary>
        public required string Url { get; init; }

        /// <summary>The HTTP status.</summary>
        public int Status { get; init; }

        /// <summary>Where the user came from.</summary>
        public string? Referrer { get; init; }
    }

    /// <summary>A user's own type, as a record of a page view.</summary>
    public sealed class PageView
    {
        /// <summary>The page.</summary>
        public required string Url { get; init; }

        /// <summary>The HTTP status.</summary>
        public int Status { get; init; }

        /// <summary>Where the user came from.</summary>
        public string? Referrer { get; init; }
    }
}
