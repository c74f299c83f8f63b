namespace EventTracking;

/// <summary>How a <see cref="PostgreSqlBackend"/> splits its table by event time.</summary>
public enum PostgreSqlPartitioning
{
    /// <summary>One plain table keyed on the event id.</summary>
    None = 0,

    /// <summary>A table partitioned by range of <c>timestamp</c>, one partition per calendar month (UTC), created on demand.</summary>
    Monthly = 1,

    /// <summary>A table partitioned by range of <c>timestamp</c>, one partition per calendar day (UTC), created on demand.</summary>
    Daily = 2,
}
