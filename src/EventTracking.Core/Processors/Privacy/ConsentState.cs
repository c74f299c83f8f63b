namespace EventTracking;

/// <summary>What is known of a user's consent to tracking.</summary>
public enum ConsentState
{
    /// <summary>Nothing recorded.</summary>
    Unknown,

    /// <summary>The user agreed to be tracked.</summary>
    Granted,

    /// <summary>The user opted out, or withdrew consent.</summary>
    Denied,
}
