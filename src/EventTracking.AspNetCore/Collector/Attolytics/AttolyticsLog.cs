using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>The surface's log messages, in the collector's category. Secret keys are never logged.</summary>
internal static partial class AttolyticsLog
{
    public const string Category = "EventTracking.Collector";

    [LoggerMessage(201, LogLevel.Warning, "The attolytics collector could not deliver {Count} event(s) from app '{AppId}' at {ClientAddress}; answered 503 so the client retries.")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, int count, string appId, string? clientAddress);

    [LoggerMessage(202, LogLevel.Debug, "The attolytics collector refused a request from {ClientAddress} with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string? clientAddress, int status, string reason);

    [LoggerMessage(203, LogLevel.Debug, "The attolytics collector stored {Count} event(s) from app '{AppId}' at {ClientAddress}.")]
    public static partial void Accepted(ILogger logger, int count, string appId, string? clientAddress);
}
