namespace EventTracking;

/// <summary>What a <see cref="Redactor"/> does to a field one of its rules names.</summary>
public enum RedactionAction
{
    /// <summary>Removes the field.</summary>
    Drop,

    /// <summary>Replaces the value with <see cref="RedactorOptions.Mask"/> (a null value stays null).</summary>
    Mask,

    /// <summary>
    /// Replaces the value with its keyed hash (<see cref="KeyedHash"/>: HMAC-SHA256 under
    /// <see cref="RedactorOptions.Secret"/>), so the same value stays joinable without being readable.
    /// </summary>
    Hash,

    /// <summary>
    /// Cuts an IP address (or a comma-separated list of them) to its /24 (IPv4) or /48 (IPv6); a value that is not an
    /// address is removed, so nothing passes unredacted.
    /// </summary>
    TruncateIp,
}
