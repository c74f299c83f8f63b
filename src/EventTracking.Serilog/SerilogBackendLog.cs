using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>The <see cref="SerilogBackend"/>'s own log messages, generated at compile time.</summary>
internal static partial class SerilogBackendLog
{
    [LoggerMessage(101, LogLevel.Warning,
        "Dropped tracking event '{EventName}' ({Size} bytes of JSON): it is larger than SerilogBackendOptions.MaxEventSize ({MaxEventSize} bytes). {Suppressed} more over-size events were dropped since the last warning.")]
    public static partial void EventTooLarge(ILogger logger, string eventName, int size, int maxEventSize, long suppressed);
}
