namespace EventTracking.Reading;

/// <summary>What <see cref="IEventReader.CountDistinctUsersAsync"/> counts: distinct values of a context key per UTC day.</summary>
public sealed record DistinctUsersQuery
{
    /// <summary>The context key that names the user unless told otherwise.</summary>
    public const string DefaultUserKey = "user_id";

    /// <summary>Which events; every event unless told otherwise.</summary>
    public EventFilter Filter { get; init; } = EventFilter.All;

    /// <summary>The top-level context key whose distinct values are the users; <c>user_id</c> unless told otherwise.</summary>
    public string UserKey { get; init; } = DefaultUserKey;

    /// <summary>Checks the filter and the key.</summary>
    /// <exception cref="ArgumentException">A value is invalid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Filter, "DistinctUsersQuery.Filter");
        Filter.Validate();
        if (string.IsNullOrEmpty(UserKey) || UserKey.Length > 200 || UserKey.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"DistinctUsersQuery.UserKey '{UserKey}' is not usable: it must be 1 to 200 characters without a double quote.", nameof(UserKey));
        }
    }
}
