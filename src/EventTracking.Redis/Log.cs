using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The Redis package's log messages, generated at compile time.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Redis stream {Stream} (group {Group}) could not be read; retrying.")]
    public static partial void RedisFailed(ILogger logger, string stream, string group, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Delivering {Count} events from Redis stream {Stream} failed (attempt {Attempt}); retrying.")]
    public static partial void DeliveryFailed(ILogger logger, int count, int attempt, string stream, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Error, Message = "Moved {Count} entries to dead-letter stream {DeadLetterStream} ({Reason}).")]
    public static partial void DeadLettered(ILogger logger, int count, string deadLetterStream, string reason);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Claimed {Count} idle entries of Redis stream {Stream} (group {Group}) from other consumers.")]
    public static partial void Claimed(ILogger logger, int count, string stream, string group);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Delivering {Count} events from Redis stream {Stream} failed {MaxDeliveries} times; delivering them in halves to dead-letter only the entries that fail alone.")]
    public static partial void Isolating(ILogger logger, int count, string stream, int maxDeliveries);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Removed {Count} idle consumers without pending entries from Redis stream {Stream} (group {Group}).")]
    public static partial void RemovedIdleConsumers(ILogger logger, long count, string stream, string group);
}
