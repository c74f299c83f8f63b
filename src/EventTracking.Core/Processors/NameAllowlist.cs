using System.Collections.Frozen;

namespace EventTracking;

/// <summary>Lets through only events whose names are in a fixed set (edX's <c>NameWhitelistProcessor</c>).</summary>
public sealed class NameAllowlist : IEventProcessor
{
    private readonly FrozenSet<string> _names;

    /// <summary>Creates the allowlist.</summary>
    /// <param name="names">The exact event names to keep; comparison is ordinal.</param>
    public NameAllowlist(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = names.Select(n => n ?? throw new ArgumentException("A NameAllowlist name is null.", nameof(names)))
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The names that pass.</summary>
    public IReadOnlySet<string> Names => _names;

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt) => _names.Contains(evt.Name) ? evt : null;
}
