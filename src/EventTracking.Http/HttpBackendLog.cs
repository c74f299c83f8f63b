using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The <see cref="HttpBackend"/>'s own log messages, generated at compile time.</summary>
internal static partial class HttpBackendLog
{
    [LoggerMessage(201, LogLevel.Error,
        "The collector at {Endpoint} rejected a batch of {EventCount} events with {StatusCode}; the batch is dropped, not retried. Response body starts: {ResponseBodyPrefix}. {Suppressed} more batches were rejected since the last message.")]
    public static partial void BatchRejected(ILogger logger, EventBatchRejectedException exception, Uri endpoint, int eventCount, int statusCode, string responseBodyPrefix, long suppressed);

    [LoggerMessage(202, LogLevel.Error,
        "The collector at {Endpoint} refused {RejectedCount} of {BatchCount} events for good (status {StatusCode}); those are dropped, the rest delivered. Reason: {Reason}. {Suppressed} more refusals since the last message.")]
    public static partial void EventsRejected(ILogger logger, EventBatchRejectedException exception, Uri endpoint, int rejectedCount, int batchCount, int statusCode, string reason, long suppressed);
}
