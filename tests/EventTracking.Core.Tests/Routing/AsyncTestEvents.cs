using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EventTracking.Tests.Routing;

/// <summary>Events that carry their producer and sequence number in their id, and helpers for async routing tests.</summary>
internal static class AsyncTestEvents
{
    private static readonly DateTimeOffset Timestamp = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    /// <summary>How long a test waits for a signal before it fails instead of hanging.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static TrackingEvent Create(int sequence, int producer = 0) =>
        new(new Guid(sequence, (short)producer, 0, 0, 0, 0, 0, 0, 0, 0, 0), "test.event", Timestamp);

    public static (int Producer, int Sequence) Read(TrackingEvent evt)
    {
        Span<byte> bytes = stackalloc byte[16];
        evt.Id.TryWriteBytes(bytes);
        return (BitConverter.ToInt16(bytes[4..6]), BitConverter.ToInt32(bytes[..4]));
    }

    public static int Sequence(TrackingEvent evt) => Read(evt).Sequence;

    public static IEnumerable<int> Sequences(IEnumerable<TrackingEvent> events) => events.Select(Sequence);

    /// <summary>A node name no other test uses, so metrics can be filtered to one test.</summary>
    public static string UniqueName() => $"{TestContext.CurrentContext.Test.MethodName}-{Guid.NewGuid():N}";

    /// <summary>Fails the test instead of hanging when a signal never comes.</summary>
    public static Task Within(this Task task) => task.WaitAsync(Patience);

    /// <summary>Fails the test instead of hanging when a signal never comes.</summary>
    public static Task Within(this ValueTask task) => task.AsTask().WaitAsync(Patience);

    /// <summary>Sums the measurements of one node, optionally narrowed by more tags.</summary>
    public static long Sum(this MetricCollector<long> collector, string node, params (string Key, object? Value)[] tags) =>
        collector.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags.GetValueOrDefault("eventtracking.node"), node)
                && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Key), t.Value)))
            .Sum(m => m.Value);
}
