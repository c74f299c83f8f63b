namespace EventTracking;

/// <summary>Which stored events to read back: a name, a time range and how many, newest first.</summary>
/// <example><c>new EventQuery { Name = "navigation.request", From = DateTimeOffset.UtcNow.AddHours(-1), Limit = 50 }</c></example>
public sealed record EventQuery
{
    /// <summary>Only events with exactly this name; <see langword="null"/> for every name.</summary>
    public string? Name { get; init; }

    /// <summary>Only events at or after this instant; <see langword="null"/> for no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only events strictly before this instant; <see langword="null"/> for no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The most events to return, newest first. 100 unless told otherwise; must be positive.</summary>
    public int Limit { get; init; } = 100;
}
