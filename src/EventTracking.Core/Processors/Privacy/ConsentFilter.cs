namespace EventTracking;

/// <summary>
/// Drops the events of users who opted out of tracking, on the branch of the routing tree it sits on. Consent comes
/// from an <see cref="IConsentResolver"/> when one is given, else from the event's <c>consent</c> context value (see
/// <see cref="ConsentValues"/>). Dropped events are counted on <c>eventtracking.events.dropped</c> with reason
/// <c>consent</c>. In configuration: a processor of type <c>Consent</c>.
/// </summary>
/// <remarks>
/// Put it on the branches that must honour an opt-out (analytics, forwarding) and leave it off those that must keep
/// every event whatever the user chose (a security audit log). Because the request's context flows into tasks started
/// inside the request, their events carry the same consent and are dropped alike.
/// </remarks>
public sealed class ConsentFilter : IEventProcessor, IDropReasonProcessor, IFailClosedProcessor
{
    /// <summary>The <c>reason</c> tag of the events this filter drops: <c>consent</c>.</summary>
    public const string DropReasonTag = "consent";

    private readonly string _contextKey;
    private readonly bool _requireConsent;
    private readonly IConsentResolver? _resolver;

    /// <summary>Creates the filter.</summary>
    /// <param name="options">The settings; <see langword="null"/> for the defaults (drop events whose <c>consent</c> is denied).</param>
    /// <exception cref="ArgumentException"><see cref="ConsentFilterOptions.ContextKey"/> is empty.</exception>
    public ConsentFilter(ConsentFilterOptions? options = null)
    {
        options ??= new ConsentFilterOptions();
        if (string.IsNullOrWhiteSpace(options.ContextKey))
        {
            throw new ArgumentException("ConsentFilterOptions.ContextKey is empty; the default is 'consent'.", nameof(options));
        }

        _contextKey = options.ContextKey;
        _requireConsent = options.RequireConsent;
        _resolver = options.Resolver;
    }

    /// <inheritdoc />
    string IDropReasonProcessor.DropReason => DropReasonTag;

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var state = _resolver?.Resolve(evt) ?? ConsentState.Unknown;
        if (state == ConsentState.Unknown && evt.Context.TryGetValue(_contextKey, out var value))
        {
            state = ConsentValues.Parse(value);
        }

        return state == ConsentState.Denied || (_requireConsent && state != ConsentState.Granted) ? null : evt;
    }
}
