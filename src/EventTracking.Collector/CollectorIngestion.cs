using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>What every collector surface shares: options, keys, rate limits, the collector's own fields, and delivery.</summary>
internal sealed class CollectorIngestion
{
    private readonly ITracker _tracker;
    private readonly TimeProvider _time;

    public CollectorIngestion(
        ITracker tracker,
        IOptions<EventCollectorOptions> options,
        ApiKeys keys,
        CollectorRateLimits rateLimiter,
        ILoggerFactory loggerFactory,
        TimeProvider? time = null)
    {
        _tracker = tracker;
        Options = options.Value;
        Keys = keys;
        RateLimiter = rateLimiter;
        Logger = loggerFactory.CreateLogger(CollectorLog.Category);
        _time = time ?? TimeProvider.System;
    }

    public EventCollectorOptions Options { get; }

    public ApiKeys Keys { get; }

    public CollectorRateLimits RateLimiter { get; }

    public ILogger Logger { get; }

    public static string? ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    /// <summary>The collector's fields for a request arriving now, at the microsecond precision events carry.</summary>
    public CollectorFields Fields(HttpContext context, string? keyName, string surface)
    {
        var now = _time.GetUtcNow();
        var receivedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        return new CollectorFields(receivedAt, ClientAddress(context), keyName, surface);
    }

    /// <summary>Delivers with acknowledgement.</summary>
    /// <returns>Whether every store the events are routed to took them; a failure is logged.</returns>
    /// <param name="events">The validated events.</param>
    /// <param name="fields">The request's collector fields, for the log.</param>
    /// <param name="eventsPerKey">How many events each key sent, for the log (key names only, never keys).</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    public async Task<bool> DeliverAsync(IReadOnlyList<TrackingEvent> events, CollectorFields fields, IReadOnlyList<KeyValuePair<string?, int>> eventsPerKey, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return true;
        }

        try
        {
            await _tracker.DeliverAsync(events, cancellationToken).ConfigureAwait(false);
            CollectorLog.Accepted(Logger, fields.Surface, events.Count, fields.ClientAddress, KeyNames(eventsPerKey));
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away; it will send the batch again, and stores keyed on id take it once.
            return false;
        }
        catch (Exception ex)
        {
            // A store failed, the tracker is shutting down, or the client went away: nothing is acknowledged, and the
            // client's retry with the same ids stores nothing twice.
            CollectorLog.DeliveryFailed(Logger, ex, fields.Surface, events.Count, fields.ClientAddress, KeyNames(eventsPerKey));
            return false;
        }
    }

    private static string KeyNames(IReadOnlyList<KeyValuePair<string?, int>> eventsPerKey) =>
        string.Join(", ", eventsPerKey.Select(k => k.Key ?? "anonymous"));

    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
