namespace EventTracking.Collector;

/// <summary>
/// What validating a Pycolytics body found: a bad or missing key (401, which wins), an <c>event_type</c> outside the
/// <see cref="EventNames"/> alphabet (400, <see cref="BadName"/>), schema errors (422), or the events to deliver with
/// how many each key sent.
/// </summary>
internal sealed record PycolyticsBatch(
    bool Unauthorized,
    IReadOnlyList<PycolyticsError> Errors,
    IReadOnlyList<TrackingEvent> Events,
    IReadOnlyList<KeyValuePair<string?, int>> EventsPerKey,
    string? BadName = null);
