using static EventTracking.Tests.Routing.AsyncTestEvents;

namespace EventTracking.Tests.Routing.Durable;

/// <summary>A fresh folder for one test's durable buffer, deleted afterwards.</summary>
internal sealed class DurableTestFolder : IDisposable
{
    public DurableTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "et-durable-tests", Guid.NewGuid().ToString("N"));
    }

    public string Path { get; }

    public string[] Segments => Directory.Exists(Path) ? Directory.GetFiles(Path, "*.seg").Order(StringComparer.Ordinal).ToArray() : [];

    public AsyncRoutingOptions Options(string name, Action<DurableBufferOptions>? buffer = null, int maxBatchSize = 100)
    {
        var options = new DurableBufferOptions { Path = Path, CommitInterval = TimeSpan.FromMilliseconds(20) };
        buffer?.Invoke(options);
        return new AsyncRoutingOptions
        {
            Name = name,
            Buffer = options,
            MaxBatchSize = maxBatchSize,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            ShutdownTimeout = TimeSpan.FromMilliseconds(200),
        };
    }

    /// <summary>
    /// Commits events 0 to <paramref name="total"/> - 1 in 8 KB segments (more than <paramref name="moreSegmentsThan"/>)
    /// through a node named <paramref name="name"/> whose only child is down, so they all stay in the buffer.
    /// </summary>
    public async Task WriteUndeliveredAsync(string name, int total, int moreSegmentsThan)
    {
        var down = new RecordingBatchBackend { BeforeAccept = (_, _, _) => throw new IOException("destination down") };
        var node = new AsyncRoutingBackend(
            new Dictionary<string, IEventBackend> { ["db"] = down },
            options: Options(name, b => b.SegmentBytes = 8192));
        for (var i = 0; i < total; i += 30)
        {
            await node.DeliverAsync(Enumerable.Range(i, 30).Select(n => Create(n)).ToList()).Within();
        }

        await node.DisposeAsync().Within();
        Assert.That(Segments, Has.Length.GreaterThan(moreSegmentsThan));
    }

    /// <summary>Starts a node named <paramref name="name"/> on the buffer and flushes what it replays into a new store.</summary>
    public async Task<RecordingBatchBackend> ReadBackAsync(string name)
    {
        var store = new RecordingBatchBackend();
        await using var node = new AsyncRoutingBackend(new Dictionary<string, IEventBackend> { ["db"] = store }, options: Options(name));
        await node.FlushAsync().Within();
        return store;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
