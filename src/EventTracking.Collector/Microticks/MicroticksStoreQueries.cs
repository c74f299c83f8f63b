using System.Text;

namespace EventTracking.Collector;

/// <summary>
/// The SQL of the read routes, over the event store's table. Microticks events are those whose context says
/// <c>collector_surface = 'microticks'</c>; a session is its <c>microticks.session.start</c> event (number, consumer,
/// <c>ts</c>, address), its <c>microticks.session.stop</c> event and its <c>click</c> actions.
/// </summary>
/// <remarks>
/// The table name is a validated identifier; every value is a parameter; ORDER BY terms come only from
/// <see cref="EventColumns"/> and <see cref="SessionColumns"/>. The JSON fields are read with <c>json_extract</c>,
/// which scans the Microticks events of the table: fine for the volumes a touch table produces.
/// </remarks>
internal static class MicroticksStoreQueries
{
    /// <summary>Sortable columns of <c>GET /events</c>, by their name in the response.</summary>
    public static readonly IReadOnlyDictionary<string, string> EventColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["action"] = "e.name",
        ["data"] = "e.data",
        ["id"] = "id",
        ["session_id"] = "session_id",
        ["time"] = "time",
    };

    /// <summary>Sortable columns of <c>GET /sessions</c>, by their name in the response.</summary>
    public static readonly IReadOnlyDictionary<string, string> SessionColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["clicks"] = "COALESCE(c.clicks, 0)",
        ["consumer_id"] = "s.consumer_id",
        ["id"] = "s.id",
        ["last_action"] = "c.last_action",
        ["started_at"] = "s.started_at",
        ["stopped_at"] = "p.stopped_at",
    };

    public const string TableExists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $table;";

    /// <summary>Columns: action, data, data format, id, session_id, time.</summary>
    public static string Events(string table, MicroticksReadQuery query)
    {
        var sql = new StringBuilder(
            $"""
            SELECT e.name, e.data, json_extract(e.context, '$.{MicroticksEvents.DataFormatField}'),
                   json_extract(e.context, '$.{MicroticksEvents.EventNumberField}') AS id,
                   json_extract(e.context, '$.{MicroticksEvents.SessionIdField}') AS session_id,
                   json_extract(e.context, '$.{MicroticksEvents.TsField}') AS time
            FROM "{table}" AS e
            WHERE json_extract(e.context, '$.{CollectorFields.SurfaceField}') = $surface
              AND json_extract(e.context, '$.{MicroticksEvents.EventNumberField}') IS NOT NULL
            """);
        if (HasSessionFilters(query))
        {
            sql.Append($"\n  AND json_extract(e.context, '$.{MicroticksEvents.SessionIdField}') IN (SELECT s.id FROM {Starts(table)} AS s WHERE ");
            AppendSessionFilters(sql, query);
            sql.Append(')');
        }

        return Finish(sql, query, "id");
    }

    /// <summary>Columns: clicks, consumer_id, id, last_action, started_at, stopped_at.</summary>
    public static string Sessions(string table, MicroticksReadQuery query)
    {
        var sql = new StringBuilder(
            $"""
            SELECT COALESCE(c.clicks, 0), s.consumer_id, s.id, c.last_action, s.started_at, p.stopped_at
            FROM {Starts(table)} AS s
            LEFT JOIN (
                SELECT json_extract(context, '$.{MicroticksEvents.SessionIdField}') AS id,
                       MIN(json_extract(context, '$.{MicroticksEvents.TsField}')) AS stopped_at
                FROM "{table}"
                WHERE name = $stop AND json_extract(context, '$.{CollectorFields.SurfaceField}') = $surface
                GROUP BY 1) AS p ON p.id = s.id
            LEFT JOIN (
                SELECT json_extract(context, '$.{MicroticksEvents.SessionIdField}') AS id, COUNT(*) AS clicks,
                       MAX(json_extract(context, '$.{MicroticksEvents.TsField}')) AS last_action
                FROM "{table}"
                WHERE name = 'click' AND json_extract(context, '$.{CollectorFields.SurfaceField}') = $surface
                  AND json_extract(context, '$.{MicroticksEvents.EventNumberField}') IS NOT NULL
                GROUP BY 1) AS c ON c.id = s.id
            """);
        if (HasSessionFilters(query))
        {
            sql.Append("\nWHERE ");
            AppendSessionFilters(sql, query);
        }

        return Finish(sql, query, "s.id");
    }

    private static string Starts(string table) =>
        $"""
        (SELECT json_extract(context, '$.{MicroticksEvents.SessionIdField}') AS id,
                json_extract(context, '$.{MicroticksEvents.ConsumerIdField}') AS consumer_id,
                json_extract(context, '$.{MicroticksEvents.TsField}') AS started_at,
                json_extract(context, '$.{CollectorFields.ClientIpField}') AS ip
         FROM "{table}"
         WHERE name = $start AND json_extract(context, '$.{CollectorFields.SurfaceField}') = $surface)
        """;

    private static bool HasSessionFilters(MicroticksReadQuery query) => query.Date is not null || query.Consumer is not null || query.Ip is not null;

    private static void AppendSessionFilters(StringBuilder sql, MicroticksReadQuery query)
    {
        var terms = new List<string>();
        if (query.Date is not null)
        {
            terms.Add("substr(s.started_at, 1, length($date)) = $date");
        }

        if (query.Consumer is not null)
        {
            terms.Add("s.consumer_id = $consumer");
        }

        if (query.Ip is not null)
        {
            terms.Add("s.ip = $ip");
        }

        sql.AppendJoin(" AND ", terms);
    }

    private static string Finish(StringBuilder sql, MicroticksReadQuery query, string idColumn)
    {
        sql.Append("\nORDER BY ");
        foreach (var column in query.Sort)
        {
            sql.Append(column.Sql).Append(", ");
        }

        return sql.Append(idColumn).Append(" ASC\nLIMIT $limit OFFSET $offset;").ToString();
    }
}
