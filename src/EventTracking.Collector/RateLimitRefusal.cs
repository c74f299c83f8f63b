namespace EventTracking.Collector;

/// <summary>A request refused by a rate limit: the limit it hit (events per window) and how long the client should wait.</summary>
internal sealed record RateLimitRefusal(int Limit, TimeSpan RetryAfter, string WindowText);
