namespace EventTracking.Collector;

/// <summary>A configured API key: its name and the SHA-256 hash of the key. The key itself is not kept.</summary>
internal sealed record ApiKey(string Name, byte[] Hash);
