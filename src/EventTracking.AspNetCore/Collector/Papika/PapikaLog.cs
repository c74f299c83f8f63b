using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>The Papika surface's log messages, in the collector's log category.</summary>
internal static partial class PapikaLog
{
    public const string Category = "EventTracking.Collector";

    [LoggerMessage(201, LogLevel.Warning, "The papika collector could not deliver {Count} event(s) from {ClientAddress}; answered 503 so the client retries.")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, int count, string? clientAddress);

    [LoggerMessage(202, LogLevel.Debug, "The papika collector refused a request to {Path} from {ClientAddress} with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string? clientAddress, int status, string reason);

    [LoggerMessage(203, LogLevel.Debug, "The papika collector stored {Count} event(s) from {ClientAddress}.")]
    public static partial void Accepted(ILogger logger, int count, string? clientAddress);

    [LoggerMessage(204, LogLevel.Warning, "The papika store at {Path} could not be read or written; answered 503 so the client retries.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string path);
}
