using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>
/// What the Papika surface needs from the collector: the body read within its size limit, the collector's own context
/// fields, and acknowledged delivery. Kept small and apart so the shared collector pieces can replace it.
/// </summary>
internal sealed class PapikaIngestion
{
    /// <summary>How long a client is told to wait after a 503.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>How deeply the envelope, <c>data</c> and <c>detail</c> JSON may each nest.</summary>
    public const int MaxDepth = 32;

    private const int ChunkSize = 16 * 1024;

    private readonly ITracker _tracker;
    private readonly TimeProvider _time;

    public PapikaIngestion(ITracker tracker, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        _tracker = tracker;
        _time = time ?? TimeProvider.System;
        Logger = loggerFactory.CreateLogger(PapikaLog.Category);
    }

    public ILogger Logger { get; }

    public static string? ClientAddress(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } ip ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString() : null;

    /// <summary>The collector's fields for a request arriving now, at the microsecond precision events carry.</summary>
    public PapikaCollectorFields Fields(HttpContext context)
    {
        var now = _time.GetUtcNow();
        return new PapikaCollectorFields(new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero), ClientAddress(context));
    }

    /// <summary>Reads the whole body, or gives up with 413 as soon as it proves longer than <paramref name="limit"/>.</summary>
    public static async Task<(ReadOnlyMemory<byte> Body, PapikaError? Error)> ReadBodyAsync(HttpContext context, long limit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var tooLarge = new PapikaError(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {limit} bytes");
        if (context.Request.ContentLength > limit)
        {
            return (default, tooLarge);
        }

        var buffer = new byte[(int)Math.Min(Math.Max(context.Request.ContentLength ?? ChunkSize, 1), Math.Min(limit + 1, int.MaxValue))];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Math.Min(limit + 1, int.MaxValue)));
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer.AsMemory(0, length), null);
                }

                length += read;
                if (length > limit)
                {
                    return (default, tooLarge);
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (default, tooLarge);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            return (default, PapikaError.BadRequest("the request body could not be read"));
        }
    }

    /// <summary>Delivers with acknowledgement.</summary>
    /// <returns>Whether every store the events are routed to took them; a failure is logged.</returns>
    public async Task<bool> DeliverAsync(IReadOnlyList<TrackingEvent> events, PapikaCollectorFields fields, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return true;
        }

        try
        {
            await _tracker.DeliverAsync(events, cancellationToken).ConfigureAwait(false);
            PapikaLog.Accepted(Logger, events.Count, fields.ClientAddress);
            return true;
        }
        catch (Exception ex)
        {
            // A store failed, the tracker is shutting down, or the client went away: nothing is acknowledged, and the
            // client's resend maps to the same ids, so it stores nothing twice.
            PapikaLog.DeliveryFailed(Logger, ex, events.Count, fields.ClientAddress);
            return false;
        }
    }
}
