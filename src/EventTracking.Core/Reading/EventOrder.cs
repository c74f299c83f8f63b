namespace EventTracking.Reading;

/// <summary>The order in which stored events are read: by timestamp, ties broken by id.</summary>
public enum EventOrder
{
    /// <summary>Newest first: timestamp descending, then id descending. The default.</summary>
    NewestFirst = 0,

    /// <summary>Oldest first: timestamp ascending, then id ascending. What a tail or an export uses.</summary>
    OldestFirst = 1,
}
