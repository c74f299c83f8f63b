namespace EventTracking.Collector;

/// <summary>A loaded and validated Attolytics schema file: the apps that may send events, by id.</summary>
/// <param name="Path">The schema file's full path, for messages.</param>
/// <param name="Apps">The apps by id; each refers to its tables directly.</param>
/// <param name="HeaderNames">Every request header some column reads, in ordinal order; they take part in event ids.</param>
internal sealed record AttolyticsSchema(string Path, IReadOnlyDictionary<string, AttolyticsApp> Apps, IReadOnlyList<string> HeaderNames);
