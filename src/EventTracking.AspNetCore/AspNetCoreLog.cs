using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>The ASP.NET Core package's log messages, generated at compile time.</summary>
internal static partial class AspNetCoreLog
{
    [LoggerMessage(101, LogLevel.Error, "The request-context Enrich callback threw for '{Path}'; the request goes on with the fields captured so far.")]
    public static partial void EnrichFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(102, LogLevel.Warning, "Event tracking shutdown did not finish within {Timeout}; events still queued are lost, and the async routers count them as dropped.")]
    public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(103, LogLevel.Warning, "Event tracking shutdown gave up on {Count} deliveries that did not complete within the shutdown timeout.")]
    public static partial void ShutdownUndelivered(ILogger logger, long count);

    [LoggerMessage(104, LogLevel.Error, "Disposing the event-tracking component {Component} at shutdown failed.")]
    public static partial void DisposeFailed(ILogger logger, Exception exception, string component);

    [LoggerMessage(105, LogLevel.Information, "Retention deleted {Count} events stamped before {Cutoff:O}.")]
    public static partial void RetentionDeleted(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(106, LogLevel.Error, "Retention could not delete old events from the store {Store}; it tries again next pass.")]
    public static partial void RetentionFailed(ILogger logger, Exception exception, string store);
}
