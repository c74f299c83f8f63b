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

    /// <summary>
    /// Whether each event emitted inside an <see cref="System.Diagnostics.Activity"/> carries its W3C <c>trace_id</c> and
    /// <c>span_id</c> in its context (over any frame's keys of those names). Default <see langword="true"/>. Events
    /// delivered with <see cref="Tracker.DeliverAsync"/> keep their own context and get none.
    /// </summary>
    public bool CaptureTraceContext { get; set; } = true;

    /// <summary>The clock that stamps events. Tests substitute a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Stores outside the routing tree that keep data about users under the same ids (such as the collector's Papika
    /// tables), by the name the erasure report gives them; asked for at each
    /// <see cref="EventErasure.EraseUserAsync(ITracker, string, UserErasureOptions?, CancellationToken)"/>, which erases
    /// them after the tree's stores. <c>AddEventTracking</c> fills it from <c>AddEventTrackingErasableStore</c>. Default none.
    /// </summary>
    public Func<IReadOnlyDictionary<string, IErasableStore>>? ErasableStores { get; set; }
}
