namespace EventTracking;

/// <summary>The <c>"Type": "RedisStream"</c> entry of the configuration tree.</summary>
internal static class RedisStreamBackendType
{
    /// <summary>The type name a configuration node uses.</summary>
    public const string TypeName = "RedisStream";

    /// <summary>
    /// Builds the backend from options bound from the node's <c>Options</c> section (<c>ConnectionString</c>,
    /// <c>Stream</c>, <c>MaxLength</c>). An invalid value throws an <see cref="ArgumentException"/> whose parameter name
    /// is the option's key, which the binder turns into its path.
    /// </summary>
    public static RedisStreamBackend Create(RedisStreamBackendOptions options) => new(options);
}
