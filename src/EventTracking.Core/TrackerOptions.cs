using Microsoft.Extensions.Logging;

namespace EventTracking;

/// <summary>Settings of a <see cref="Tracker"/>.</summary>
public sealed class TrackerOptions
{
    /// <summary>
    /// Process-wide context (application, version, host, …) present in every event beneath any frames pushed
    /// with <see cref="Tracker.Context"/>. An anonymous object, a dictionary or key/value pairs.
    /// </summary>
    public object? Context { get; set; }

    /// <summary>Where internal faults are logged. Without one, faults are only counted on the meter.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock that stamps events. Tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
