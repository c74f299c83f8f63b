using System.Globalization;
using System.Text;
using EventTracking.Reading;
using Npgsql;
using NpgsqlTypes;

namespace EventTracking;

/// <summary>Turns an <see cref="EventFilter"/> into a SQL condition with parameters, agreeing with <see cref="EventFilter.Matches"/>.</summary>
internal static class PostgreSqlFilter
{
    /// <summary>Appends <c>WHERE …</c> (or nothing for an empty filter) and adds its parameters to <paramref name="command"/>.</summary>
    /// <param name="sql">The statement being built.</param>
    /// <param name="command">The command that gets the parameters.</param>
    /// <param name="filter">The filter, already validated.</param>
    /// <param name="to">An upper bound that replaces a missing <see cref="EventFilter.To"/>, if any.</param>
    public static void AppendWhere(StringBuilder sql, NpgsqlCommand command, EventFilter filter, DateTimeOffset? to = null)
    {
        var conditions = new List<string>();
        if (filter.Name is { } name)
        {
            conditions.Add("name = @f_name");
            command.Parameters.Add(new NpgsqlParameter("f_name", NpgsqlDbType.Text) { Value = PostgreSqlText.Text(name) });
        }

        if (filter.NamePrefix is { } prefix)
        {
            conditions.Add("starts_with(name, @f_prefix)");
            command.Parameters.Add(new NpgsqlParameter("f_prefix", NpgsqlDbType.Text) { Value = PostgreSqlText.Text(prefix) });
        }

        if (filter.From is { } from)
        {
            conditions.Add("\"timestamp\" >= @f_from");
            command.Parameters.Add(Timestamp("f_from", from));
        }

        if ((filter.To ?? to) is { } upper)
        {
            conditions.Add("\"timestamp\" < @f_to");
            command.Parameters.Add(Timestamp("f_to", upper));
        }

        var i = 0;
        foreach (var (key, value) in filter.Context ?? new Dictionary<string, string>())
        {
            // ->> renders a number or a boolean as its JSON text, which is what the filter compares a string with. The
            // cast makes one test for json and jsonb columns (it only converts the one value looked up).
            var k = "f_ck" + i.ToString(CultureInfo.InvariantCulture);
            var v = "f_cv" + i.ToString(CultureInfo.InvariantCulture);
            conditions.Add($"(jsonb_typeof((context -> @{k})::jsonb) IN ('string', 'number', 'boolean') AND context ->> @{k} = @{v})");
            command.Parameters.Add(new NpgsqlParameter(k, NpgsqlDbType.Text) { Value = PostgreSqlText.Text(key) });
            command.Parameters.Add(new NpgsqlParameter(v, NpgsqlDbType.Text) { Value = PostgreSqlText.Text(value) });
            i++;
        }

        if (conditions.Count > 0)
        {
            sql.Append(" WHERE ").AppendJoin(" AND ", conditions);
        }
    }

    /// <summary>Appends <c>AND</c> or <c>WHERE</c>, whichever continues the statement.</summary>
    public static StringBuilder AndOrWhere(this StringBuilder sql) =>
        sql.Append(sql.ToString().Contains(" WHERE ", StringComparison.Ordinal) ? " AND " : " WHERE ");

    public static NpgsqlParameter Timestamp(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = EventCursorTruncate(value).UtcDateTime };

    // PostgreSQL keeps microseconds, as the cursor does.
    private static DateTimeOffset EventCursorTruncate(DateTimeOffset value) => new EventCursor(value, Guid.Empty).Timestamp;
}
