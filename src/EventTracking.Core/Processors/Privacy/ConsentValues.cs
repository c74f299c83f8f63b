namespace EventTracking;

/// <summary>
/// The documented way to record consent on events: the context key <c>consent</c>, whose value <c>false</c> or
/// <c>"denied"</c> marks the user as opted out (<c>true</c> or <c>"granted"</c> as consenting). The ASP.NET Core
/// middleware sets it from a cookie or claim; any code can set it with
/// <c>tracker.Context("consent", new { consent = "denied" })</c>.
/// </summary>
public static class ConsentValues
{
    /// <summary>The context key that holds a user's consent: <c>consent</c>.</summary>
    public const string ContextKey = "consent";

    /// <summary>The value written for a user who opted out: <c>denied</c>.</summary>
    public const string Denied = "denied";

    /// <summary>The value written for a user who consented: <c>granted</c>.</summary>
    public const string Granted = "granted";

    private static readonly HashSet<string> DeniedTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        Denied, "false", "no", "0", "off", "opted_out", "opt_out", "optout", "withdrawn", "rejected",
    };

    private static readonly HashSet<string> GrantedTexts = new(StringComparer.OrdinalIgnoreCase)
    {
        Granted, "true", "yes", "1", "on", "opted_in", "opt_in", "optin", "accepted",
    };

    /// <summary>
    /// Reads a recorded consent value: booleans, 0/1, and (ignoring case and surrounding space) <c>denied</c>,
    /// <c>false</c>, <c>no</c>, <c>0</c>, <c>off</c>, <c>opted_out</c>, <c>opt_out</c>, <c>optout</c>,
    /// <c>withdrawn</c>, <c>rejected</c> for an opt-out; <c>granted</c>, <c>true</c>, <c>yes</c>, <c>1</c>, <c>on</c>,
    /// <c>opted_in</c>, <c>opt_in</c>, <c>optin</c>, <c>accepted</c> for consent. Anything else is unknown.
    /// </summary>
    /// <param name="value">The value, as found in a context, a cookie or a claim.</param>
    /// <returns>The consent it records.</returns>
    public static ConsentState Parse(object? value) => value switch
    {
        bool b => b ? ConsentState.Granted : ConsentState.Denied,
        int i when i is 0 or 1 => i == 1 ? ConsentState.Granted : ConsentState.Denied,
        long l when l is 0 or 1 => l == 1 ? ConsentState.Granted : ConsentState.Denied,
        string s when DeniedTexts.Contains(s.Trim()) => ConsentState.Denied,
        string s when GrantedTexts.Contains(s.Trim()) => ConsentState.Granted,
        _ => ConsentState.Unknown,
    };
}
