namespace EventTracking.Tests;

internal static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

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
