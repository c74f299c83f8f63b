namespace EventTracking;

/// <summary>The <c>"Type": "PostgreSql"</c> entry of the configuration tree.</summary>
internal static class PostgreSqlBackendType
{
    /// <summary>The type name a configuration node uses.</summary>
    public const string TypeName = "PostgreSql";

    /// <summary>
    /// Builds the backend from options bound from the node's <c>Options</c> section (<c>ConnectionString</c>,
    /// <c>Table</c>, <c>Schema</c>, <c>Partitioning</c>, <c>CommandTimeout</c>). An invalid value throws an
    /// <see cref="ArgumentException"/> whose parameter name is the option's key, which the binder turns into its path.
    /// </summary>
    public static PostgreSqlBackend Create(PostgreSqlBackendOptions options) => new(options);
}
