namespace EventTracking.AspNetCore.Tests.Support;

/// <summary>A scoped application service that emits after awaiting, as real services do.</summary>
internal sealed class Greeter
{
    private readonly ITracker _tracker;

    public Greeter(ITracker tracker)
    {
        _tracker = tracker;
    }

    public async Task GreetAsync(int i)
    {
        await Task.Yield();
        _tracker.Emit("test.service", new { i });
    }
}
