using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// The collector's rate limits: the shared one (<c>Collector:RateLimit</c>), which every surface draws from, and a
/// surface's own (<c>Collector:SurfaceRateLimits:Pycolytics</c>, …), which only that surface draws from. A request
/// passes when both have the tokens for its events.
/// </summary>
internal sealed class CollectorRateLimits : IDisposable
{
    private readonly CollectorRateLimiter _shared;
    private readonly Dictionary<string, CollectorRateLimiter> _surfaces = new(StringComparer.OrdinalIgnoreCase);

    public CollectorRateLimits(IOptions<EventCollectorOptions> options)
    {
        _shared = new CollectorRateLimiter(options.Value.RateLimit);
        foreach (var (surface, limit) in options.Value.SurfaceRateLimits)
        {
            _surfaces[surface] = new CollectorRateLimiter(limit);
        }
    }

    /// <summary>
    /// Takes one token per event from the surface's own buckets, then from the shared ones; the first that lacks them
    /// refuses, and its limit and window are what the client is told.
    /// </summary>
    public RateLimitRefusal? TryAcquire(string surface, string? clientAddress, IReadOnlyList<KeyValuePair<string?, int>> perKey) =>
        (_surfaces.TryGetValue(surface, out var own) ? own.TryAcquire(clientAddress, perKey) : null)
        ?? _shared.TryAcquire(clientAddress, perKey);

    public void Dispose()
    {
        _shared.Dispose();
        foreach (var limiter in _surfaces.Values)
        {
            limiter.Dispose();
        }
    }
}
