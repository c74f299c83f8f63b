namespace EventTracking;

/// <summary>
/// Tells a <see cref="ConsentFilter"/> whether the user behind an event consented, from the application's own records
/// (a preferences table, a consent-management platform). Register one in DI to have configured <c>Consent</c>
/// processors use it.
/// </summary>
/// <remarks>Called for every event that reaches the filter, on the emitting thread or a worker: keep it fast (cache
/// lookups) and thread-safe. A resolver that throws is logged and counted, and the event goes on.</remarks>
public interface IConsentResolver
{
    /// <summary>The consent of the user behind <paramref name="evt"/>; <see cref="ConsentState.Unknown"/> lets the
    /// filter fall back to the event's <c>consent</c> context value.</summary>
    /// <param name="evt">The event; its context holds the user id.</param>
    /// <returns>What is known of the user's consent.</returns>
    ConsentState Resolve(TrackingEvent evt);
}
