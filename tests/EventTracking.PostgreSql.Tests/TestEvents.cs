namespace EventTracking.Tests;

/// <summary>Builds events for the store tests.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Small events like a page view, a microsecond apart, starting at <paramref name="start"/> (or <see cref="Start"/>).</summary>
    public static TrackingEvent[] Small(int count, string name = "navigation.request", DateTimeOffset? start = null)
    {
        var events = new TrackingEvent[count];
        var context = new Dictionary<string, object?> { ["user_id"] = 10938L, ["course_id"] = "course-v1:edX+DemoX+Demo" };
        for (var i = 0; i < count; i++)
        {
            events[i] = new TrackingEvent(
                Guid.CreateVersion7(),
                name,
                (start ?? Start).AddTicks(i * 10L),
                context,
                new Dictionary<string, object?> { ["url"] = "http://www.edx.org/some/path/1", ["n"] = (long)i });
        }

        return events;
    }
}
