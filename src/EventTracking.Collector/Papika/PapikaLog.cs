using Microsoft.Extensions.Logging;

namespace EventTracking.Collector;

/// <summary>The Papika surface's own log messages, in the collector's category; the rest go through <see cref="CollectorLog"/>.</summary>
internal static partial class PapikaLog
{
    [LoggerMessage(261, LogLevel.Warning, "The papika store at {Path} could not be read or written; answered 503 so the client retries.")]
    public static partial void StoreFailed(ILogger logger, Exception exception, string path);
}
