using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The MongoDB backend's log messages.</summary>
internal static class MongoLog
{
    private static readonly Action<ILogger, string, Guid, Exception?> UnmappableMessage = LoggerMessage.Define<string, Guid>(
        LogLevel.Error,
        new EventId(101, "MongoEventUnmappable"),
        "Event '{EventName}' ({EventId}) cannot be stored in MongoDB and is dropped; the rest of its batch is stored.");

    private static readonly Action<ILogger, int, int, int, int, string, Exception?> RetryingMessage = LoggerMessage.Define<int, int, int, int, string>(
        LogLevel.Warning,
        new EventId(102, "MongoPartialFailure"),
        "MongoDB refused {Failed} of {Total} documents; inserting them again (attempt {Attempt} of {MaxAttempts}). First error: {Error}");

    private static readonly Action<ILogger, string, Exception?> IndexConflictMessage = LoggerMessage.Define<string>(
        LogLevel.Warning,
        new EventId(103, "MongoIndexConflict"),
        "An index on MongoDB collection '{Collection}' already exists with other options; it is left as it is and events are still stored.");

    public static void Unmappable(ILogger logger, EventMappingException exception) =>
        UnmappableMessage(logger, LogText.Escape(exception.EventName), exception.EventId, exception);

    public static void Retrying(ILogger logger, int failed, int total, int attempt, int maxAttempts, string error) =>
        RetryingMessage(logger, failed, total, attempt, maxAttempts, LogText.Escape(error), null);

    public static void IndexConflict(ILogger logger, string collection, Exception exception) =>
        IndexConflictMessage(logger, collection, exception);
}
