namespace EventTracking.Tests;

/// <summary>Builds events for backend tests.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static TrackingEvent Create(string name = "test.event", DateTimeOffset? timestamp = null, object? context = null, object? data = null) =>
        new(Guid.CreateVersion7(), name, timestamp ?? Start, context, data);

    /// <summary>Small events like a page view: one context key, two data keys, a microsecond apart.</summary>
    public static TrackingEvent[] Small(int count, string name = "navigation.request")
    {
        var events = new TrackingEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = new TrackingEvent(
                Guid.CreateVersion7(),
                name,
                Start.AddTicks(i * 10L),
                new Dictionary<string, object?> { ["user_id"] = 10938L },
                new Dictionary<string, object?> { ["url"] = "http://www.edx.org/some/path/1", ["n"] = (long)i });
        }

        return events;
    }
}
