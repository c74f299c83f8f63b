namespace EventTracking.Reading;

/// <summary>One event name in the catalog: how many, when first and last seen, and the fields its events carry.</summary>
/// <param name="Name">The event name.</param>
/// <param name="Count">How many stored events (that match the filter) have the name.</param>
/// <param name="FirstSeen">The oldest timestamp.</param>
/// <param name="LastSeen">The newest timestamp.</param>
/// <param name="Sampled">How many of the newest events were inspected for <paramref name="Fields"/>; 0 when fields were not asked for.</param>
/// <param name="Fields">The fields seen in the sampled events, <c>data</c> first then <c>context</c>, each by path (ordinal).</param>
public sealed record EventNameSummary(
    string Name,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int Sampled,
    IReadOnlyList<EventFieldSummary> Fields);
