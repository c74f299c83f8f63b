namespace EventTracking.Collector.Tests.Support;

/// <summary>A response as read off the socket: status, headers (names in lower case) and body text.</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);
