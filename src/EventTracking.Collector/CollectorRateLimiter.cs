using System.Threading.RateLimiting;

namespace EventTracking.Collector;

/// <summary>Token buckets per API key and per client address, taking one token per event.</summary>
internal sealed class CollectorRateLimiter : IDisposable
{
    private const int Segments = 10;

    private readonly PartitionedRateLimiter<string>? _perKey;
    private readonly PartitionedRateLimiter<string>? _perClient;

    public CollectorRateLimiter(CollectorRateLimitOptions rate)
    {
        Window = rate.Window;
        EventsPerKey = rate.EventsPerKey;
        EventsPerClient = rate.EventsPerClient;
        _perKey = Create(rate.EventsPerKey, rate.Window);
        _perClient = Create(rate.EventsPerClient, rate.Window);
    }

    public TimeSpan Window { get; }

    /// <summary>The window as the <c>limits</c> library behind Pycolytics writes it: <c>1 minute</c>, <c>30 second</c>, <c>2 hour</c>.</summary>
    public string WindowText => Window switch
    {
        { TotalDays: >= 1 } w when w.Ticks % TimeSpan.TicksPerDay == 0 => $"{(long)w.TotalDays} day",
        { TotalHours: >= 1 } w when w.Ticks % TimeSpan.TicksPerHour == 0 => $"{(long)w.TotalHours} hour",
        { TotalMinutes: >= 1 } w when w.Ticks % TimeSpan.TicksPerMinute == 0 => $"{(long)w.TotalMinutes} minute",
        var w => $"{(long)Math.Ceiling(w.TotalSeconds)} second",
    };

    public int EventsPerKey { get; }

    public int EventsPerClient { get; }

    /// <summary>
    /// Takes one token per event from the client's bucket and from each key's bucket, or from none of them: buckets are
    /// checked before any is drawn from, so a request refused by one limit does not use up another.
    /// </summary>
    /// <param name="clientAddress">The client's address.</param>
    /// <param name="perKey">How many events each key sent; anonymous events are counted only per client.</param>
    /// <returns><see langword="null"/> when allowed; otherwise the limit that was hit and how long to wait.</returns>
    public RateLimitRefusal? TryAcquire(string? clientAddress, IReadOnlyList<KeyValuePair<string?, int>> perKey)
    {
        var draws = new List<(PartitionedRateLimiter<string> Limiter, string Partition, int Count, int Limit)>();
        var total = perKey.Sum(k => k.Value);
        if (_perClient is not null && total > 0)
        {
            draws.Add((_perClient, clientAddress ?? string.Empty, total, EventsPerClient));
        }

        if (_perKey is not null)
        {
            draws.AddRange(perKey.Where(k => k.Key is not null && k.Value > 0).Select(k => (_perKey, k.Key!, k.Value, EventsPerKey)));
        }

        foreach (var (limiter, partition, count, limit) in draws)
        {
            var available = limiter.GetStatistics(partition)?.CurrentAvailablePermits ?? limit;
            if (available < count)
            {
                // Buckets refill at limit per window, so the missing tokens are back after their share of the window.
                return new RateLimitRefusal(limit, Window * ((count - available) / (double)limit), WindowText);
            }
        }

        // Two requests racing between the check and the draw may still use up some tokens of a bucket that then refuses.
        foreach (var (limiter, partition, count, limit) in draws)
        {
            using var lease = limiter.AttemptAcquire(partition, count);
            if (!lease.IsAcquired)
            {
                return new RateLimitRefusal(limit, Wait(lease), WindowText);
            }
        }

        return null;
    }

    public void Dispose()
    {
        _perKey?.Dispose();
        _perClient?.Dispose();
    }

    private TimeSpan Wait(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window / Segments;

    private static PartitionedRateLimiter<string>? Create(int limit, TimeSpan window)
    {
        if (limit <= 0)
        {
            return null;
        }

        // The partitioned limiter's heartbeat (every 100 ms) refills each bucket by the time elapsed, at limit per
        // window, and retires idle ones (a full bucket is idle), so no bucket needs a timer of its own.
        var bucket = new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit,
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(limit / (double)Segments)),
            ReplenishmentPeriod = window / Segments,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
        return PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetTokenBucketLimiter(partition, _ => bucket));
    }
}
