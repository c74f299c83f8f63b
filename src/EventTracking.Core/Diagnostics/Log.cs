using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The library's log messages, generated at compile time.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Event processor {Processor} threw while processing '{EventName}'; the event goes on unchanged.")]
    public static partial void ProcessorFailed(ILogger logger, Exception exception, string processor, string eventName);

    [LoggerMessage(45, LogLevel.Error, "Privacy processor {Processor} threw while processing '{EventName}'; the event is dropped, not passed on unprocessed.")]
    public static partial void PrivacyProcessorFailed(ILogger logger, Exception exception, string processor, string eventName);

    [LoggerMessage(2, LogLevel.Error, "Event backend '{Backend}' threw while receiving '{EventName}'; its siblings still receive it.")]
    public static partial void BackendFailed(ILogger logger, Exception exception, string backend, string eventName);

    [LoggerMessage(3, LogLevel.Error, "Emitting '{EventName}' failed.")]
    public static partial void EmitFailed(ILogger logger, Exception exception, string eventName);

    [LoggerMessage(4, LogLevel.Warning, "Async routing node '{Node}' dropped {Count} event(s) since its last report: {Reasons}.")]
    public static partial void EventsDropped(ILogger logger, string node, long count, string reasons);

    [LoggerMessage(5, LogLevel.Warning, "Backend '{Backend}' under async routing node '{Node}' failed to take {Count} event(s); retrying with backoff.")]
    public static partial void ChildFailing(ILogger logger, Exception exception, string node, string backend, int count);

    [LoggerMessage(6, LogLevel.Debug, "Backend '{Backend}' under async routing node '{Node}' failed attempt {Attempt} for {Count} event(s).")]
    public static partial void ChildFailedAgain(ILogger logger, Exception exception, string node, string backend, int attempt, int count);

    [LoggerMessage(7, LogLevel.Information, "Backend '{Backend}' under async routing node '{Node}' recovered after {Failures} failed attempt(s).")]
    public static partial void ChildRecovered(ILogger logger, string node, string backend, int failures);

    [LoggerMessage(8, LogLevel.Warning, "Async routing node '{Node}' could not deliver {Undelivered} event(s) within its shutdown timeout of {Timeout}.")]
    public static partial void ShutdownIncomplete(ILogger logger, string node, long undelivered, TimeSpan timeout);

    [LoggerMessage(10, LogLevel.Warning, "Dropped an event: {Problem}. {HeldBack} more events with invalid names were dropped since the last warning.")]
    public static partial void InvalidNameDropped(ILogger logger, string problem, long heldBack);

    [LoggerMessage(9, LogLevel.Error, "Async routing node '{Node}' hit an unexpected fault in its worker; it carries on.")]
    public static partial void WorkerFaulted(ILogger logger, Exception exception, string node);
}
