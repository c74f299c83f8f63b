using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>
/// What an emitting thread pays to hand one event to an <see cref="AsyncRoutingBackend"/>: <c>Send</c> only,
/// with the worker delivering to a counting batch backend in the background.
/// </summary>
[MemoryDiagnoser]
public class AsyncEnqueueBenchmarks
{
    private AsyncRoutingBackend _router = null!;
    private TrackingEvent _event = null!;

    [GlobalSetup]
    public void Setup()
    {
        _router = new AsyncRoutingBackend(
            [new("count", new CountingBatchBackend())],
            options: new AsyncRoutingOptions { Capacity = 1_000_000, FullMode = QueueFullMode.Wait });
        _event = new TrackingEvent(Guid.CreateVersion7(), "navigation.request", DateTimeOffset.UtcNow, data: new { url = "/" });
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _router.DisposeAsync();

    [Benchmark(Description = "AsyncRoutingBackend.Send (enqueue)")]
    public void Enqueue() => _router.Send(_event);
}
