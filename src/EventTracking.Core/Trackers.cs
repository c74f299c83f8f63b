using System.Collections.Concurrent;

namespace EventTracking;

/// <summary>
/// The process-wide registry of trackers, like edX's <c>register_tracker</c>, <c>get_tracker</c> and module-level
/// <c>emit</c>: code that cannot take a tracker from DI finds one here by name.
/// </summary>
public static class Trackers
{
    /// <summary>The name used when none is given.</summary>
    public const string DefaultName = "default";

    private static readonly ConcurrentDictionary<string, ITracker> Registered = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="tracker"/> under <paramref name="name"/>, replacing any tracker registered there.</summary>
    /// <param name="tracker">The tracker.</param>
    /// <param name="name">The registry name.</param>
    public static void Register(ITracker tracker, string name = DefaultName)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Registered[name] = tracker;
    }

    /// <summary>Removes the tracker registered under <paramref name="name"/>, if any.</summary>
    /// <param name="name">The registry name.</param>
    /// <returns>Whether a tracker was removed.</returns>
    public static bool Unregister(string name = DefaultName) => Registered.TryRemove(name, out _);

    /// <summary>Returns the tracker registered under <paramref name="name"/>.</summary>
    /// <param name="name">The registry name.</param>
    /// <exception cref="InvalidOperationException">No tracker is registered under that name.</exception>
    public static ITracker Get(string name = DefaultName) =>
        Registered.TryGetValue(name, out var tracker)
            ? tracker
            : throw new InvalidOperationException($"No tracker is registered under the name '{name}'. Call Trackers.Register first.");

    /// <summary>Emits through the default tracker.</summary>
    /// <param name="name">The dotted event name.</param>
    /// <param name="data">The event data.</param>
    /// <exception cref="InvalidOperationException">No default tracker is registered.</exception>
    public static void Emit(string? name, object? data = null) => Get().Emit(name, data);
}
