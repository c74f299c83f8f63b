namespace EventTracking;

/// <summary>A processor made from a function, so a lambda can sit in a processor chain.</summary>
/// <example><code>router.RegisterProcessor(new DelegateProcessor(e => e with { Name = e.Name.ToLowerInvariant() }));</code></example>
public sealed class DelegateProcessor : IEventProcessor
{
    private readonly Func<TrackingEvent, TrackingEvent?> _process;

    /// <summary>Wraps <paramref name="process"/>.</summary>
    /// <param name="process">Returns the event to pass on, or <see langword="null"/> to drop it.</param>
    public DelegateProcessor(Func<TrackingEvent, TrackingEvent?> process)
    {
        _process = process ?? throw new ArgumentNullException(nameof(process));
    }

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt) => _process(evt);

    /// <summary>Converts a function into a processor.</summary>
    /// <param name="process">Returns the event to pass on, or <see langword="null"/> to drop it.</param>
    public static implicit operator DelegateProcessor(Func<TrackingEvent, TrackingEvent?> process) => new(process);
}
