using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace EventTracking.Benchmarks;

/// <summary>
/// The durable buffer (docs/durability.md): what <see cref="Tracker.Emit"/> costs into a durable node, and how many events
/// per second reach the disk (group commit with fsync) and a counting child. Divide <see cref="Events"/> by the mean time
/// of <see cref="EmitAndFlush"/> for events per second. Bytes on disk per event are printed at setup.
/// </summary>
/// <remarks>
/// The emit rows come in a pair measured the same way in the same run: into an in-memory async node (the baseline) and
/// into a durable node, so the ratio shows what the buffer adds on the emitting thread even on a loaded machine.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class DurableBufferBenchmarks
{
    /// <summary>Events emitted per throughput operation.</summary>
    public const int Events = 200_000;

    private string _folder = null!;
    private Tracker _tracker = null!;
    private Tracker _memoryTracker = null!;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "et-durable-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"// bytes on disk per event: {BytesPerEvent(Path.Combine(_folder, "size")):F1}");
        _tracker = Node("durable", new DurableBufferOptions { Path = Path.Combine(_folder, "buffer") });
        _memoryTracker = Node("memory", buffer: null);
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _tracker.DisposeAsync();
        await _memoryTracker.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The same emit into a node without a buffer: the baseline of <see cref="Emit"/>.</summary>
    [Benchmark(Baseline = true, Description = "Tracker.Emit into an in-memory async node")]
    [BenchmarkCategory("emit")]
    [InvocationCount(100_000)]
    public void EmitInMemory() => _memoryTracker.Emit("navigation.request", new { url = "/" });

    /// <summary>The emitting thread's cost while the intake has room; the worker writes and fsyncs meanwhile.</summary>
    [Benchmark(Description = "Tracker.Emit into a durable node")]
    [BenchmarkCategory("emit")]
    [InvocationCount(100_000)]
    public void Emit() => _tracker.Emit("navigation.request", new { url = "/" });

    /// <summary>Lets the worker catch up between iterations, so every measured emit finds room in the intake.</summary>
    [IterationCleanup(Targets = [nameof(Emit), nameof(EmitInMemory)])]
    public void CatchUp()
    {
        _tracker.FlushAsync().AsTask().GetAwaiter().GetResult();
        _memoryTracker.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Emit -> durable node (fsync) -> counting batch backend, flushed")]
    [BenchmarkCategory("throughput")]
    public async Task EmitAndFlush()
    {
        for (var i = 0; i < Events; i++)
        {
            _tracker.Emit("navigation.request", new { i });
        }

        await _tracker.FlushAsync();
    }

    private static Tracker Node(string name, DurableBufferOptions? buffer) =>
        new(new RoutingBackend([new(name, new AsyncRoutingBackend(
            [new("count", new CountingBatchBackend())],
            options: new AsyncRoutingOptions { Name = name, Capacity = 1_000_000, FullMode = QueueFullMode.Wait, Buffer = buffer }))]));

    /// <summary>Commits events whose child is not taking them and measures the segment files.</summary>
    private static double BytesPerEvent(string folder)
    {
        const int Count = 10_000;
        var stalled = new TaskCompletionSource();
        var node = new AsyncRoutingBackend(
            [new("stalled", new StalledBatchBackend(stalled.Task))],
            options: new AsyncRoutingOptions { Name = "size", Capacity = Count, ShutdownTimeout = TimeSpan.Zero, Buffer = new DurableBufferOptions { Path = folder } });
        var tracker = new Tracker(new RoutingBackend([new("size", node)]), options: new TrackerOptions { Context = new { user_id = 10938, session = "a1b2c3d4" } });
        var batch = new List<TrackingEvent>(Count);
        for (var i = 0; i < Count; i++)
        {
            batch.Add(new TrackingEvent(Guid.CreateVersion7(), "navigation.request", DateTimeOffset.UtcNow, new { user_id = 10938, session = "a1b2c3d4" }, new { url = "http://www.edx.org/some/path/1" }));
        }

        node.DeliverAsync(batch).AsTask().GetAwaiter().GetResult();
        var bytes = node.BufferedBytes;
        stalled.SetResult();
        tracker.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return (double)bytes / Count;
    }
}
