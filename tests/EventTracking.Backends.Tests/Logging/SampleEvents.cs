namespace EventTracking.Tests.Logging;

/// <summary>Events with nested data, shared by the backend tests.</summary>
internal static class SampleEvents
{
    public static TrackingEvent Navigation() => new(
        Guid.CreateVersion7(),
        "navigation.request",
        new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddTicks(1234560),
        new { user_id = 10938, session = "abc" },
        new
        {
            url = "http://www.edx.org/some/path/1",
            answer = new { correct = true, attempts = 2 },
            tags = new object[] { "a", 1, new { deep = "yes" } },
        });

    public static TrackingEvent WithPayload(int bytes) => new(
        Guid.CreateVersion7(),
        "big.event",
        DateTimeOffset.UtcNow,
        null,
        new { payload = new string('x', bytes) });
}
