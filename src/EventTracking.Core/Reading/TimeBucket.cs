namespace EventTracking.Reading;

/// <summary>The width of the UTC-aligned buckets that <see cref="IEventReader.CountByNameAsync"/> counts in.</summary>
public enum TimeBucket
{
    /// <summary>One minute.</summary>
    Minute = 0,

    /// <summary>One hour.</summary>
    Hour = 1,

    /// <summary>One UTC day.</summary>
    Day = 2,
}
