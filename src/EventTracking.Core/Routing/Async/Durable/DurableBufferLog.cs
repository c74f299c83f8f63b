using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The durable buffer's log messages, generated at compile time.</summary>
internal static partial class DurableBufferLog
{
    [LoggerMessage(40, LogLevel.Warning, "Async routing node '{Node}' found a torn or damaged tail of {Records} record(s) in its durable buffer at start and cut it off (counted as corrupt per child, with any other record missing at the end).")]
    public static partial void TornTail(ILogger logger, string node, long records);

    [LoggerMessage(41, LogLevel.Error, "Async routing node '{Node}' could not write {Count} event(s) to its durable buffer (counted as buffer_full); it tries again with the next events.")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string node, int count);

    [LoggerMessage(42, LogLevel.Warning, "Async routing node '{Node}' stopped with {Count} event(s) for backend '{Backend}' still in its durable buffer; they are delivered after the next start.")]
    public static partial void LeftInBuffer(ILogger logger, string node, string backend, long count);

    [LoggerMessage(43, LogLevel.Warning, "Async routing node '{Node}' skipped {Count} damaged record(s) in its durable buffer for backend '{Backend}' (counted as corrupt).")]
    public static partial void CorruptSkipped(ILogger logger, string node, string backend, long count);

    [LoggerMessage(44, LogLevel.Error, "Async routing node '{Node}' could not save the position of backend '{Backend}' in its durable buffer; it may take some events again after a restart.")]
    public static partial void PositionNotSaved(ILogger logger, Exception exception, string node, string backend);

    [LoggerMessage(45, LogLevel.Error, "Async routing node '{Node}' cannot read '{File}' in its durable buffer ({Reason}); what it cannot read there is skipped (counted as corrupt for each backend that had not taken it) and everything else is delivered.")]
    public static partial void FileUnreadable(ILogger logger, string node, string file, string reason);
}
