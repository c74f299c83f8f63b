using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The <see cref="HttpBackend"/>'s own log messages, generated at compile time.</summary>
internal static partial class HttpBackendLog
{
    [LoggerMessage(201, LogLevel.Error,
        "The collector at {Endpoint} rejected a batch of {EventCount} events with {StatusCode}; the batch is dropped, not retried. Response body starts: {ResponseBodyPrefix}. {Suppressed} more batches were rejected since the last message.")]
    public static partial void BatchRejected(ILogger logger, EventBatchRejectedException exception, Uri endpoint, int eventCount, int statusCode, string responseBodyPrefix, long suppressed);
}
