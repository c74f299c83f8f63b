using Microsoft.Extensions.Logging;

namespace EventTracking.Collector;

/// <summary>
/// The collector's log messages. API keys are never logged, only their configured names. Every text that came with a
/// request (a refusal's reason quotes it: a Content-Type, a timestamp, a route value, a parser's message) is escaped by
/// <see cref="LogText.Escape(string?)"/> here, so no request can start, recolour or reorder a log line.
/// </summary>
internal static partial class CollectorLog
{
    public const string Category = "EventTracking.Collector";

    public static void DeliveryFailed(ILogger logger, Exception exception, string surface, int count, string? clientAddress, string keyNames) =>
        DeliveryFailedMessage(logger, exception, surface, count, LogText.Escape(clientAddress), LogText.Escape(keyNames));

    public static void Refused(ILogger logger, string surface, string? clientAddress, int status, string reason)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            RefusedMessage(logger, surface, LogText.Escape(clientAddress), status, LogText.Escape(reason));
        }
    }

    public static void Accepted(ILogger logger, string surface, int count, string? clientAddress, string keyNames)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AcceptedMessage(logger, surface, count, LogText.Escape(clientAddress), LogText.Escape(keyNames));
        }
    }

    [LoggerMessage(201, LogLevel.Warning, "The {Surface} collector could not deliver {Count} event(s) from {ClientAddress} (keys: {KeyNames}); answered 503 so the client retries.")]
    private static partial void DeliveryFailedMessage(ILogger logger, Exception exception, string surface, int count, string clientAddress, string keyNames);

    [LoggerMessage(202, LogLevel.Debug, "The {Surface} collector refused a request from {ClientAddress} with {Status}: {Reason}")]
    private static partial void RefusedMessage(ILogger logger, string surface, string clientAddress, int status, string reason);

    [LoggerMessage(203, LogLevel.Debug, "The {Surface} collector stored {Count} event(s) from {ClientAddress} (keys: {KeyNames}).")]
    private static partial void AcceptedMessage(ILogger logger, string surface, int count, string clientAddress, string keyNames);
}
