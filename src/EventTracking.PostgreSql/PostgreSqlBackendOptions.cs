using System.Text.RegularExpressions;

namespace EventTracking;

/// <summary>Settings of a <see cref="PostgreSqlBackend"/>.</summary>
public sealed partial class PostgreSqlBackendOptions
{
    /// <summary>
    /// The Npgsql connection string, such as <c>Host=db;Database=events;Username=tracker;Password=…</c>. Required.
    /// URIs of the form <c>postgresql://user:password@host:port/database</c> are accepted too.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The table that holds events, created with its indexes when missing. Lower-case letters, digits and underscores,
    /// starting with a letter or underscore, at most 40 characters (partition names add a suffix), because it is written
    /// into SQL. <c>events</c> unless told otherwise.
    /// </summary>
    public string Table { get; set; } = "events";

    /// <summary>
    /// The schema of <see cref="Table"/>; <see langword="null"/> for the connection's search path (usually <c>public</c>).
    /// Same rules as <see cref="Table"/>.
    /// </summary>
    public string? Schema { get; set; }

    /// <summary>Whether and how the table is partitioned by event time. Only takes effect when the table is created.</summary>
    public PostgreSqlPartitioning Partitioning { get; set; } = PostgreSqlPartitioning.None;

    /// <summary>
    /// The column type of <c>context</c> and <c>data</c>: <see cref="PostgreSqlJsonType.Jsonb"/> unless told otherwise.
    /// Only takes effect when the table is created; an existing table is written with the type its columns have.
    /// </summary>
    public PostgreSqlJsonType JsonType { get; set; } = PostgreSqlJsonType.Jsonb;

    /// <summary>How long one statement (the COPY, the INSERT, a query) may run. 30 seconds unless told otherwise.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new ArgumentException("PostgreSqlBackendOptions.ConnectionString must name a PostgreSQL server.", nameof(ConnectionString));
        }

        ValidateIdentifier(Table, nameof(Table));
        if (Schema is not null)
        {
            ValidateIdentifier(Schema, nameof(Schema));
        }

        if (!Enum.IsDefined(Partitioning))
        {
            throw new ArgumentException($"PostgreSqlBackendOptions.Partitioning has no value {(int)Partitioning}.", nameof(Partitioning));
        }

        if (!Enum.IsDefined(JsonType))
        {
            throw new ArgumentException($"PostgreSqlBackendOptions.JsonType has no value {(int)JsonType}; use Jsonb or Json.", nameof(JsonType));
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1) || CommandTimeout.TotalSeconds > int.MaxValue)
        {
            throw new ArgumentException($"PostgreSqlBackendOptions.CommandTimeout must be at least one second, not {CommandTimeout}.", nameof(CommandTimeout));
        }
    }

    /// <summary>A copy, so later changes to these options do not reach a backend already built from them.</summary>
    internal PostgreSqlBackendOptions Clone() => (PostgreSqlBackendOptions)MemberwiseClone();

    private static void ValidateIdentifier(string? value, string name)
    {
        if (value is null || !IdentifierPattern().IsMatch(value))
        {
            var shown = value is null ? "null" : $"'{Truncate(value)}'";
            throw new ArgumentException(
                $"PostgreSqlBackendOptions.{name} must be 1 to 40 lower-case letters, digits or underscores starting with a letter or underscore, not {shown}.",
                name);
        }
    }

    // The value may be untrusted configuration text: show a short, printable prefix only.
    private static string Truncate(string value)
    {
        var shown = new string(value.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return value.Length > 40 ? shown + "…" : shown;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
