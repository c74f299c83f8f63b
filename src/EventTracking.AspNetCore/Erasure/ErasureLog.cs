using Microsoft.Extensions.Logging;

namespace EventTracking.AspNetCore;

/// <summary>The erasure endpoint's log messages. They never contain the user id: it is the very data being erased.</summary>
internal static partial class ErasureLog
{
    [LoggerMessage(301, LogLevel.Information, "Erasure by {Caller} removed {Removed} events from {Erased} stores; {CannotErase} stores cannot erase, {Failed} failed.")]
    public static partial void Erased(ILogger logger, string caller, long removed, int erased, int cannotErase, int failed);
}
