namespace EventTracking;

/// <summary>Settings of a <see cref="SqliteBackend"/> and a <see cref="SqliteEventReader"/>.</summary>
public sealed class SqliteBackendOptions
{
    /// <summary>The database file. Relative paths resolve against the current directory; a missing folder is created.</summary>
    public string Path { get; set; } = "events.db";

    /// <summary>
    /// The table that holds events. Letters, digits and underscores only, starting with a letter or underscore,
    /// because it is written into SQL; names starting with <c>sqlite_</c> are reserved by SQLite.
    /// </summary>
    public string TableName { get; set; } = "events";

    /// <summary>Durability of a committed batch; <see cref="SqliteSynchronous.Normal"/> unless told otherwise.</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>
    /// How long a write (or a read) waits for another connection or process that holds the database lock before it
    /// fails with <c>SQLITE_BUSY</c>. Five seconds unless told otherwise.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The top-level context key whose distinct values the backend keeps per day in its summary of users, so
    /// <see cref="SqliteEventReader.CountDistinctUsersAsync"/> answers from the summary for this key (other keys are
    /// counted from the events). <c>user_id</c> unless told otherwise; changing it rebuilds the summary on next open.
    /// </summary>
    public string UserKey { get; set; } = "user_id";

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("SqliteBackendOptions.Path must name a database file.", nameof(Path));
        }

        SqliteSchema.ValidateTableName(TableName);

        if (!Enum.IsDefined(Synchronous))
        {
            throw new ArgumentException($"SqliteBackendOptions.Synchronous has no value {(int)Synchronous}.", nameof(Synchronous));
        }

        if (string.IsNullOrEmpty(UserKey) || UserKey.Length > 200 || UserKey.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException($"SqliteBackendOptions.UserKey '{UserKey}' must be 1 to 200 characters without a double quote.", nameof(UserKey));
        }

        if (BusyTimeout < TimeSpan.Zero || BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"SqliteBackendOptions.BusyTimeout must be between zero and {int.MaxValue} ms, not {BusyTimeout}.", nameof(BusyTimeout));
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a backend already built from them.</summary>
    internal SqliteBackendOptions Clone() => (SqliteBackendOptions)MemberwiseClone();
}
