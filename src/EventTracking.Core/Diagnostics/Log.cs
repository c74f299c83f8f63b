using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The library's log messages, generated at compile time.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Error, "Event processor {Processor} threw while processing '{EventName}'; the event goes on unchanged.")]
    public static partial void ProcessorFailed(ILogger logger, Exception exception, string processor, string eventName);

    [LoggerMessage(2, LogLevel.Error, "Event backend '{Backend}' threw while receiving '{EventName}'; its siblings still receive it.")]
    public static partial void BackendFailed(ILogger logger, Exception exception, string backend, string eventName);

    [LoggerMessage(3, LogLevel.Error, "Emitting '{EventName}' failed.")]
    public static partial void EmitFailed(ILogger logger, Exception exception, string eventName);
}
