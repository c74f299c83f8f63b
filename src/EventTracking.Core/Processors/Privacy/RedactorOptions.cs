namespace EventTracking;

/// <summary>Settings of a <see cref="Redactor"/>; in configuration, the <c>Options</c> of a processor of type <c>Redact</c>.</summary>
/// <example>
/// <code>
/// new Redactor(new RedactorOptions
/// {
///     Secret = secretFromVault,
///     Rules =
///     {
///         RedactionRule.ForPath("context.user_id", RedactionAction.Hash),
///         RedactionRule.ForPath("context.ip", RedactionAction.TruncateIp),
///         RedactionRule.ForField("password", RedactionAction.Drop),
///     },
/// });
/// </code>
/// </example>
public sealed class RedactorOptions
{
    /// <summary>The rules, applied to every event's context and data.</summary>
    public List<RedactionRule> Rules { get; set; } = [];

    /// <summary>
    /// The key of <see cref="RedactionAction.Hash"/>: at least 16 bytes of UTF-8, kept out of source control. Required
    /// when a rule hashes. Give the same secret to erasure so hashed ids can be found again.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>What <see cref="RedactionAction.Mask"/> writes. Default <c>***</c>.</summary>
    public string Mask { get; set; } = "***";

    /// <summary>Bits <see cref="RedactionAction.TruncateIp"/> keeps of an IPv4 address, 0 to 32. Default 24.</summary>
    public int IPv4PrefixLength { get; set; } = IpAddressTruncation.DefaultIPv4PrefixLength;

    /// <summary>Bits <see cref="RedactionAction.TruncateIp"/> keeps of an IPv6 address, 0 to 128. Default 48.</summary>
    public int IPv6PrefixLength { get; set; } = IpAddressTruncation.DefaultIPv6PrefixLength;
}
