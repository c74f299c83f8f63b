namespace EventTracking.Reading;

/// <summary>One field of an event name, inferred from sampled events.</summary>
/// <param name="Source">Whether the field is in <c>data</c> or in <c>context</c>.</param>
/// <param name="Path">The field's path: its key, nested keys joined by dots (<c>course.id</c>).</param>
/// <param name="Types">Every JSON type the field was seen with.</param>
/// <param name="Present">In how many sampled events the field was present (a <c>null</c> value counts as present).</param>
/// <param name="Presence">The share of sampled events with the field, 0 to 1.</param>
/// <param name="Examples">A few distinct scalar values seen, as text (strings cut at 100 characters), oldest sampled first.</param>
public sealed record EventFieldSummary(
    EventFieldSource Source,
    string Path,
    EventFieldTypes Types,
    int Present,
    double Presence,
    IReadOnlyList<string> Examples);
