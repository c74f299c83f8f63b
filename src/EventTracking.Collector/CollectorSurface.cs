namespace EventTracking.Collector;

/// <summary>The names of the collector's surfaces, as keys of <see cref="EventCollectorOptions.SurfaceRateLimits"/>.</summary>
public static class CollectorSurface
{
    /// <summary>The native route, <c>MapEventCollector</c>.</summary>
    public const string Native = "Native";

    /// <summary>The Pycolytics routes, <c>MapPycolytics</c>.</summary>
    public const string Pycolytics = "Pycolytics";

    /// <summary>The Attolytics route, <c>MapAttolytics</c>.</summary>
    public const string Attolytics = "Attolytics";

    /// <summary>The Microticks routes, <c>MapMicroticks</c>.</summary>
    public const string Microticks = "Microticks";

    /// <summary>The Papika routes, <c>MapPapika</c>.</summary>
    public const string Papika = "Papika";

    /// <summary>Every surface name.</summary>
    public static IReadOnlyList<string> All { get; } = [Native, Pycolytics, Attolytics, Microticks, Papika];
}
