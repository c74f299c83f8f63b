using Microsoft.Extensions.Logging;

namespace EventTracking.Collector;

/// <summary>
/// The Microticks surface's own log message; refusals and deliveries are logged with the collector's messages
/// (<see cref="CollectorLog"/>), under the same category.
/// </summary>
internal static partial class MicroticksLog
{
    [LoggerMessage(301, LogLevel.Warning, "The microticks collector could not use its SQLite file for {Method} {Path}; answered 503.")]
    public static partial void DatabaseFailed(ILogger logger, Exception exception, string method, string path);
}
