namespace EventTracking.Collector;

/// <summary>
/// Settings of the Microticks surface (<c>MapMicroticks</c>): where its consumers, sessions and events live, and its
/// read routes. Bound from the <c>Microticks</c> configuration section by <c>services.AddMicroticks(…)</c> and
/// validated when the host starts. The collector's limits, rate limits and <c>Retry-After</c>
/// (<see cref="EventCollectorOptions"/>) apply to it as to every surface.
/// </summary>
public sealed class MicroticksOptions
{
    /// <summary>
    /// The SQLite file that holds the Microticks tables (<c>microticks_consumers</c>, <c>microticks_sessions</c>,
    /// <c>microticks_events</c>) and whose event table the read routes query. It must be the file of the SQLite store
    /// the Microticks events are routed to. <see langword="null"/> (the default): the one <see cref="SqliteBackend"/> in
    /// the tracker's routing tree; the host refuses to start when there is none or more than one.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>
    /// The table of <see cref="Database"/> that the SQLite store writes events to; <c>events</c> when not set. Only
    /// with <see cref="Database"/>: without it, the table of the store found in the tree is used.
    /// </summary>
    public string? EventsTable { get; set; }

    /// <summary>
    /// The key the read routes (<c>GET /events</c>, <c>GET /sessions</c>) require in their <c>key</c> query parameter.
    /// When the host starts it is replaced by its SHA-256 hash and this property is cleared.
    /// </summary>
    public string? ReadKey { get; set; }

    /// <summary>
    /// Let anyone use the read routes when no <see cref="ReadKey"/> is set, as the original server did. Default
    /// <see langword="false"/>: without a read key the read routes answer 404.
    /// </summary>
    public bool AllowAnonymousReads { get; set; }

    /// <summary>The most rows a read route returns, whatever <c>limit</c> asks for; also the default limit. Default 1000.</summary>
    public int MaxReadLimit { get; set; } = 1000;

    /// <summary>The SHA-256 hash of <see cref="ReadKey"/>, set when the options are configured.</summary>
    internal byte[]? ReadKeyHash { get; set; }

    /// <summary>The configuration path these options were bound from, for error messages.</summary>
    internal string SectionPath { get; set; } = MicroticksOptionsSetup.DefaultSection;
}
