using System.Globalization;
using System.Text;
using EventTracking.Reading;
using Microsoft.Data.Sqlite;

namespace EventTracking;

/// <summary>Turns an <see cref="EventFilter"/> into SQL conditions over the events table, every value a parameter.</summary>
/// <remarks>
/// A name prefix becomes <c>GLOB 'prefix*'</c> (its wildcards escaped), which SQLite answers from the
/// (name, timestamp, id) index as a range, byte-wise and case-sensitive like <see cref="string.StartsWith(string, StringComparison)"/>
/// with <see cref="StringComparison.Ordinal"/>. Timestamps compare as canonical text, which sorts in time order.
/// </remarks>
internal static class SqliteFilterSql
{
    /// <summary>The conditions joined with AND, starting with <c>WHERE</c>; empty when there are none.</summary>
    /// <param name="command">Receives the parameters.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="namesOnly">Only the name conditions (for the summary tables, which have a <c>name</c> column).</param>
    /// <param name="extra">More conditions, already SQL.</param>
    public static string Where(SqliteCommand command, EventFilter filter, bool namesOnly = false, params string[] extra)
    {
        var conditions = new List<string>(extra);
        if (filter.Name is { } name)
        {
            conditions.Add("name = $f_name");
            command.Parameters.AddWithValue("$f_name", name);
        }

        if (filter.NamePrefix is { } prefix)
        {
            conditions.Add("name GLOB $f_prefix");
            command.Parameters.AddWithValue("$f_prefix", GlobPrefix(prefix));
        }

        if (!namesOnly)
        {
            AddTimeAndContext(command, filter, conditions);
        }

        return conditions.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", conditions);
    }

    /// <summary>Whether the filter has conditions beyond names, which the summary tables cannot answer.</summary>
    public static bool HasContext(EventFilter filter) => filter.Context is { Count: > 0 };

    public static string GlobPrefix(string prefix)
    {
        var glob = new StringBuilder(prefix.Length + 4);
        foreach (var c in prefix)
        {
            _ = c is '*' or '?' or '[' ? glob.Append('[').Append(c).Append(']') : glob.Append(c);
        }

        return glob.Append('*').ToString();
    }

    private static void AddTimeAndContext(SqliteCommand command, EventFilter filter, List<string> conditions)
    {
        if (filter.From is { } from)
        {
            conditions.Add("timestamp >= $f_from");
            command.Parameters.AddWithValue("$f_from", EventJson.FormatTimestamp(from));
        }

        if (filter.To is { } to)
        {
            conditions.Add("timestamp < $f_to");
            command.Parameters.AddWithValue("$f_to", EventJson.FormatTimestamp(to));
        }

        if (filter.Context is null)
        {
            return;
        }

        var i = 0;
        foreach (var (key, value) in filter.Context)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$f_cpath{i}");
            var parameter = string.Create(CultureInfo.InvariantCulture, $"$f_cvalue{i}");
            conditions.Add($"{SqliteRollups.ContextText(path)} = {parameter}");
            command.Parameters.AddWithValue(path, SqliteRollups.KeyPath(key));
            command.Parameters.AddWithValue(parameter, value);
            i++;
        }
    }
}
