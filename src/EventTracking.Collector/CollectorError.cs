namespace EventTracking.Collector;

/// <summary>Why the native endpoint refused a request: the status, a sentence for the client, and the offending event's index if one.</summary>
internal sealed record CollectorError(int Status, string Detail, int? Index = null);
