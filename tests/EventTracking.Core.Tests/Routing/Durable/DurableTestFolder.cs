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
