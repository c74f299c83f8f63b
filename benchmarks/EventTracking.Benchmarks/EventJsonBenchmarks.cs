using BenchmarkDotNet.Attributes;

namespace EventTracking.Benchmarks;

/// <summary>Canonical JSON: one event written and read back.</summary>
[MemoryDiagnoser]
public class EventJsonBenchmarks
{
    private TrackingEvent _event = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _event = new TrackingEvent(
            Guid.CreateVersion7(),
            "address.create",
            DateTimeOffset.UtcNow,
            new { user_id = 10938, session_id = "2987lkjdyoioey" },
            new { name = "Address", address = new { line1 = "1 Main Street", city = "Boston", zip = "02115" }, tags = new[] { "a", "b" } });
        _json = EventJson.Serialize(_event);
    }

    [Benchmark]
    public string Serialize() => EventJson.Serialize(_event);

    [Benchmark]
    public TrackingEvent Parse() => EventJson.Parse(_json);
}
