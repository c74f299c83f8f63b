using Microsoft.Extensions.Logging;

namespace EventTracking.Collector;

/// <summary>The collector's log messages. API keys are never logged, only their configured names.</summary>
internal static partial class CollectorLog
{
    public const string Category = "EventTracking.Collector";

    [LoggerMessage(201, LogLevel.Warning, "The {Surface} collector could not deliver {Count} event(s) from {ClientAddress} (keys: {KeyNames}); answered 503 so the client retries.")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string surface, int count, string? clientAddress, string keyNames);

    [LoggerMessage(202, LogLevel.Debug, "The {Surface} collector refused a request from {ClientAddress} with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string surface, string? clientAddress, int status, string reason);

    [LoggerMessage(203, LogLevel.Debug, "The {Surface} collector stored {Count} event(s) from {ClientAddress} (keys: {KeyNames}).")]
    public static partial void Accepted(ILogger logger, string surface, int count, string? clientAddress, string keyNames);
}
