using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>
/// Events per second from 1 and 4 producers through <see cref="Tracker.Emit"/> into an
/// <see cref="AsyncRoutingBackend"/> and on to a batch backend that reads every event, flushed at the end of each operation.
/// Divide <see cref="Events"/> by the mean time for events per second.
/// </summary>
[MemoryDiagnoser]
public class AsyncThroughputBenchmarks
{
    /// <summary>Events emitted per operation, in total over all producers.</summary>
    public const int Events = 1_000_000;

    private Tracker _tracker = null!;
    private ReadingBatchBackend _counter = null!;

    /// <summary>How many threads emit at once.</summary>
    [Params(1, 4)]
    public int Producers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _counter = new ReadingBatchBackend();
        var store = new AsyncRoutingBackend([new("count", _counter)], options: new AsyncRoutingOptions { FullMode = QueueFullMode.Wait });
        _tracker = new Tracker(new RoutingBackend([new("store", store)]));
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _tracker.DisposeAsync();

    [Benchmark(OperationsPerInvoke = Events, Description = "Emit -> AsyncRoutingBackend -> reading batch backend")]
    public async Task EmitAndFlush()
    {
        var perProducer = Events / Producers;
        var producers = new Task[Producers];
        for (var p = 0; p < Producers; p++)
        {
            producers[p] = Task.Factory.StartNew(
                () =>
                {
                    for (var i = 0; i < perProducer; i++)
                    {
                        _tracker.Emit("navigation.request", new { i });
                    }
                },
                TaskCreationOptions.LongRunning);
        }

        await Task.WhenAll(producers);
        await _tracker.FlushAsync();
    }
}
