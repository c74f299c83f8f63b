using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace EventTracking.Collector;

/// <summary>
/// The query string of a read route, checked: <c>date</c> (a prefix of the session's <c>started_at</c>),
/// <c>consumer</c> (a consumer id), <c>ip</c>, <c>limit</c>, <c>offset</c>, <c>sort.desc</c> and <c>sort</c>. Sort
/// columns come only from the route's fixed list, so nothing from the query string is ever written into SQL.
/// </summary>
internal sealed record MicroticksReadQuery(
    string? Date,
    object? Consumer,
    string? Ip,
    int Limit,
    long Offset,
    IReadOnlyList<MicroticksSortColumn> Sort)
{
    /// <summary>Reads the query; empty values count as absent, as in the original.</summary>
    /// <param name="query">The request's query string.</param>
    /// <param name="columns">The sortable columns: name in the response to SQL expression.</param>
    /// <param name="maxLimit">The most rows returned; also the limit when none is asked for.</param>
    /// <param name="error">Why the query cannot be answered.</param>
    public static MicroticksReadQuery? Parse(IQueryCollection query, IReadOnlyDictionary<string, string> columns, int maxLimit, out string? error)
    {
        error = null;
        var limit = Count(query, "limit", ref error);
        var offset = Count(query, "offset", ref error);
        var sort = new List<MicroticksSortColumn>();
        foreach (var (parameter, descending) in new[] { ("sort.desc", true), ("sort", false) })
        {
            if (Value(query, parameter) is not { } column)
            {
                continue;
            }

            if (!columns.TryGetValue(column, out var expression))
            {
                error ??= $"Invalid \"{parameter}\": sort by one of {string.Join(", ", columns.Keys)}";
                continue;
            }

            sort.Add(new MicroticksSortColumn(expression, descending));
        }

        if (error is not null)
        {
            return null;
        }

        // A consumer that is not a number matches nothing, as the original's integer comparison did.
        object? consumer = Value(query, "consumer") is { } text
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : text
            : null;
        return new MicroticksReadQuery(
            Value(query, "date"),
            consumer,
            Value(query, "ip"),
            (int)Math.Min(limit ?? maxLimit, maxLimit),
            offset ?? 0,
            sort);
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    private static long? Count(IQueryCollection query, string name, ref string? error)
    {
        if (Value(query, name) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count >= 0)
        {
            return count;
        }

        error ??= $"Invalid \"{name}\": not a whole number of 0 or more";
        return null;
    }
}
