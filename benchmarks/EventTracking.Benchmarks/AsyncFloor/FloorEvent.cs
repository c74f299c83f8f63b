namespace EventTracking.Benchmarks.AsyncFloor;

/// <summary>The hand-written floor's event: what the library's event holds, in the plainest form.</summary>
internal sealed record FloorEvent(Guid Id, string Name, DateTimeOffset Timestamp, object? Context, KeyValuePair<string, object?>[] Data);
