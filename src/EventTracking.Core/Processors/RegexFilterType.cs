namespace EventTracking;

/// <summary>What a <see cref="RegexFilter"/> does with the events whose names match.</summary>
public enum RegexFilterType
{
    /// <summary>Only events whose names match one of the patterns pass.</summary>
    Allowlist,

    /// <summary>Events whose names match one of the patterns are dropped.</summary>
    Blocklist,
}
