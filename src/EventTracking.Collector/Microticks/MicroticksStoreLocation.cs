namespace EventTracking.Collector;

/// <summary>The SQLite file that holds the Microticks tables and the table of that file where the events are stored.</summary>
internal sealed record MicroticksStoreLocation(string Path, string EventsTable);
