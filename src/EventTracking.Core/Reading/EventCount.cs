namespace EventTracking.Reading;

/// <summary>How many events of one name fell in one time bucket.</summary>
/// <param name="BucketStart">The start of the bucket, UTC.</param>
/// <param name="Name">The event name.</param>
/// <param name="Count">How many events.</param>
public sealed record EventCount(DateTimeOffset BucketStart, string Name, long Count);
