namespace EventTracking.Collector;

/// <summary>An Attolytics table: what an event naming it in <c>_t</c> may hold.</summary>
/// <param name="Name">The table's name; the name of the events stored for it.</param>
/// <param name="Columns">The columns, in the schema file's order.</param>
internal sealed record AttolyticsTable(string Name, IReadOnlyList<AttolyticsColumn> Columns);
