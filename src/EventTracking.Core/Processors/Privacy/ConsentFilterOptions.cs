namespace EventTracking;

/// <summary>Settings of a <see cref="ConsentFilter"/>; in configuration, the <c>Options</c> of a processor of type <c>Consent</c>.</summary>
public sealed class ConsentFilterOptions
{
    /// <summary>The context key read for consent. Default <c>consent</c> (<see cref="ConsentValues.ContextKey"/>).</summary>
    public string ContextKey { get; set; } = ConsentValues.ContextKey;

    /// <summary>
    /// Whether events with no recorded consent are dropped too (opt-in regimes, such as analytics under the GDPR);
    /// by default only users who opted out are dropped.
    /// </summary>
    public bool RequireConsent { get; set; }

    /// <summary>
    /// Asked first, for every event; when it answers <see cref="ConsentState.Unknown"/> the context value decides.
    /// Not bound from configuration: a configured <c>Consent</c> processor uses the <see cref="IConsentResolver"/>
    /// registered in DI.
    /// </summary>
    public IConsentResolver? Resolver { get; set; }
}
