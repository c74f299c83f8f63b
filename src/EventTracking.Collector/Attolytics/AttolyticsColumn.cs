namespace EventTracking.Collector;

/// <summary>One column of an Attolytics table.</summary>
/// <param name="Name">The key the value is read from, and the key it is stored under in the event's data.</param>
/// <param name="Type">The type the value is converted to.</param>
/// <param name="Header">The request header the value comes from instead of the event (string columns only).</param>
/// <param name="Required">Whether a missing or unconvertible value rejects the request instead of becoming null.</param>
internal sealed record AttolyticsColumn(string Name, AttolyticsColumnType Type, string? Header, bool Required);
