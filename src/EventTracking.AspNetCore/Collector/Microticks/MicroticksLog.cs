using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>The Microticks surface's log messages. Keys and tokens are never logged; consumers are named.</summary>
internal static partial class MicroticksLog
{
    public const string Category = "EventTracking.Collector";

    [LoggerMessage(301, LogLevel.Warning, "The microticks collector could not deliver '{EventName}' from {ClientAddress} (consumer '{Consumer}'); answered 503 so the client can retry.")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string eventName, string? clientAddress, string consumer);

    [LoggerMessage(302, LogLevel.Debug, "The microticks collector refused {Method} {Path} from {ClientAddress} with {Status}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string? clientAddress, int status, string reason);

    [LoggerMessage(303, LogLevel.Debug, "The microticks collector stored '{EventName}' from {ClientAddress} (consumer '{Consumer}').")]
    public static partial void Accepted(ILogger logger, string eventName, string? clientAddress, string consumer);

    [LoggerMessage(304, LogLevel.Warning, "The microticks collector could not use its SQLite file for {Method} {Path}; answered 503.")]
    public static partial void DatabaseFailed(ILogger logger, Exception exception, string method, string path);
}
