namespace EventTracking.Reading;

/// <summary>Where a field of an event lives.</summary>
public enum EventFieldSource
{
    /// <summary>In the event's <c>data</c>.</summary>
    Data = 0,

    /// <summary>In the event's <c>context</c>.</summary>
    Context = 1,
}
